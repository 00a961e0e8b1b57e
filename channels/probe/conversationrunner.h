#pragma once

#include "../script/conversationscript.h"
#include "../wiring/channelfactory.h"
#include "trackerclient.h"

#include <QElapsedTimer>
#include <QObject>
#include <QQueue>
#include <QTimer>
#include <functional>

namespace rasachat {

struct ConversationResult
{
    QString name;
    bool passed = false;
    bool unreachable = false; // the server could not be reached at all
    // Passed every step it could check, but some steps need Rasa's HTTP API (--api-url): not a pass.
    bool skipped = false;
    QString skipReason; // "FILE:LINE (utter), FILE:LINE (slot_was_set) need --api-url"
    QString failure;    // "FILE:LINE: expected …, got …"
    qint64 elapsedMs = 0;
    QString sender;         // the sender (socketio: session) id it ran as
    QStringList transcript; // every message both ways: "+12 ms  user: hi", "+15 ms  bot: {...}"
    bool timedOut = false;  // unreachable: the server took no step within the timeout (`failure` says where)
};

// Plays one conversation of a script against a server on a fresh channel (a fresh sender or session):
// user and click steps are sent, each bot step takes the next bot message and checks it, a silence step
// passes if nothing arrives for its time. Reports once, at the first difference or at the end. The
// channel settings' sender id is used as given (empty: a fresh one); `${sender}` in the steps becomes
// the id the channel confirms. A `strict` conversation fails on any bot message no step took, also one
// that arrives within kStrictQuietMs after the last step. Every wait on the server is bounded by
// `timeoutMs`: the session, and each user or click message's answer (delivery; Socket.IO: the ack),
// also of the last one before the conversation passes; past it the run is unreachable at that step.

// Why a tracker could not be checked, for both runners' failures.
QString noUserEvent(const QString &sender);
QString noTurnEnd();
// A user message the server did not confirm in time (no answer, ack or "success").
QString notConfirmed(const ChatChannel &channel, int withinMs);

// How long rasa-probe waits for the server to take each step (connect, confirm, answer) by default.
inline constexpr int kDefaultServerTimeoutMs = 30'000;

// The failure of a runner whose server did not answer in time.
QString noAnswerWithin(const QUrl &server, int timeoutMs, const QString &waitingFor);

class ConversationRunner : public QObject
{
    Q_OBJECT
public:
    // With `api`, `utter:` and slot steps are checked against the turn's events in Rasa's tracker once
    // the turn is over (before the next user or click step is sent, or at the end); without, the
    // conversation is reported skipped.
    ConversationRunner(const ConversationScript &script, const Conversation &conversation,
                       const ChannelSettings &settings, const ApiSettings &api = {},
                       int timeoutMs = kDefaultServerTimeoutMs, QObject *parent = nullptr);
    ~ConversationRunner() override;

    static constexpr int kStrictQuietMs = 500;

    void start();

signals:
    void finished(const rasachat::ConversationResult &result);

private:
    void advance();
    void onBotMessage(const BotMessage &message);
    void onTimeout();
    void onDelivered();
    void onServerTimeout();
    void fail(const ScriptStep *step, const QString &why, bool unreachable = false, bool timedOut = false);
    void finish(bool passed, const QString &failure, bool unreachable = false, bool timedOut = false);
    void sent(const ScriptStep *step);
    void record(const QString &who, const QString &what);
    bool strayMessage(const ScriptStep *step, const QString &when);
    void onSession(const QString &sender);
    // Checks the API steps of the turn just played, then goes on with `then`.
    void verifyTurn(std::function<void()> then);
    void pollTurn();

    QString m_file;
    Conversation m_conversation;
    ChannelSettings m_settings;
    std::unique_ptr<ChatChannel> m_channel;
    QQueue<BotMessage> m_inbox;
    QList<Button> m_lastButtons;
    int m_step = 0;
    bool m_waiting = false;
    bool m_done = false;
    bool m_finalQuiet = false; // strict: the last step passed, waiting for stray messages
    QString m_sender;
    QStringList m_transcript;
    QTimer m_timer;
    QTimer m_serverTimer; // the session, then the oldest unanswered message
    int m_timeoutMs;
    QQueue<const ScriptStep *> m_unanswered; // user and click steps sent, not yet delivered, in order
    bool m_draining = false;                 // every step done; waiting for the last answers
    QElapsedTimer m_clock;
    ApiSettings m_api;
    TrackerClient *m_tracker = nullptr;
    int m_baselineUsers = 0;
    int m_turns = 0;                        // user and click messages sent
    QList<const ScriptStep *> m_turnChecks; // API steps of the turn in progress
    std::function<void()> m_afterVerify;
    QTimer m_pollTimer;
    QElapsedTimer m_verifyClock;
};

} // namespace rasachat
