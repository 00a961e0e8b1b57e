#pragma once

#include "../script/conversationscript.h"
#include "../wiring/channelfactory.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <memory>

namespace rasachat {

// One conversation of a script played under load (`rasa-probe load --script`), on a fresh channel: user and
// click steps are sent, and each one that a bot step follows is timed to the first bot message after it;
// bot steps are checked as `rasa-probe test` checks them. A reply that does not come within the load's
// timeout, a connection error or a message that does not fit ends the conversation (what follows could
// not be paired with certainty).
class LoadConversation : public QObject
{
    Q_OBJECT
public:
    enum class Event { Sent, Answered, TimedOut, Error, Mismatch };
    Q_ENUM(Event)
    enum class Outcome { Passed, Failed };
    Q_ENUM(Outcome)

    LoadConversation(const Conversation &conversation, const ChannelSettings &settings, int replyTimeoutMs,
                     QObject *parent = nullptr);
    ~LoadConversation() override;

    void start();
    // Closes the channel; no more signals.
    void abandon();

signals:
    // micros: the latency, for Answered
    void event(rasachat::LoadConversation::Event event, qint64 micros);
    void finished(rasachat::LoadConversation::Outcome outcome);

private:
    void advance();
    void onBotMessage(const BotMessage &message);
    void onTimeout();
    void end(Outcome outcome);

    Conversation m_conversation;
    ChannelSettings m_settings;
    int m_replyTimeoutMs;
    std::unique_ptr<ChatChannel> m_channel;
    QList<BotMessage> m_inbox;
    QList<Button> m_lastButtons;
    int m_step = 0;
    bool m_waiting = false;
    bool m_done = false;
    qint64 m_timedSentNs = -1; // the user step waiting for its first reply, if any
    QElapsedTimer m_clock;
    QTimer m_timer;
};

} // namespace rasachat
