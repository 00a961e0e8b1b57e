#include "loadcommand.h"

#include "../message/jsonwriter.h"

#include <QJsonObject>
#include <QTextStream>
#include <algorithm>
#include <cmath>

namespace rasachat {

LoadCommand::LoadCommand(const LoadOptions &options, QTextStream &out, QTextStream &err, QObject *parent)
    : QObject(parent), m_options(options), m_out(out), m_err(err)
{
    m_ticker.setInterval(2);
    m_ticker.setTimerType(Qt::PreciseTimer);
    connect(&m_ticker, &QTimer::timeout, this, &LoadCommand::tick);
    m_progress.setInterval(1000);
    connect(&m_progress, &QTimer::timeout, this, &LoadCommand::progress);
    m_connectTimeout.setSingleShot(true);
    connect(&m_connectTimeout, &QTimer::timeout, this, [this] {
        m_err << "rasa-probe: only " << m_ready << " of " << m_options.sessions
              << " sessions connected within " << m_options.timeoutMs << " ms" << Qt::endl;
        m_done = true;
        emit finished(3);
    });
}

LoadCommand::~LoadCommand() = default;

double LoadCommand::percentile(std::vector<double> sorted, double p)
{
    if (sorted.empty())
        return 0;
    std::sort(sorted.begin(), sorted.end());
    // nearest rank
    const auto rank = std::size_t(std::ceil(p / 100.0 * double(sorted.size())));
    return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

void LoadCommand::start()
{
    m_clock.start();
    for (int i = 0; i < m_options.sessions; ++i) {
        auto session = std::make_unique<Session>();
        ChannelSettings settings = m_options.channel;
        settings.senderId.clear();
        settings.reconnect = false;
        settings.lean = true; // the load generator must not be what is measured
        QString error;
        session->channel = makeChannel(settings, &error);
        if (!session->channel) {
            m_err << "rasa-probe: " << error << Qt::endl;
            emit finished(2);
            return;
        }
        Session *s = session.get();
        connect(s->channel.get(), &ChatChannel::sessionConfirmed, this, [this, s] {
            if (!s->ready) {
                s->ready = true;
                onReady();
            }
        });
        connect(s->channel.get(), &ChatChannel::botMessage, this, [this, s](const BotMessage &) {
            if (s->outstanding.isEmpty())
                return; // a second reply to one message, or a late one already counted as a timeout
            const qint64 sentNs = s->outstanding.dequeue();
            m_lastReplyNs = m_clock.nsecsElapsed();
            m_latencies.push_back(double(m_lastReplyNs - sentNs) / 1e6);
            ++m_report.answered;
        });
        connect(s->channel.get(), &ChatChannel::errorOccurred, this, [this](const ChannelError &e) {
            ++m_report.errors;
            if (!m_sending && !m_done && e.kind == ChannelError::Kind::Connection) {
                m_err << "rasa-probe: " << e.message << Qt::endl;
                m_done = true;
                emit finished(3);
            }
        });
        m_sessions.push_back(std::move(session));
    }
    m_connectTimeout.start(m_options.timeoutMs);
    for (auto &s : m_sessions)
        s->channel->open();
}

void LoadCommand::onReady()
{
    if (++m_ready < m_options.sessions || m_done)
        return;
    m_connectTimeout.stop();
    m_err << "rasa-probe: " << m_ready << " sessions open; sending " << m_options.rate << " messages/s for "
          << m_options.durationS << " s" << Qt::endl;
    m_sending = true;
    m_sendStartNs = m_clock.nsecsElapsed();
    m_ticker.start();
    m_progress.start();
}

void LoadCommand::tick()
{
    const qint64 now = m_clock.nsecsElapsed();
    const double elapsed = double(now - m_sendStartNs) / 1e9;
    if (m_sending) {
        const double until = std::min(elapsed, m_options.durationS);
        const auto due = qint64(std::floor(until * m_options.rate));
        while (m_report.sent < due) {
            // The schedule, not the send call, is the start of the clock: queueing counts as latency.
            const qint64 scheduled = m_sendStartNs + qint64(double(m_report.sent) / m_options.rate * 1e9);
            Session &s = *m_sessions[m_next++ % m_sessions.size()];
            UserMessage m;
            m.text = m_options.message;
            s.outstanding.enqueue(scheduled);
            s.channel->send(m);
            ++m_report.sent;
        }
        if (elapsed >= m_options.durationS) {
            m_sending = false;
            m_sendEndNs = now;
        }
    }
    expireOld();
    if (!m_sending) {
        const bool drained = std::all_of(m_sessions.begin(), m_sessions.end(),
                                         [](const auto &s) { return s->outstanding.isEmpty(); });
        if (drained)
            finish();
    }
}

void LoadCommand::expireOld()
{
    const qint64 limit = m_clock.nsecsElapsed() - qint64(m_options.timeoutMs) * 1'000'000;
    for (auto &s : m_sessions) {
        while (!s->outstanding.isEmpty() && s->outstanding.head() < limit) {
            s->outstanding.dequeue();
            ++m_report.timeouts;
        }
    }
}

void LoadCommand::progress()
{
    const double t = double(m_clock.nsecsElapsed() - m_sendStartNs) / 1e9;
    m_err << QStringLiteral("rasa-probe: %1 s  sent %2  answered %3  errors %4  timeouts %5  p50 %6 ms")
                 .arg(t, 0, 'f', 0)
                 .arg(m_report.sent)
                 .arg(m_report.answered)
                 .arg(m_report.errors)
                 .arg(m_report.timeouts)
                 .arg(percentile(m_latencies, 50), 0, 'f', 1)
          << Qt::endl;
}

void LoadCommand::finish()
{
    if (m_done)
        return;
    m_done = true;
    m_ticker.stop();
    m_progress.stop();
    // Over the time it took to get the answers, not the time it took to send: a server that falls behind
    // shows a lower throughput than the rate it was offered.
    const double window = double(std::max(m_sendEndNs, m_lastReplyNs) - m_sendStartNs) / 1e9;
    m_report.throughput = window > 0 ? double(m_report.answered) / window : 0;
    m_report.p50 = percentile(m_latencies, 50);
    m_report.p90 = percentile(m_latencies, 90);
    m_report.p99 = percentile(m_latencies, 99);
    m_report.max = m_latencies.empty() ? 0 : *std::max_element(m_latencies.begin(), m_latencies.end());
    for (auto &s : m_sessions)
        s->channel->close();
    if (m_options.json) {
        JsonWriter w(JsonStyle::Compact);
        w.beginObject();
        w.key(u"channel").value(m_options.channel.kind);
        w.key(u"sessions").value(m_options.sessions);
        w.key(u"rate").value(m_options.rate);
        w.key(u"duration_s").value(m_options.durationS);
        w.key(u"sent").value(double(m_report.sent));
        w.key(u"answered").value(double(m_report.answered));
        w.key(u"errors").value(double(m_report.errors));
        w.key(u"timeouts").value(double(m_report.timeouts));
        w.key(u"throughput").value(std::round(m_report.throughput * 10) / 10);
        for (auto [key, v] : {std::pair{u"p50_ms", m_report.p50}, std::pair{u"p90_ms", m_report.p90},
                              std::pair{u"p99_ms", m_report.p99}, std::pair{u"max_ms", m_report.max}})
            w.key(key).value(std::round(v * 100) / 100);
        w.endObject();
        m_out << w.data() << Qt::endl;
    } else {
        m_out << QStringLiteral("%1 sessions over %2, %3 messages/s for %4 s\n")
                     .arg(m_options.sessions)
                     .arg(m_options.channel.kind)
                     .arg(m_options.rate)
                     .arg(m_options.durationS)
              << QStringLiteral("  sent        %1\n  answered    %2\n  errors      %3\n  timeouts    %4\n")
                     .arg(m_report.sent)
                     .arg(m_report.answered)
                     .arg(m_report.errors)
                     .arg(m_report.timeouts)
              << QStringLiteral("  throughput  %1 replies/s\n").arg(m_report.throughput, 0, 'f', 1)
              << QStringLiteral("  latency     p50 %1 ms  p90 %2 ms  p99 %3 ms  max %4 ms")
                     .arg(m_report.p50, 0, 'f', 2)
                     .arg(m_report.p90, 0, 'f', 2)
                     .arg(m_report.p99, 0, 'f', 2)
                     .arg(m_report.max, 0, 'f', 2)
              << Qt::endl;
    }
    emit finished(m_report.errors || m_report.timeouts ? 1 : 0);
}

} // namespace rasachat
