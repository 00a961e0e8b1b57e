#pragma once

#include "../script/conversationscript.h"
#include "../wiring/channelfactory.h"
#include "loadresult.h"
#include "loadschedule.h"
#include "loadthreshold.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <deque>
#include <memory>
#include <optional>
#include <vector>

class QTextStream;

namespace rasachat {

class LoadConversation;
class LoadSeriesWriter;

struct LoadOptions
{
    ChannelSettings channel;
    int sessions = 10;
    double rate = 100; // messages per second, all sessions together (when no stages are given)
    double durationS = 10;
    std::optional<LoadSchedule> stages; // --stages: replaces rate and duration
    int timeoutMs = 10'000;             // a message without a reply by then is a timeout
    QString message = QStringLiteral("load test");
    bool json = false;
    QList<LoadThreshold> thresholds;
    QString outPath; // per-second rows, .csv or .jsonl
    // --script: each arrival of the schedule plays the next conversation of the script on a fresh session
    // (at most `sessions` at once) instead of sending `message`
    std::optional<ConversationScript> script;

    LoadSchedule schedule() const { return stages ? *stages : LoadSchedule::constant(rate, durationS); }
};

// `rasa-probe load`: opens N sessions, then sends on an open-loop schedule (constant or in stages; the
// schedule does not wait for replies, so a slow server shows as latency, not as a lower send rate), and
// times each message from the instant it was sent to its reply. Replies are paired exactly: by request on
// REST; on Socket.IO, where replies carry no id, in order per session, and a session whose message timed
// out is retired (no new message goes to it) so that a missing reply can never shift the pairing of later
// messages; a reply after its message's timeout is `late`, never an answer. A session that loses its
// connection fails what it had outstanding (errors) and is replaced by a fresh one when its next message is
// due. Progress goes to `err` once a second; the report to `out` as a table or, with json, one JSON object.
class LoadCommand : public QObject
{
    Q_OBJECT
public:
    LoadCommand(const LoadOptions &options, QTextStream &out, QTextStream &err, QObject *parent = nullptr);
    ~LoadCommand() override;

    void start();

signals:
    void finished(int exitCode);

private:
    struct Pending
    {
        QString id;
        qint64 sentNs = 0;
    };
    struct Session
    {
        std::unique_ptr<ChatChannel> channel;
        std::deque<Pending> outstanding; // in send order, so the timed-out ones are always a prefix
        std::size_t timedOut = 0;        // how many of the oldest outstanding have timed out
        bool ready = false;
        bool settled = false; // connected, or failed to
        qint64 retiredNs = -1;
        bool retireSoon = false; // a reply came after its timeout, before expire() saw it
    };

    void openSession(std::unique_ptr<Session> &slot);
    void noteError(const ChannelError &e);
    void onReady(Session *s);
    void allSettled();
    void onLost(Session *s);
    void onReply(Session *s, const QString &messageId);
    void onMessageError(Session *s, const ChannelError &e);
    void beginSending();
    void tick();
    void sendOne(qint64 nowNs);
    void startConversation();
    void expire(qint64 nowNs);
    void scheduleTick(qint64 nowNs);
    void retire(std::size_t slot);
    void dropRetired(qint64 nowNs);
    void resolve(Session *s, std::size_t index, qint64 nowNs, bool error);
    void progress();
    void finish();
    void fail(int exitCode, const QString &message);
    qint64 now() const { return m_clock.nsecsElapsed(); }

    LoadOptions m_options;
    LoadSchedule m_schedule;
    QTextStream &m_out;
    QTextStream &m_err;
    std::vector<std::unique_ptr<Session>> m_slots; // nullptr: lost, replaced when next needed
    std::vector<std::unique_ptr<Session>> m_retired;
    std::unique_ptr<LoadSeriesWriter> m_series;
    QList<LoadConversation *> m_conversations; // playing now (children)
    qsizetype m_nextConversation = 0;
    int m_settled = 0;
    int m_ready = 0;
    QString m_firstError;
    QElapsedTimer m_clock;
    qint64 m_sendStartNs = 0;
    qint64 m_sendEndNs = 0;
    qint64 m_lastReplyNs = 0;
    qint64 m_lastExpireNs = 0;
    qint64 m_nextDeadlineNs = 0; // the earliest time an outstanding message times out
    qint64 m_unresolved = 0;     // sent, and neither answered, failed nor timed out yet
    qint64 m_seq = 0;
    qint64 m_arrivals = 0; // --script: arrivals of the schedule handled so far
    std::size_t m_next = 0;
    QTimer m_ticker;
    QTimer m_progress;
    QTimer m_connectTimeout;
    LoadResult m_total;
    LoadResult m_second; // the current second, for --out
    int m_secondIndex = 0;
    bool m_sending = false;
    bool m_done = false;
};

} // namespace rasachat
