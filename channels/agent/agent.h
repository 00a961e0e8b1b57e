#pragma once

#include "../message/botmessage.h"
#include "../message/usermessage.h"

#include <QList>
#include <memory>

namespace rasachat {

// The bot behind rasa-mock. An agent answers one user message with domain responses (the shape of a
// Rasa `utter_*` response: text, buttons, quick_replies, image, attachment, elements, custom); each
// channel then turns them into its own wire messages as Rasa's output channel for it does.
// Agents are plain, synchronous and deterministic; delays and per-sender ordering live in TurnRunner.
class Agent
{
public:
    virtual ~Agent() = default;
    virtual QList<BotMessage> respond(const UserMessage &message) = 0;
};

// "you said: <message>" for everything.
class EchoAgent final : public Agent
{
public:
    QList<BotMessage> respond(const UserMessage &message) override;
};

// The documented demo bot (README "The demo bot"): one fixed answer per command, echo otherwise.
class DemoAgent final : public Agent
{
public:
    QList<BotMessage> respond(const UserMessage &message) override;
};

// "demo" or "echo"; nullptr for an unknown name.
std::unique_ptr<Agent> makeAgent(const QString &name);
QStringList agentNames();

} // namespace rasachat
