#include "socketiochannel.h"

#include "../message/jsonwriter.h"
#include "../socketio/sioclient.h"
#include "socketiooutput.h"

#include <QJsonObject>
#include <QMetaMethod>
#include <QPointer>
#include <QRandomGenerator>
#include <QSettings>
#include <QTimerEvent>
#include <memory>
#include <utility>

namespace rasachat {

namespace {

std::unique_ptr<QSettings> settingsFor(const SocketIoChannelOptions &o)
{
    if (!o.settingsFile.isEmpty())
        return std::make_unique<QSettings>(o.settingsFile, QSettings::IniFormat);
    return std::make_unique<QSettings>();
}

// One stored id per server and path; the key must not contain '/' (QSettings would nest groups).
QString settingsKey(const SocketIoChannelOptions &o)
{
    QUrl url = o.serverUrl;
    url.setPath(o.socketioPath);
    return QStringLiteral("socketio-sessions/") +
           QString::fromLatin1(
               url.toString(QUrl::NormalizePathSegments).toUtf8().toBase64(QByteArray::Base64UrlEncoding));
}

} // namespace

EngineClientOptions::Transport transportFromName(const QString &name, bool *ok)
{
    *ok = true;
    if (name == u"polling")
        return EngineClientOptions::Transport::Polling;
    if (name == u"websocket")
        return EngineClientOptions::Transport::WebSocket;
    *ok = name == u"auto";
    return EngineClientOptions::Transport::Auto;
}

SocketIoChannel::SocketIoChannel(const SocketIoChannelOptions &options, QObject *parent)
    : ChatChannel(parent), m_options(options)
{
    m_offeredId = options.sessionId;
    if (m_offeredId.isEmpty() && options.rememberSession)
        m_offeredId = storedSessionId(options);
    if (m_offeredId.isEmpty())
        m_offeredId = newSessionId();
}

SocketIoChannel::~SocketIoChannel()
{
    m_userClosed = true;
    teardown();
}

QString SocketIoChannel::storedSessionId(const SocketIoChannelOptions &options)
{
    return settingsFor(options)->value(settingsKey(options)).toString();
}

void SocketIoChannel::storeSessionId(const QString &id) const
{
    if (m_options.rememberSession)
        settingsFor(m_options)->setValue(settingsKey(m_options), id);
}

void SocketIoChannel::forgetSession()
{
    settingsFor(m_options)->remove(settingsKey(m_options));
    m_offeredId = newSessionId();
}

QString SocketIoChannel::transportName() const
{
    return m_engine && m_engine->state() == EngineClient::State::Open ? m_engine->transportName() : QString();
}

void SocketIoChannel::setHandshake(Handshake h)
{
    if (h == m_handshake)
        return;
    m_handshake = h;
    emit handshakeChanged(h);
}

void SocketIoChannel::open()
{
    if (state() == State::Connecting || state() == State::Connected)
        return;
    m_userClosed = false;
    m_attempt = 0;
    m_reconnectTimer.stop();
    setState(State::Connecting);
    connectEngine();
}

void SocketIoChannel::connectNotify(const QMetaMethod &signal)
{
    if (signal == QMetaMethod::fromSignal(&ChatChannel::traffic) && m_engine)
        relayTraffic();
}

void SocketIoChannel::relayTraffic()
{
    // Once per engine (connectNotify() runs for every listener that connects).
    if (std::exchange(m_trafficRelayed, true))
        return;
    connect(m_engine, &EngineClient::packet, this,
            [this](WireRecord::Direction direction, const QString &transport, const QByteArray &p) {
                emit traffic(WireRecord{QDateTime::currentDateTime(), direction, kindName(), transport, p});
            });
}

void SocketIoChannel::connectEngine()
{
    teardown();
    EngineClientOptions eo;
    eo.url = m_options.serverUrl;
    eo.path = m_options.socketioPath;
    eo.transport = m_options.transport;
    eo.tls = m_options.tls;
    m_engine = new EngineClient(eo, this);
    m_sio = new SioClient(m_engine, this);
    m_trafficRelayed = false;
    if (isSignalConnected(QMetaMethod::fromSignal(&ChatChannel::traffic)))
        relayTraffic();
    connect(m_engine, &EngineClient::closed, this, &SocketIoChannel::onEngineClosed);
    connect(m_sio, &SioClient::connected, this, [this](const QString &nsp) {
        if (nsp == m_options.socketNamespace)
            onConnected();
    });
    connect(m_sio, &SioClient::connectError, this,
            [this](const QString &, const QJsonValue &data) { onConnectError(data); });
    connect(m_sio, &SioClient::eventReceived, this, &SocketIoChannel::onEvent);
    connect(m_sio, &SioClient::malformedPacket, this, &SocketIoChannel::onMalformedPacket);
    connect(m_sio, &SioClient::disconnected, this, &SocketIoChannel::onDisconnected);
    QJsonValue auth = QJsonValue::Undefined;
    if (!m_options.token.isEmpty())
        auth = QJsonObject{{QStringLiteral("token"), m_options.token}};
    m_sio->connectTo(m_options.socketNamespace, auth);
    setHandshake(Handshake::AwaitingConnect);
    m_engine->open();
}

void SocketIoChannel::teardown()
{
    if (m_sio) {
        m_sio->disconnect(this);
        m_sio->deleteLater();
        m_sio = nullptr;
    }
    if (m_engine) {
        m_engine->disconnect(this);
        m_engine->close();
        m_engine->deleteLater();
        m_engine = nullptr;
    }
}

void SocketIoChannel::onConnected()
{
    setState(State::Connected);
    setHandshake(Handshake::AwaitingConfirm);
    JsonWriter w(JsonStyle::Compact);
    w.beginArray().value(QStringLiteral("session_request"));
    w.beginObject().key(u"session_id").value(m_offeredId).endObject();
    w.endArray();
    m_sio->emitRaw(w.data(), {}, m_options.socketNamespace);
}

void SocketIoChannel::onEvent(const QString &, const QString &name, const QJsonArray &args,
                              std::optional<quint64> ackId)
{
    if (ackId)
        m_sio->ack(*ackId, "[]", m_options.socketNamespace);
    if (name == u"session_confirm") {
        const QJsonValue id = args.isEmpty() ? QJsonValue() : args.first();
        const QString confirmed =
            id.isString() ? id.toString() : QString::fromUtf8(JsonWriter::encode(id, JsonStyle::Compact));
        m_offeredId = confirmed;
        m_attempt = 0;
        setSessionId(confirmed);
        storeSessionId(confirmed);
        setHandshake(Handshake::Confirmed);
        emit sessionConfirmed(confirmed);
        flush();
    } else if (name == m_options.botMessageEvt) {
        const QJsonValue payload = args.isEmpty() ? QJsonValue() : args.first();
        BotMessage m = botMessageFromSocketIo(payload);
        m.raw = JsonWriter::encode(payload, JsonStyle::Compact);
        emit botMessage(m);
    }
}

void SocketIoChannel::onDisconnected(const QString &nsp, SioClient::DisconnectReason reason)
{
    if (reason != SioClient::DisconnectReason::ServerDisconnect || nsp != m_options.socketNamespace)
        return;
    // As socket.io-client ("io server disconnect"): the server sent us away, so no reconnect. Every
    // piece of state is settled before the signal goes out, because its slot may close or delete us.
    m_userClosed = true;
    m_reconnectTimer.stop();
    teardown();
    requeueInFlight();
    setHandshake(Handshake::Idle);
    setState(State::Disconnected);
    emit errorOccurred(ChannelError{ChannelError::Kind::Connection,
                                    QStringLiteral("the server ended the session (io server disconnect)"),
                                    sioDisconnectReasonName(reason),
                                    {},
                                    ChannelError::Reason::ServerDisconnect});
}

void SocketIoChannel::requeueInFlight()
{
    // Whatever was sent and not acked may not have reached the bot: it goes again, first.
    while (!m_inFlight.isEmpty())
        m_queue.prepend(m_inFlight.takeLast());
}

void SocketIoChannel::onConnectError(const QJsonValue &data)
{
    const QString reason = data.isObject()   ? data.toObject().value(u"message").toString()
                           : data.isString() ? data.toString()
                                             : QString();
    m_userClosed = true; // socket.io-client does not retry a refused CONNECT either
    teardown();
    setHandshake(Handshake::Idle);
    setState(State::Disconnected);
    emit errorOccurred(ChannelError{ChannelError::Kind::Connection,
                                    QStringLiteral("the server refused the connection: %1")
                                        .arg(reason.isEmpty() ? QStringLiteral("(no reason given)") : reason),
                                    QString::fromUtf8(JsonWriter::encode(data, JsonStyle::Compact)),
                                    {},
                                    ChannelError::Reason::Refused});
}

void SocketIoChannel::onEngineClosed(EngineClient::CloseReason reason, const QString &detail)
{
    const bool error = reason != EngineClient::CloseReason::ClientClose;
    const bool protocol =
        reason == EngineClient::CloseReason::ParseError || reason == EngineClient::CloseReason::TooLarge;
    QString lostId;
    if (protocol && !m_inFlight.isEmpty())
        lostId = m_inFlight.takeFirst().messageId; // sending it again would likely break the same way
    requeueInFlight();
    setHandshake(Handshake::Idle);
    // A refused certificate is refused again: say so once rather than retry for ever.
    const bool tls = reason == EngineClient::CloseReason::TlsError;
    if (tls)
        m_userClosed = true;
    const bool retry = !m_userClosed && m_options.reconnect;
    if (!retry)
        setState(State::Disconnected);
    if (error) {
        ChannelError e;
        if (protocol) {
            e = ChannelError{ChannelError::Kind::Protocol, detail, engineCloseReasonName(reason), lostId,
                             reason == EngineClient::CloseReason::TooLarge
                                 ? ChannelError::Reason::ReplyTooLarge
                                 : ChannelError::Reason::MalformedReply};
        } else {
            const QString server = m_options.serverUrl.toString();
            e = ChannelError{ChannelError::Kind::Connection,
                             tls     ? QStringLiteral("cannot connect to %1: %2").arg(server, detail)
                             : retry ? QStringLiteral("cannot reach %1: %2; retrying").arg(server, detail)
                                     : QStringLiteral("connection to %1 lost: %2").arg(server, detail),
                             detail,
                             {},
                             tls ? ChannelError::Reason::Tls : ChannelError::Reason::Unreachable};
        }
        const QPointer<SocketIoChannel> self(this);
        emit errorOccurred(e);
        if (!self || m_userClosed) // the slot closed or deleted the channel: no reconnect behind its back
            return;
    }
    if (retry)
        scheduleReconnect();
}

void SocketIoChannel::onMalformedPacket(const QString &why, const QByteArray &packet)
{
    QString shown = QString::fromUtf8(packet.left(120));
    if (packet.size() > 120)
        shown += u'…';
    emit errorOccurred(
        ChannelError{ChannelError::Kind::Protocol,
                     QStringLiteral("a Socket.IO packet that cannot be decoded (%1): %2").arg(why, shown),
                     QString::fromUtf8(packet),
                     {},
                     ChannelError::Reason::MalformedReply});
}

void SocketIoChannel::scheduleReconnect()
{
    setState(State::Reconnecting);
    // socket.io-client's backoff: delay * 2^n, +-50 % jitter, capped.
    const double base = std::min<double>(m_options.reconnectDelayMs * double(1u << std::min(m_attempt, 16)),
                                         m_options.reconnectDelayMaxMs);
    const double jitter = (QRandomGenerator::global()->generateDouble() * 2.0 - 1.0) * 0.5 * base;
    const int delay = int(std::min<double>(base + jitter, m_options.reconnectDelayMaxMs));
    ++m_attempt;
    emit reconnectScheduled(m_attempt, delay);
    m_reconnectTimer.start(delay, this);
}

void SocketIoChannel::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_reconnectTimer.timerId())
        return ChatChannel::timerEvent(event);
    m_reconnectTimer.stop();
    connectEngine();
}

void SocketIoChannel::close()
{
    m_userClosed = true;
    m_reconnectTimer.stop();
    if (m_sio)
        m_sio->disconnectFrom(m_options.socketNamespace);
    teardown();
    requeueInFlight();
    setHandshake(Handshake::Idle);
    setState(State::Disconnected);
}

void SocketIoChannel::send(const UserMessage &message)
{
    m_queue.enqueue(addressed(message)); // the session id, not a sender, says whose it is
    flush();
}

QByteArray SocketIoChannel::userPayload(const UserMessage &m) const
{
    JsonWriter w(JsonStyle::Compact);
    w.beginArray().value(m_options.userMessageEvt);
    w.beginObject();
    w.key(u"message").value(m.text);
    w.key(u"session_id").value(m_offeredId);
    if (!m.metadata.isUndefined())
        w.key(m_options.metadataKey).value(m.metadata);
    w.endObject();
    w.endArray();
    return w.data();
}

void SocketIoChannel::flush()
{
    if (m_handshake != Handshake::Confirmed || !m_sio)
        return;
    while (!m_queue.isEmpty()) {
        const UserMessage m = m_queue.dequeue();
        m_inFlight.enqueue(m);
        m_sio->emitRaw(
            userPayload(m),
            [this, id = m.messageId](const QJsonArray &, const QList<QByteArray> &) {
                for (qsizetype i = 0; i < m_inFlight.size(); ++i) {
                    if (m_inFlight.at(i).messageId == id) {
                        m_inFlight.removeAt(i);
                        emit messageDelivered(id);
                        return;
                    }
                }
            },
            m_options.socketNamespace);
    }
}

} // namespace rasachat
