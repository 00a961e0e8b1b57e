#pragma once

#include "../script/conversationscript.h"
#include "agent.h"

#include <QHash>
#include <memory>

namespace rasachat {

// rasa-mock --bot script FILE: the conversation script that rasa-probe test checks, read the other way
// round. Each user step (or button click) becomes a rule; the bot steps after it become the answer:
// `text`/`contains` as text, `buttons` with their `payloads` (the title when none is given), `image`,
// `card` as a carousel element, `custom` as a custom payload, `attachment` as a file attachment; `any:`
// answers with its first alternative; `matches:` alone answers with the pattern's literal text (a
// pattern that is not a plain text cannot be answered: give `text:` or `contains:` beside it).
// A bot step's `utter:` names its response (else it has none, as an end-to-end response in Rasa); the
// `slot_was_set:` steps of a turn are the slots it sets (each with a value). The fallback is
// `utter_default`. `${sender}` in an answer is the sender's id. Text matches exactly (after trimming); the
// first conversation that defines an input wins; anything else gets the script's `fallback`.
class ScriptAgent final : public Agent
{
public:
    // nullptr with *error "FILE:LINE: why" when a bot step gives nothing that could be sent.
    static std::unique_ptr<ScriptAgent> create(const ConversationScript &script, QString *error);
    AgentTurn turn(const UserMessage &message) override;
    QStringList slotNames() const override { return m_slotNames; }

private:
    ScriptAgent() = default;
    QHash<QString, AgentTurn> m_rules;
    QStringList m_slotNames;
    QString m_fallback;
};

} // namespace rasachat
