#include "loadcommand.h"

#include "loadconversation.h"
#include "loadseries.h"

#include <QTextStream>
#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

namespace rasachat {

namespace {
constexpr qint64 kNsPerMs = 1'000'000;
} // namespace

LoadCommand::LoadCommand(const LoadOptions &options, QTextStream &out, QTextStream &err, QObject *parent)
    : QObject(parent), m_options(options), m_schedule(options.schedule()), m_out(out), m_err(err)
{
    // Woken when the next message is due or the next one times out, not at a fixed rate: an idle probe
    // costs nothing (CPU time per request is one of its figures of merit).
    m_ticker.setSingleShot(true);
    m_ticker.setTimerType(Qt::PreciseTimer);
    connect(&m_ticker, &QTimer::timeout, this, &LoadCommand::tick);
    m_progress.setInterval(1000);
    m_progress.setTimerType(Qt::PreciseTimer);
    connect(&m_progress, &QTimer::timeout, this, &LoadCommand::progress);
    m_connectTimeout.setSingleShot(true);
    connect(&m_connectTimeout, &QTimer::timeout, this, [this] {
        if (m_ready > 0)
            return beginSending();
        fail(3, m_firstError.isEmpty()
                    ? QStringLiteral("no session connected within %1 ms").arg(m_options.timeoutMs)
                    : m_firstError);
    });
}

LoadCommand::~LoadCommand()
{
    for (auto *list : {&m_slots, &m_retired}) {
        for (auto &s : *list) {
            if (s)
                s->channel->disconnect(this);
        }
    }
}

void LoadCommand::fail(int exitCode, const QString &message)
{
    if (m_done)
        return;
    m_done = true;
    m_ticker.stop();
    m_progress.stop();
    m_connectTimeout.stop();
    m_err << "rasa-probe: " << message << Qt::endl;
    emit finished(exitCode);
}

void LoadCommand::start()
{
    m_clock.start();
    if (!m_options.outPath.isEmpty()) {
        QString error;
        m_series = LoadSeriesWriter::open(m_options.outPath, &error);
        if (!m_series)
            return fail(2, error);
    }
    QString error;
    if (!makeChannel(m_options.channel, &error))
        return fail(2, error);
    if (m_options.script) // each conversation opens its own session
        return beginSending();
    m_slots.resize(std::size_t(m_options.sessions));
    for (auto &slot : m_slots) {
        openSession(slot);
        if (m_done)
            return;
    }
    m_connectTimeout.start(m_options.timeoutMs);
}

void LoadCommand::openSession(std::unique_ptr<Session> &slot)
{
    ChannelSettings settings = m_options.channel;
    settings.senderId.clear();
    settings.reconnect = false; // a lost session is replaced by a fresh one, with nothing outstanding
    settings.lean = true;       // the load generator must not be what is measured
    QString error;
    slot = std::make_unique<Session>();
    Session *s = slot.get();
    s->channel = makeChannel(settings, &error);
    s->settled = m_sending; // only the first sessions are waited for
    ChatChannel *channel = s->channel.get();
    connect(channel, &ChatChannel::sessionConfirmed, this, [this, s] { onReady(s); });
    connect(channel, &ChatChannel::stateChanged, this, [this, s](ChatChannel::State state) {
        if (state == ChatChannel::State::Disconnected)
            onLost(s);
    });
    connect(channel, &ChatChannel::errorOccurred, this, [this, s](const ChannelError &e) {
        noteError(e);
        if (!e.messageId.isEmpty())
            onMessageError(s, e);
    });
    if (channel->repliesCompleteOnDelivery()) {
        // REST: one answer per request, paired by the request itself
        connect(channel, &ChatChannel::messageDelivered, this,
                [this, s](const QString &id) { onReply(s, id); });
    } else {
        // Socket.IO: replies carry no id; the oldest outstanding message of the session is the one answered
        connect(channel, &ChatChannel::botMessage, this, [this, s](const BotMessage &) { onReply(s, {}); });
    }
    channel->open(); // may fail at once, and `slot` is empty again
}

void LoadCommand::noteError(const ChannelError &e)
{
    if (m_firstError.isEmpty())
        m_firstError = e.message;
}

void LoadCommand::onReady(Session *s)
{
    if (s->ready)
        return;
    s->ready = true;
    if (s->settled)
        return;
    s->settled = true;
    ++m_ready;
    if (++m_settled == m_options.sessions)
        QMetaObject::invokeMethod(this, &LoadCommand::allSettled, Qt::QueuedConnection);
}

void LoadCommand::onLost(Session *s)
{
    const qint64 n = now();
    while (s->outstanding.size() > s->timedOut)
        resolve(s, s->timedOut, n, true);
    const bool counted = !s->settled;
    // The channel is in the middle of emitting: it goes when control returns to the event loop.
    ChatChannel *channel = s->channel.release();
    channel->disconnect(this);
    channel->deleteLater();
    // Channels say why after they say they are disconnected: the reason is still wanted.
    connect(channel, &ChatChannel::errorOccurred, this, [this](const ChannelError &e) { noteError(e); });
    for (auto *list : {&m_slots, &m_retired}) {
        const auto it = std::find_if(list->begin(), list->end(), [s](const auto &p) { return p.get() == s; });
        if (it != list->end()) {
            if (list == &m_slots)
                it->reset();
            else
                list->erase(it);
            break;
        }
    }
    if (counted && ++m_settled == m_options.sessions) // once the channel has said why
        QMetaObject::invokeMethod(this, &LoadCommand::allSettled, Qt::QueuedConnection);
}

void LoadCommand::allSettled()
{
    if (m_done || m_sending)
        return;
    if (m_ready == 0)
        return fail(3, m_firstError.isEmpty() ? QStringLiteral("no session could connect") : m_firstError);
    beginSending();
}

void LoadCommand::onReply(Session *s, const QString &messageId)
{
    if (m_done || s->outstanding.empty())
        return; // a second reply to one message: not ours to count
    std::size_t i = 0;
    if (!messageId.isEmpty()) {
        while (i < s->outstanding.size() && s->outstanding[i].id != messageId)
            ++i;
        if (i == s->outstanding.size())
            return;
    }
    resolve(s, i, now(), false);
}

void LoadCommand::onMessageError(Session *s, const ChannelError &e)
{
    for (std::size_t i = 0; i < s->outstanding.size(); ++i) {
        if (s->outstanding[i].id == e.messageId)
            return resolve(s, i, now(), true);
    }
}

void LoadCommand::resolve(Session *s, std::size_t i, qint64 nowNs, bool error)
{
    const bool timedOut = i < s->timedOut;
    const qint64 sentNs = s->outstanding[i].sentNs;
    s->outstanding.erase(s->outstanding.begin() + qsizetype(i));
    if (timedOut) {
        --s->timedOut;
        if (!error) { // it still counts as a timeout: no one waited for it
            ++m_total.late;
            ++m_second.late;
        }
        return;
    }
    --m_unresolved;
    if (!m_sending && m_unresolved == 0)
        m_ticker.start(0); // the last one: finish now, not at the next deadline
    if (!error && nowNs - sentNs > qint64(m_options.timeoutMs) * kNsPerMs) {
        // timed out before expire() looked: a timeout, and late, as if it had
        ++m_total.timeouts;
        ++m_second.timeouts;
        ++m_total.late;
        ++m_second.late;
        s->retireSoon = true;
        return;
    }
    if (error) {
        ++m_total.errors;
        ++m_second.errors;
        return;
    }
    ++m_total.answered;
    ++m_second.answered;
    m_lastReplyNs = nowNs;
    const qint64 micros = (nowNs - sentNs) / 1000;
    m_total.latency.record(micros);
    m_second.latency.record(micros);
}

void LoadCommand::beginSending()
{
    if (m_sending || m_done)
        return;
    m_connectTimeout.stop();
    const QString unit = m_options.script ? QStringLiteral("conversations") : QStringLiteral("messages");
    if (m_options.script)
        m_err << "rasa-probe: playing the " << m_options.script->conversations.size() << " conversations of "
              << m_options.script->fileName << " in turn, up to " << m_options.sessions
              << " at once; starting ";
    else if (m_ready < m_options.sessions)
        m_err << "rasa-probe: " << m_ready << " of " << m_options.sessions << " sessions connected ("
              << m_firstError << "); messages due on the others count as errors while they cannot connect"
              << Qt::endl;
    if (!m_options.script)
        m_err << "rasa-probe: " << m_ready << " sessions open; sending ";
    if (m_options.stages)
        m_err << "in " << m_schedule.stages().size() << " stages, up to " << m_schedule.peakRate() << " "
              << unit << "/s, for " << m_schedule.durationS() << " s" << Qt::endl;
    else
        m_err << m_options.rate << " " << unit << "/s for " << m_options.durationS << " s" << Qt::endl;
    m_sending = true;
    m_sendStartNs = now();
    m_progress.start();
    tick();
}

void LoadCommand::tick()
{
    qint64 n = now();
    if (m_sending) {
        const qint64 endNs = m_sendStartNs + qint64(m_schedule.durationS() * 1e9);
        const double t = double(std::min(n, endNs) - m_sendStartNs) / 1e9;
        const qint64 due = m_schedule.dueBy(t);
        m_second.scheduled += due - m_total.scheduled;
        m_total.scheduled = due;
        // A probe that falls behind sends as fast as it can, but never after the window: what it could not
        // send is the difference between scheduled and sent.
        if (m_options.script) {
            // an arrival that finds every session busy is dropped, as k6 drops iterations without a VU
            for (; m_arrivals < due; ++m_arrivals) {
                if (m_conversations.size() < m_options.sessions)
                    startConversation();
            }
        }
        for (int burst = 0; !m_options.script && m_total.sent < due && !m_done; ++burst) {
            if (burst % 256 == 255 && now() >= endNs)
                break;
            sendOne(now());
        }
        n = now();
        if (n >= endNs) {
            m_sending = false;
            m_sendEndNs = n;
            m_second.scheduled += m_schedule.total() - m_total.scheduled;
            m_total.scheduled = m_schedule.total();
        }
    }
    if (n - m_lastExpireNs >= 2 * kNsPerMs || !m_sending || n >= m_nextDeadlineNs) {
        m_lastExpireNs = n;
        expire(n);
    }
    if (!m_sending && m_unresolved == 0 && m_conversations.isEmpty())
        return finish();
    scheduleTick(n);
}

void LoadCommand::scheduleTick(qint64 nowNs)
{
    qint64 wake = std::min(m_nextDeadlineNs, nowNs + 100 * kNsPerMs);
    if (m_sending) {
        const qint64 next = m_options.script ? m_arrivals : m_total.sent;
        wake = std::min(wake, m_sendStartNs + qint64(m_schedule.timeOf(next) * 1e9));
    }
    m_ticker.start(int(std::clamp<qint64>((wake - now() + kNsPerMs - 1) / kNsPerMs, 0, 100)));
}

void LoadCommand::startConversation()
{
    const auto &all = m_options.script->conversations;
    auto *c = new LoadConversation(all[m_nextConversation++ % all.size()], m_options.channel,
                                   m_options.timeoutMs, this);
    m_conversations.append(c);
    ++m_total.conversations;
    ++m_second.conversations;
    connect(c, &LoadConversation::event, this, [this](LoadConversation::Event e, qint64 micros) {
        for (LoadResult *r : {&m_total, &m_second}) {
            switch (e) {
            case LoadConversation::Event::Sent:
                ++r->sent;
                break;
            case LoadConversation::Event::Answered:
                ++r->answered;
                r->latency.record(micros);
                break;
            case LoadConversation::Event::TimedOut:
                ++r->timeouts;
                break;
            case LoadConversation::Event::Error:
                ++r->errors;
                break;
            case LoadConversation::Event::Mismatch:
                ++r->failedExpectations;
                break;
            }
        }
        if (e == LoadConversation::Event::Answered)
            m_lastReplyNs = now();
    });
    connect(c, &LoadConversation::finished, this, [this, c](LoadConversation::Outcome outcome) {
        if (outcome == LoadConversation::Outcome::Passed)
            ++m_total.passed;
        m_conversations.removeOne(c);
        c->deleteLater();
        if (!m_sending && m_conversations.isEmpty())
            m_ticker.start(0);
    });
    c->start();
}

void LoadCommand::sendOne(qint64 nowNs)
{
    auto &slot = m_slots[m_next++ % m_slots.size()];
    ++m_total.sent;
    ++m_second.sent;
    if (!slot)
        openSession(slot);
    if (!slot) { // refused at once
        ++m_total.errors;
        ++m_second.errors;
        return;
    }
    UserMessage m;
    m.text = m_options.message;
    m.messageId = QString::number(++m_seq);
    slot->outstanding.push_back(Pending{m.messageId, nowNs});
    ++m_unresolved;
    slot->channel->send(m); // may fail at once, and the session with it: nothing of it is used after this
}

void LoadCommand::expire(qint64 nowNs)
{
    const qint64 limit = nowNs - qint64(m_options.timeoutMs) * kNsPerMs;
    m_nextDeadlineNs = std::numeric_limits<qint64>::max();
    auto advance = [&](Session &s) {
        const std::size_t before = s.timedOut;
        while (s.timedOut < s.outstanding.size() && s.outstanding[s.timedOut].sentNs < limit)
            ++s.timedOut;
        if (s.timedOut < s.outstanding.size())
            m_nextDeadlineNs = std::min(m_nextDeadlineNs, s.outstanding[s.timedOut].sentNs +
                                                              qint64(m_options.timeoutMs) * kNsPerMs);
        const auto expired = qint64(s.timedOut - before);
        m_total.timeouts += expired;
        m_second.timeouts += expired;
        m_unresolved -= expired;
        return expired > 0 || std::exchange(s.retireSoon, false);
    };
    for (std::size_t i = 0; i < m_slots.size(); ++i) {
        if (m_slots[i] && advance(*m_slots[i]) && !m_slots[i]->channel->repliesCompleteOnDelivery())
            retire(i);
    }
    for (auto &s : m_retired)
        advance(*s);
    // A retired session goes once every reply it owes has come, or a timeout after its last one is overdue.
    const auto gone = std::remove_if(m_retired.begin(), m_retired.end(), [&](std::unique_ptr<Session> &s) {
        const bool done = s->outstanding.empty() ||
                          (s->timedOut == s->outstanding.size() &&
                           s->outstanding.back().sentNs < limit - qint64(m_options.timeoutMs) * kNsPerMs);
        if (done) {
            s->channel->disconnect(this);
            s->channel->close();
        }
        return done;
    });
    m_retired.erase(gone, m_retired.end());
}

void LoadCommand::retire(std::size_t slot)
{
    m_slots[slot]->retiredNs = now();
    m_retired.push_back(std::move(m_slots[slot]));
    if (m_sending)
        openSession(m_slots[slot]); // connected by the time its first message is due, usually
}

void LoadCommand::progress()
{
    ++m_secondIndex;
    if (m_series)
        m_series->write(m_secondIndex, m_second);
    m_second = LoadResult();
    m_err << QStringLiteral(
                 "rasa-probe: %1 s  %2 %3/%4  answered %5  errors %6  timeouts %7  late %8  p50 %9 ms")
                 .arg(m_secondIndex)
                 .arg(m_options.script ? u"conversations" : u"sent")
                 .arg(m_options.script ? m_total.conversations : m_total.sent)
                 .arg(m_total.scheduled)
                 .arg(m_total.answered)
                 .arg(m_total.errors)
                 .arg(m_total.timeouts)
                 .arg(m_total.late)
                 .arg(m_total.percentileMs(50), 0, 'f', 1)
          << Qt::endl;
}

void LoadCommand::finish()
{
    if (m_done)
        return;
    m_done = true;
    m_ticker.stop();
    m_progress.stop();
    if (m_series && (m_second.scheduled || m_second.sent || m_second.answered || m_second.timeouts ||
                     m_second.errors || m_second.late))
        m_series->write(m_secondIndex + 1, m_second);
    m_series.reset();
    for (auto *list : {&m_slots, &m_retired}) {
        for (auto &s : *list) {
            if (s) {
                s->channel->disconnect(this);
                s->channel->close();
            }
        }
    }
    for (LoadConversation *c : std::as_const(m_conversations))
        c->abandon();
    LoadResult &r = m_total;
    r.scripted = m_options.script.has_value();
    r.channel = m_options.channel.kind;
    r.sessions = m_options.sessions;
    r.rate = m_schedule.peakRate();
    r.durationS = m_schedule.durationS();
    // Over the time it took to get the answers, not the time it took to send: a server that falls behind
    // shows a lower throughput than the rate it was offered.
    const double window = double(std::max(m_sendEndNs, m_lastReplyNs) - m_sendStartNs) / 1e9;
    r.throughput = window > 0 ? double(r.answered) / window : 0;
    if (m_options.json)
        m_out << r.toJson() << Qt::endl;
    else
        m_out << r.table() << Qt::endl;

    if ((r.errors || r.timeouts) && !m_firstError.isEmpty())
        m_err << "rasa-probe: first error: " << m_firstError << Qt::endl;
    QStringList why;
    const int exitCode = LoadThreshold::verdict(r, m_options.thresholds, &why);
    for (const QString &line : std::as_const(why))
        m_err << "rasa-probe: " << line << Qt::endl;
    emit finished(exitCode);
}

} // namespace rasachat
