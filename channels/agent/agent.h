#pragma once

#include "../message/botmessage.h"
#include "../message/usermessage.h"

#include <QJsonValue>
#include <QList>
#include <QPair>
#include <memory>

namespace rasachat {

// The bot behind rasa-mock. An agent answers one user message with domain responses (the shape of a
// Rasa `utter_*` response: text, buttons, quick_replies, image, attachment, elements, custom); each
// channel then turns them into its own wire messages as Rasa's output channel for it does.
// Agents are plain, synchronous and deterministic; delays and per-sender ordering live in TurnRunner.
// One domain response of a turn: its name in the domain (`utter_greet`, what Rasa records as the bot
// event's `utter_action`) and what it says.
struct AgentResponse
{
    QString name;
    BotMessage message;
};

// What the bot does with one user message: the slots it sets (in order, before it answers, as Rasa's
// slot extraction does) and its responses.
struct AgentTurn
{
    QList<QPair<QString, QJsonValue>> slotValues;
    QList<AgentResponse> responses;

    QList<BotMessage> messages() const;
};

class Agent
{
public:
    virtual ~Agent() = default;
    virtual AgentTurn turn(const UserMessage &message) = 0;
    // The domain's slots, as a tracker lists them before they are set.
    virtual QStringList slotNames() const { return {}; }

    QList<BotMessage> respond(const UserMessage &message) { return turn(message).messages(); }
};

// "you said: <message>" for everything.
class EchoAgent final : public Agent
{
public:
    AgentTurn turn(const UserMessage &message) override;
};

// The documented demo bot (README "The demo bot"): one fixed, named answer per command, echo
// (`utter_echo`) otherwise; `/name X` sets the slot `name`.
class DemoAgent final : public Agent
{
public:
    AgentTurn turn(const UserMessage &message) override;
    QStringList slotNames() const override { return {QStringLiteral("name")}; }
};

// "demo" or "echo"; nullptr for an unknown name.
std::unique_ptr<Agent> makeAgent(const QString &name);
QStringList agentNames();

} // namespace rasachat
