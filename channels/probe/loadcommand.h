#pragma once

#include "../client/channelfactory.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QObject>
#include <QQueue>
#include <QTimer>
#include <memory>
#include <vector>

class QTextStream;

namespace rasachat {

struct LoadOptions
{
    ChannelSettings channel;
    int sessions = 10;
    double rate = 100; // messages per second, all sessions together
    double durationS = 10;
    int timeoutMs = 10'000; // a message without a reply by then is a timeout
    QString message = QStringLiteral("load test");
    bool json = false;
};

struct LoadReport
{
    qint64 sent = 0;
    qint64 answered = 0;
    qint64 errors = 0;
    qint64 timeouts = 0;
    double throughput = 0;                     // replies per second over the sending window
    double p50 = 0, p90 = 0, p99 = 0, max = 0; // milliseconds
};

// `rasa-probe load`: opens N sessions, then sends at R messages/s in total for S seconds, open loop (the
// schedule does not wait for replies, so a slow server shows as latency, not as a lower send rate), and
// measures each message's time to its first reply (replies are paired with messages in order, per
// session: each message is expected to get one reply, as from the echo bot). Progress goes to `err`
// once a second; the report to `out` as a table or, with json, one JSON object.
class LoadCommand : public QObject
{
    Q_OBJECT
public:
    LoadCommand(const LoadOptions &options, QTextStream &out, QTextStream &err, QObject *parent = nullptr);
    ~LoadCommand() override;

    void start();

    static double percentile(std::vector<double> sorted, double p);

signals:
    void finished(int exitCode);

private:
    struct Session
    {
        std::unique_ptr<ChatChannel> channel;
        QQueue<qint64> outstanding; // scheduled send times (ns since start), oldest first
        bool ready = false;
    };

    void onReady();
    void tick();
    void expireOld();
    void progress();
    void finish();

    LoadOptions m_options;
    QTextStream &m_out;
    QTextStream &m_err;
    std::vector<std::unique_ptr<Session>> m_sessions;
    int m_ready = 0;
    QElapsedTimer m_clock;
    qint64 m_sendStartNs = 0;
    qint64 m_sendEndNs = 0;
    qint64 m_lastReplyNs = 0;
    std::size_t m_next = 0;
    QTimer m_ticker;
    QTimer m_progress;
    QTimer m_connectTimeout;
    std::vector<double> m_latencies;
    LoadReport m_report;
    bool m_sending = false;
    bool m_done = false;
};

} // namespace rasachat
