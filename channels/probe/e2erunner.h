#pragma once

#include "../wiring/channelfactory.h"
#include "conversationrunner.h"
#include "trackerclient.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QObject>
#include <QTimer>

namespace rasachat {

// Plays one of Rasa's end-to-end test cases against a live bot, as `rasa test e2e` judges it: each user
// step is sent over the channel (with its metadata) and the steps up to the next user step are checked
// against that turn, in any order: `bot:` against the turn's messages on the wire (exact text), `utter:`
// and the slot steps against the turn's events in Rasa's tracker (--api-url), where the fixtures are set
// too, before the first message. A turn is over when the server confirmed the message (REST's answer, the
// Socket.IO ack, the callback webhook's "success") and the tracker logs `action_listen` after its user
// event and every bot event of it has arrived on the wire; without the API at the confirmation (REST,
// Socket.IO: Rasa confirms after the turn's bot messages) or, on callback, when nothing more came for
// kQuietMs after it. Steps that need the API are skipped without it, and the case is reported skipped,
// never passed. The session and each message's confirmation are bounded by `timeoutMs`: past it the run
// is unreachable at that step.
class E2ERunner : public QObject
{
    Q_OBJECT
public:
    static constexpr int kTurnTimeoutMs = 10'000;
    static constexpr int kQuietMs = 500;
    static constexpr int kPollMs = 100;

    E2ERunner(const QString &fileName, const E2ETestCase &testCase, const ChannelSettings &settings,
              const ApiSettings &api, int timeoutMs = kDefaultServerTimeoutMs, QObject *parent = nullptr);
    ~E2ERunner() override;

    void start();

signals:
    void finished(const rasachat::ConversationResult &result);

private:
    void onSession(const QString &sender);
    void startTurn();
    void poll();
    void checkTurn();
    void evaluate(bool timedOut);
    void onBotMessage(const BotMessage &message);
    void fail(int line, const QString &why, bool unreachable = false, bool timedOut = false);
    void finish(bool passed, const QString &failure, bool unreachable = false, bool timedOut = false);
    void record(const QString &who, const QString &what);

    QString m_file;
    E2ETestCase m_case;
    ChannelSettings m_settings;
    ApiSettings m_api;
    std::unique_ptr<ChatChannel> m_channel;
    TrackerClient *m_tracker = nullptr;
    QString m_sender;
    int m_step = 0;          // the user step of the turn in progress
    int m_turnEnd = 0;       // one past the turn's last step
    int m_baselineUsers = 0; // user events in the tracker before the first message
    int m_turns = 0;         // user messages sent
    bool m_inTurn = false;
    bool m_delivered = false;
    bool m_quiet = false;
    bool m_trackerDone = false;
    bool m_polling = false;
    bool m_sawUserEvent = false;
    bool m_done = false;
    QString m_pendingId;
    QList<BotMessage> m_messages; // this turn's, as they came on the wire
    QJsonArray m_turnEvents;      // this turn's events in the tracker
    QStringList m_skipped;        // FILE:LINE of steps not checked
    QStringList m_transcript;
    QTimer m_deadline, m_quietTimer, m_pollTimer;
    QTimer m_serverTimer; // the session, then the answer to the turn's message
    int m_timeoutMs;
    QElapsedTimer m_clock;
};

} // namespace rasachat
