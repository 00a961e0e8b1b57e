#pragma once

#include "../probe/conversationscript.h"
#include "agent.h"

#include <QHash>

namespace rasachat {

// rasa-mock --bot script FILE: the conversation script that rasa-probe test checks, read the other way
// round. Each user step (or button click) becomes a rule; the bot steps after it become the answer:
// `text`/`contains` as text, `buttons` with their `payloads` (the title when none is given), `image`,
// `card` as a carousel element, `custom` as a custom payload, `attachment` as a file attachment.
// Text matches exactly (after trimming); the first conversation that defines an input wins; anything
// else gets the script's `fallback`.
class ScriptAgent final : public Agent
{
public:
    explicit ScriptAgent(const ConversationScript &script);
    QList<BotMessage> respond(const UserMessage &message) override;

private:
    QHash<QString, QList<BotMessage>> m_rules;
    QString m_fallback;
};

} // namespace rasachat
