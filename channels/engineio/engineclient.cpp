#include "engineclient.h"

#include "../client/replyguard.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMetaMethod>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QTimerEvent>
#include <QUrlQuery>
#include <QWebSocket>

namespace rasachat {

namespace {

constexpr int kMaxPacketsPerPost = 16; // python-engineio refuses more in one payload
// A polling response carries every packet queued for us (neither node's nor python's engine.io bounds
// it), so it may hold several messages of up to maxPayload each: this many.
constexpr int kMessagesPerPollResponse = 16;
// Our POSTs are answered "ok"; anything longer than this is not an Engine.IO server.
constexpr qint64 kMaxPostAnswer = 64 * 1024;

QString transportLabel(bool websocket)
{
    return websocket ? QStringLiteral("websocket") : QStringLiteral("polling");
}

} // namespace

EngineClient::EngineClient(const EngineClientOptions &options, QObject *parent)
    : QObject(parent), m_options(options), m_nam(new QNetworkAccessManager(this))
{
    if (!m_options.path.startsWith(u'/'))
        m_options.path.prepend(u'/');
    if (!m_options.path.endsWith(u'/'))
        m_options.path += u'/';
    if (m_options.url.scheme() == u"https" && !(m_options.tls == TlsOptions{}))
        m_tls = clientSslConfiguration(m_options.tls);
}

EngineClient::~EngineClient()
{
    // Leave quietly: no signals into an owner that is going away.
    blockSignals(true);
    finish(CloseReason::ClientClose, QStringLiteral("io client disconnect"));
}

QString EngineClient::transportName() const
{
    return transportLabel(m_transport == Transport::WebSocket);
}

QUrl EngineClient::endpoint(const QString &transport, bool withSid) const
{
    QUrl url = m_options.url;
    if (transport == u"websocket")
        url.setScheme(url.scheme() == u"https" ? QStringLiteral("wss") : QStringLiteral("ws"));
    url.setPath(m_options.path);
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("EIO"), QStringLiteral("4"));
    query.addQueryItem(QStringLiteral("transport"), transport);
    if (transport == u"polling") // cache-busting, as socket.io-client does
        query.addQueryItem(QStringLiteral("t"), QString::number(QRandomGenerator::global()->generate(), 36));
    if (withSid)
        query.addQueryItem(QStringLiteral("sid"), m_sid);
    url.setQuery(query);
    return url;
}

QNetworkRequest EngineClient::request(const QString &transport, bool withSid) const
{
    QNetworkRequest r(endpoint(transport, withSid));
    if (m_tls)
        r.setSslConfiguration(*m_tls);
    return r;
}

QWebSocket *EngineClient::newWebSocket()
{
    auto *ws = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    if (m_tls)
        ws->setSslConfiguration(*m_tls);
    applyLimits(ws);
    // Not ignored: Qt then drops the connection; these say why (see wireWebSocket()).
    connect(ws, &QWebSocket::sslErrors, this,
            [this](const QList<QSslError> &errors) { m_tlsError = tlsErrorText(errors); });
    return ws;
}

void EngineClient::open()
{
    if (m_state != State::Closed)
        return;
    m_state = State::Opening;
    m_tlsError.clear();
    m_connectTimer.start(m_options.connectTimeoutMs, this);
    if (m_options.transport == EngineClientOptions::Transport::WebSocket)
        startWebSocket();
    else
        startPolling();
}

void EngineClient::startPolling()
{
    m_transport = Transport::Polling;
    poll();
}

void EngineClient::poll()
{
    const bool handshake = m_state == State::Opening;
    if (m_transport != Transport::Polling || m_pollReply || m_pollingPaused || m_state == State::Closed)
        return;
    QNetworkReply *reply = m_nam->get(request(QStringLiteral("polling"), !handshake));
    m_pollReply = reply;
    guard(reply, kMessagesPerPollResponse * m_maxPayload);
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        if (reply != m_pollReply)
            return;
        m_pollReply = nullptr;
        if (failed(reply, "xhr poll error"))
            return;
        EioDecodeError error;
        // The count of packets is bounded by the response's size, which the reply guard bounds.
        const auto packets =
            decodeEioPayload(reply->readAll(), &error, EioPayloadLimits{EioPacketCount::Unlimited});
        if (!packets)
            return fail(CloseReason::ParseError,
                        QStringLiteral("a polling response that cannot be decoded: %1").arg(error.message));
        for (const EioPacket &p : *packets) {
            if (p.data.size() > m_maxPayload)
                return fail(CloseReason::TooLarge, QStringLiteral("a packet of %1 bytes is over the server's "
                                                                  "maxPayload of %2 bytes")
                                                       .arg(p.data.size())
                                                       .arg(m_maxPayload));
        }
        for (const EioPacket &p : *packets) {
            if (m_state == State::Closed || m_transport != Transport::Polling)
                return;
            handlePacket(p, Transport::Polling);
        }
        if (m_pollingPaused)
            maybeCompleteUpgrade();
        else
            poll();
    });
}

bool EngineClient::tracing() const
{
    // Encoding every packet again for a trace nobody reads is waste on the message path.
    static const QMetaMethod signal = QMetaMethod::fromSignal(&EngineClient::packet);
    return isSignalConnected(signal);
}

void EngineClient::flush()
{
    if (m_writeQueue.isEmpty() || m_state != State::Open)
        return;
    if (m_transport == Transport::WebSocket) {
        const bool trace = tracing();
        for (const EioPacket &p : std::as_const(m_writeQueue)) {
            if (p.binary) {
                m_socket->sendBinaryMessage(p.data);
                if (trace)
                    emit packet(WireRecord::Direction::Outgoing, transportName(),
                                QByteArrayLiteral("<binary>"));
                continue;
            }
            const QByteArray encoded = encodeEioPacket(p);
            m_socket->sendTextMessage(QString::fromUtf8(encoded));
            if (trace)
                emit packet(WireRecord::Direction::Outgoing, transportName(), encoded);
        }
        m_writeQueue.clear();
        return;
    }
    if (m_postReply || m_pollingPaused)
        return;
    // One POST at a time; batch what is queued, within maxPayload bytes and 16 packets.
    QList<EioPacket> batch;
    qsizetype bytes = 0;
    while (!m_writeQueue.isEmpty() && batch.size() < kMaxPacketsPerPost) {
        const qsizetype size = encodeEioPacket(m_writeQueue.first()).size() + 1;
        if (!batch.isEmpty() && bytes + size > m_maxPayload)
            break;
        bytes += size;
        batch.append(m_writeQueue.takeFirst());
    }
    const QByteArray body = encodeEioPayload(batch);
    if (tracing()) {
        for (const EioPacket &p : batch)
            emit packet(WireRecord::Direction::Outgoing, transportName(), encodeEioPacket(p));
    }
    QNetworkReply *reply = postPayload(body);
    m_postReply = reply;
    guard(reply, kMaxPostAnswer);
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        if (reply != m_postReply)
            return;
        m_postReply = nullptr;
        if (failed(reply, "xhr post error"))
            return;
        if (m_pollingPaused)
            maybeCompleteUpgrade();
        else
            flush();
    });
}

QNetworkReply *EngineClient::postPayload(const QByteArray &body)
{
    QNetworkRequest r = request(QStringLiteral("polling"), true);
    r.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("text/plain;charset=UTF-8"));
    return m_nam->post(r, body);
}

void EngineClient::guard(QNetworkReply *reply, qint64 maxBytes)
{
    // No deadline: a long poll lasts up to pingInterval, and the heartbeat catches one that never ends.
    new ReplyGuard(reply, {maxBytes, 0});
}

bool EngineClient::failed(QNetworkReply *reply, const char *what)
{
    const auto *guard = reply->findChild<ReplyGuard *>(QString(), Qt::FindDirectChildrenOnly);
    const ReplyGuard::Outcome outcome = guard ? guard->outcome() : ReplyGuard::Outcome::Complete;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (outcome == ReplyGuard::Outcome::Complete && status == 200)
        return false;
    const QString why = outcome != ReplyGuard::Outcome::Complete ? guard->errorText()
                        : status                                 ? QStringLiteral("HTTP %1").arg(status)
                                                                 : reply->errorString();
    fail(outcome == ReplyGuard::Outcome::TooLarge    ? CloseReason::TooLarge
         : outcome == ReplyGuard::Outcome::TlsFailed ? CloseReason::TlsError
                                                     : CloseReason::TransportError,
         QStringLiteral("%1: %2").arg(QLatin1StringView(what), why));
    return true;
}

void EngineClient::handlePacket(const EioPacket &p, Transport from)
{
    if (tracing())
        emit packet(WireRecord::Direction::Incoming, transportLabel(from == Transport::WebSocket),
                    p.binary ? QByteArrayLiteral("<binary>") : encodeEioPacket(p));
    switch (p.type) {
    case EioType::Open:
        handleOpen(p.data, from);
        break;
    case EioType::Ping:
        armHeartbeat();
        send(EioPacket::text(EioType::Pong));
        break;
    case EioType::Message:
        if (p.binary)
            emit binaryReceived(p.data);
        else
            emit messageReceived(p.data);
        break;
    case EioType::Close:
        fail(CloseReason::TransportClose, QStringLiteral("transport close"));
        break;
    case EioType::Pong:
    case EioType::Upgrade:
    case EioType::Noop:
        break;
    }
}

void EngineClient::handleOpen(const QByteArray &json, Transport from)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (!doc.isObject())
        return fail(CloseReason::ParseError,
                    QStringLiteral("the server's OPEN packet is not a JSON object%1")
                        .arg(error.error ? QStringLiteral(" (%1)").arg(error.errorString()) : QString()));
    const QJsonObject o = doc.object();
    m_sid = o.value(u"sid").toString();
    if (m_sid.isEmpty())
        return fail(CloseReason::ParseError, QStringLiteral("the server's OPEN packet has no sid"));
    m_pingIntervalMs = o.value(u"pingInterval").toInt(25'000);
    m_pingTimeoutMs = o.value(u"pingTimeout").toInt(20'000);
    // Optional: python-engineio does not send it. A server may ask for more than we take.
    const double announced = o.value(u"maxPayload").toDouble(0);
    m_maxPayload =
        announced >= 1 ? qint64(std::min<double>(announced, kMaxAcceptedPayload)) : kDefaultMaxPayload;
    for (QWebSocket *ws : {m_socket, m_probe})
        if (ws)
            applyLimits(ws);
    m_canUpgrade = o.value(u"upgrades").toArray().contains(QStringLiteral("websocket"));
    m_state = State::Open;
    m_connectTimer.stop();
    armHeartbeat();
    emit opened();
    if (from == Transport::Polling) {
        flush();
        if (m_canUpgrade && m_options.transport == EngineClientOptions::Transport::Auto)
            startUpgrade();
    }
}

void EngineClient::armHeartbeat()
{
    m_heartbeat.start(m_pingIntervalMs + m_pingTimeoutMs, this);
}

void EngineClient::timerEvent(QTimerEvent *event)
{
    if (event->timerId() == m_heartbeat.timerId())
        fail(CloseReason::PingTimeout, QStringLiteral("ping timeout"));
    else if (event->timerId() == m_connectTimer.timerId())
        fail(CloseReason::ConnectTimeout, QStringLiteral("timeout"));
    else
        QObject::timerEvent(event);
}

void EngineClient::send(const EioPacket &p)
{
    m_writeQueue.append(p);
    flush();
}

void EngineClient::sendMessage(const QByteArray &text)
{
    send(EioPacket::text(EioType::Message, text));
}

void EngineClient::sendBinary(const QByteArray &data)
{
    send(EioPacket::bytes(data));
}

void EngineClient::startWebSocket()
{
    m_transport = Transport::WebSocket;
    m_socket = newWebSocket();
    wireWebSocket(m_socket);
    m_socket->open(endpoint(QStringLiteral("websocket"), false));
}

void EngineClient::applyLimits(QWebSocket *ws) const
{
    // Refused from the frame header on, before the payload is buffered (Qt closes with 1009).
    ws->setMaxAllowedIncomingFrameSize(quint64(m_maxPayload));
    ws->setMaxAllowedIncomingMessageSize(quint64(m_maxPayload));
}

void EngineClient::wireWebSocket(QWebSocket *ws)
{
    connect(ws, &QWebSocket::textMessageReceived, this, [this](const QString &text) {
        EioDecodeError error;
        const auto p = decodeEioPacket(text.toUtf8(), &error);
        if (!p)
            return fail(CloseReason::ParseError,
                        QStringLiteral("a WebSocket frame that cannot be decoded: %1").arg(error.message));
        handlePacket(*p, Transport::WebSocket);
    });
    connect(ws, &QWebSocket::binaryMessageReceived, this,
            [this](const QByteArray &data) { handlePacket(EioPacket::bytes(data), Transport::WebSocket); });
    connect(ws, &QWebSocket::stateChanged, this, [this, ws](QAbstractSocket::SocketState state) {
        // Qt starts a closing handshake when a frame is over the limit; the server may still be sending
        // it, so drop the connection now rather than read on.
        if (state == QAbstractSocket::ClosingState &&
            ws->closeCode() == QWebSocketProtocol::CloseCodeTooMuchData)
            fail(CloseReason::TooLarge,
                 QStringLiteral("a WebSocket message over the server's maxPayload of %1 bytes")
                     .arg(m_maxPayload));
    });
    connect(ws, &QWebSocket::disconnected, this, [this, ws] {
        if (m_state == State::Opening && !m_tlsError.isEmpty())
            fail(CloseReason::TlsError, QStringLiteral("websocket error: %1").arg(m_tlsError));
        else if (m_state == State::Opening && ws->error() == QAbstractSocket::SslHandshakeFailedError)
            fail(CloseReason::TlsError, QStringLiteral("websocket error: %1").arg(ws->errorString()));
        else if (m_state == State::Opening)
            fail(CloseReason::TransportError, QStringLiteral("websocket error: %1").arg(ws->errorString()));
        else
            fail(CloseReason::TransportClose, QStringLiteral("transport close"));
    });
}

void EngineClient::startUpgrade()
{
    m_probe = newWebSocket();
    connect(m_probe, &QWebSocket::connected, this, [this] {
        m_probe->sendTextMessage(QStringLiteral("2probe"));
        emit packet(WireRecord::Direction::Outgoing, QStringLiteral("websocket"), "2probe");
    });
    connect(m_probe, &QWebSocket::textMessageReceived, this, &EngineClient::onProbeText);
    connect(m_probe, &QWebSocket::disconnected, this, &EngineClient::abortUpgrade);
    m_probe->open(endpoint(QStringLiteral("websocket"), true));
}

void EngineClient::onProbeText(const QString &text)
{
    emit packet(WireRecord::Direction::Incoming, QStringLiteral("websocket"), text.toUtf8());
    if (text != u"3probe")
        return abortUpgrade();
    m_pollingPaused = true; // let the GET (released by the server with a noop) and any POST come back
    maybeCompleteUpgrade();
}

void EngineClient::maybeCompleteUpgrade()
{
    if (!m_probe || !m_pollingPaused || m_pollReply || m_postReply)
        return;
    QWebSocket *ws = m_probe;
    m_probe = nullptr;
    ws->disconnect(this);
    ws->sendTextMessage(QStringLiteral("5"));
    emit packet(WireRecord::Direction::Outgoing, QStringLiteral("websocket"), "5");
    m_socket = ws;
    wireWebSocket(ws);
    m_transport = Transport::WebSocket;
    m_pollingPaused = false;
    flush();
}

void EngineClient::abortUpgrade()
{
    if (!m_probe)
        return;
    m_probe->disconnect(this);
    m_probe->abort();
    m_probe->deleteLater();
    m_probe = nullptr;
    if (m_pollingPaused) {
        m_pollingPaused = false;
        poll();
        flush();
    }
}

void EngineClient::close()
{
    if (m_state == State::Closed)
        return;
    if (m_state == State::Open) {
        const EioPacket bye = EioPacket::text(EioType::Close);
        emit packet(WireRecord::Direction::Outgoing, transportName(), encodeEioPacket(bye));
        if (m_transport == Transport::WebSocket) {
            m_socket->sendTextMessage(QStringLiteral("1"));
        } else {
            QNetworkReply *reply = postPayload(encodeEioPacket(bye));
            connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
        }
    }
    finish(CloseReason::ClientClose, QStringLiteral("io client disconnect"));
}

void EngineClient::fail(CloseReason reason, const QString &detail)
{
    finish(reason, detail);
}

void EngineClient::finish(CloseReason reason, const QString &detail)
{
    if (m_state == State::Closed)
        return;
    m_state = State::Closed;
    m_heartbeat.stop();
    m_connectTimer.stop();
    for (QNetworkReply *reply : {m_pollReply.data(), m_postReply.data()}) {
        if (reply) {
            reply->disconnect(this);
            reply->abort();
            reply->deleteLater();
        }
    }
    m_pollReply = nullptr;
    m_postReply = nullptr;
    for (QWebSocket *ws : {m_socket, m_probe}) {
        if (ws) {
            ws->disconnect(this);
            if (ws->state() == QAbstractSocket::ConnectedState)
                ws->close();
            else
                ws->abort();
            ws->deleteLater();
        }
    }
    m_socket = nullptr;
    m_probe = nullptr;
    m_pollingPaused = false;
    m_transport = Transport::None;
    m_writeQueue.clear();
    m_sid.clear();
    emit closed(reason, detail);
}

QString engineCloseReasonName(EngineClient::CloseReason reason)
{
    switch (reason) {
    case EngineClient::CloseReason::ClientClose:
        return QStringLiteral("io client disconnect");
    case EngineClient::CloseReason::TransportClose:
        return QStringLiteral("transport close");
    case EngineClient::CloseReason::TransportError:
        return QStringLiteral("transport error");
    case EngineClient::CloseReason::PingTimeout:
        return QStringLiteral("ping timeout");
    case EngineClient::CloseReason::ConnectTimeout:
        return QStringLiteral("timeout");
    case EngineClient::CloseReason::ParseError:
        return QStringLiteral("parse error");
    case EngineClient::CloseReason::TooLarge:
        return QStringLiteral("message too large");
    case EngineClient::CloseReason::TlsError:
        return QStringLiteral("tls error");
    }
    return {};
}

} // namespace rasachat
