#include "sendcommand.h"

#include "../callback/callbackchannel.h"
#include "../message/jsonwriter.h"

#include <QTextStream>

namespace rasachat {

SendCommand::SendCommand(const SendOptions &options, QTextStream &out, QTextStream &err, QObject *parent)
    : QObject(parent), m_options(options), m_out(out), m_err(err)
{
    m_quiet.setSingleShot(true);
    m_timeout.setSingleShot(true);
    connect(&m_quiet, &QTimer::timeout, this, [this] { finish(Ok); });
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        if (m_delivered < m_options.messages.size())
            fail(QStringLiteral("no answer from %1 within %2 ms")
                     .arg(m_options.channel.serverUrl.toString())
                     .arg(m_options.timeoutMs));
        else
            finish(Ok);
    });
}

SendCommand::~SendCommand() = default;

void SendCommand::start()
{
    QString error;
    m_channel = makeChannel(m_options.channel, &error);
    if (!m_channel) {
        m_err << "rasa-probe: " << error << Qt::endl;
        return finish(UsageError);
    }
    m_clock.start();
    if (m_options.trace) {
        connect(m_channel.get(), &ChatChannel::traffic, this, [this](const WireRecord &r) {
            const char *arrow = r.direction == WireRecord::Direction::Outgoing ? ">" : "<";
            m_err << QStringLiteral("[%1 +%2ms] %3 %4 %5")
                         .arg(r.time.toString(QStringLiteral("HH:mm:ss.zzz")))
                         .arg(m_clock.elapsed(), 5)
                         .arg(QLatin1StringView(arrow), r.channel, r.summary);
            const QString payload = QString::fromUtf8(r.payload).trimmed();
            if (payload.isEmpty())
                m_err << Qt::endl;
            else if (!payload.contains(u'\n') && payload.size() <= 300) // a frame: on its own line
                m_err << ' ' << payload << Qt::endl;
            else
                m_err << "\n    " << QString(payload).replace(u'\n', QStringLiteral("\n    ")) << Qt::endl;
        });
    }
    connect(m_channel.get(), &ChatChannel::errorOccurred, this, &SendCommand::onError);
    connect(m_channel.get(), &ChatChannel::botMessage, this, [this](const BotMessage &m) {
        // Socket.IO messages are shown as they came (their shape differs from REST's); others in Rasa's
        // order.
        m_out << (m.raw.isEmpty() ? m.toWire(JsonStyle::Compact) : m.raw) << Qt::endl;
        ++m_repliesSinceDelivery;
        if (m_quiet.isActive())
            m_quiet.start(m_options.quietMs);
    });
    connect(m_channel.get(), &ChatChannel::messageDelivered, this, &SendCommand::onDelivered);
    connect(m_channel.get(), &ChatChannel::sessionConfirmed, this, [this](const QString &id) {
        if (m_options.trace) {
            m_err << "rasa-probe: " << m_channel->kindName() << " session " << id;
            if (auto *cb = qobject_cast<CallbackChannel *>(m_channel.get()))
                m_err << ", callbacks expected at " << cb->receiverUrl().toString();
            m_err << Qt::endl;
        }
        for (const QString &text : std::as_const(m_options.messages)) {
            UserMessage m;
            m.text = text;
            m.metadata = m_options.metadata;
            m_channel->send(m);
        }
    });
    m_timeout.start(m_options.timeoutMs);
    m_channel->open();
}

void SendCommand::onDelivered()
{
    m_repliesSinceDelivery = 0;
    if (++m_delivered < m_options.messages.size())
        return;
    if (m_channel->repliesCompleteOnDelivery())
        return finish(Ok);
    m_quiet.start(m_options.quietMs); // replies may still be on their way
}

void SendCommand::onError(const ChannelError &e)
{
    // A bot message that was lost on the way (malformed, over the limit) is never made up for by a retry.
    if (e.kind == ChannelError::Kind::Protocol)
        return fail(QStringLiteral("protocol error: ") + e.message);
    // A lost Socket.IO connection is retried by the channel; only the timeout gives up on it.
    if (m_channel->state() == ChatChannel::State::Reconnecting) {
        m_err << "rasa-probe: " << e.message << Qt::endl;
        return;
    }
    // The server may end the session once it has answered (python-socketio's disconnect(sid)). Rasa
    // acks a message after its bot messages, so the answer to the last message is in when it was acked,
    // or when a bot message came after the ack of the one before it (the ack itself may be lost).
    const qsizetype pending = m_options.messages.size() - m_delivered;
    if (e.reason == ChannelError::Reason::ServerDisconnect &&
        (pending == 0 || (pending == 1 && m_repliesSinceDelivery > 0))) {
        if (m_options.trace)
            m_err << "rasa-probe: " << e.message << Qt::endl;
        return finish(Ok);
    }
    fail(e.message);
}

void SendCommand::fail(const QString &reason)
{
    if (m_done)
        return;
    m_err << "rasa-probe: " << reason << Qt::endl;
    finish(ConnectionError);
}

void SendCommand::finish(int code)
{
    if (m_done)
        return;
    m_done = true;
    m_quiet.stop();
    m_timeout.stop();
    if (m_channel)
        m_channel->close();
    m_out.flush();
    m_err.flush();
    emit finished(code);
}

} // namespace rasachat
