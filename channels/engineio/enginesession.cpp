#include "enginesession.h"

#include "../http/httpresponder.h"
#include "../http/logsafe.h"
#include "../message/jsonwriter.h"
#include "turnflusher.h"
#include "websocketreadgate.h"

#include <QJsonArray>
#include <QLoggingCategory>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTimerEvent>
#include <QWebSocket>
#include <utility>

Q_LOGGING_CATEGORY(lcEio, "rasa.eio", QtInfoMsg)

namespace rasachat {

namespace {
// Over this many times maxUnsentBytes, a WebSocket client that does not read is dropped at once (its
// replies can pile up although it is not read from, e.g. what a room sends it).
constexpr int kHardUnsentFactor = 4;
// While reading is paused: how often to look whether the client has read enough to read from it again.
constexpr int kDrainCheckMs = 20;
} // namespace

QString eioCloseReasonName(EioCloseReason reason)
{
    switch (reason) {
    case EioCloseReason::ServerClose:
        return QStringLiteral("server close");
    case EioCloseReason::ClientClose:
        return QStringLiteral("client close");
    case EioCloseReason::PingTimeout:
        return QStringLiteral("ping timeout");
    case EioCloseReason::TransportClose:
        return QStringLiteral("transport close");
    case EioCloseReason::TransportError:
        return QStringLiteral("transport error");
    case EioCloseReason::ParseError:
        return QStringLiteral("parse error");
    }
    return {};
}

EngineSession::EngineSession(const QByteArray &sid, const EngineOptions &options,
                             const HttpRequest &handshake, TurnFlusher *flusher, QObject *parent)
    : QObject(parent), m_sid(sid), m_options(options), m_handshake(handshake), m_flusher(flusher)
{
    // Kept for the layers above for the session's lifetime: the query and the few headers an application
    // may look at, not the whole head (thousands of idle sessions each keep their copy).
    m_handshake.body.clear();
    m_handshake.target.clear();
    HttpHeaders kept;
    for (const auto &h : std::as_const(m_handshake.headers)) {
        if (h.first == "origin" || h.first == "user-agent" || h.first == "authorization" ||
            h.first == "cookie")
            kept.append(h);
    }
    m_handshake.headers = kept;
    startHeartbeat();
}

EngineSession::~EngineSession()
{
    // The sockets are our children and go with us; they must not call back into a half-destroyed session.
    for (QWebSocket *ws : {m_socket, m_probe}) {
        if (ws) {
            ws->disconnect(this);
            ws->abort();
        }
    }
}

QByteArray EngineSession::openPacket(bool canUpgrade) const
{
    // node's key order; python-engineio writes pingTimeout first and no maxPayload (order is not
    // significant to any client).
    JsonWriter w(JsonStyle::PythonCompact);
    w.beginObject();
    w.key(u"sid").value(QString::fromLatin1(m_sid));
    w.key(u"upgrades").value(canUpgrade ? QJsonArray{QStringLiteral("websocket")} : QJsonArray());
    w.key(u"pingInterval").value(m_options.pingIntervalMs);
    w.key(u"pingTimeout").value(m_options.pingTimeoutMs);
    w.key(u"maxPayload").value(m_options.maxPayload);
    w.endObject();
    return encodeEioPacket(EioPacket::text(EioType::Open, w.data()));
}

void EngineSession::timerEvent(QTimerEvent *event)
{
    if (event->timerId() == m_pingTimer.timerId()) {
        m_pingTimer.stop();
        sendPing();
    } else if (event->timerId() == m_pongTimer.timerId()) {
        m_pongTimer.stop();
        if (m_heldPost) {
            // A polling client sends its pong in its next POST, which it cannot while we hold this one.
            m_pongTimer.start(m_options.pingTimeoutMs, this);
            return;
        }
        finish(EioCloseReason::PingTimeout, QStringLiteral("no pong within the ping timeout"));
    } else if (event->timerId() == m_stallTimer.timerId()) {
        m_stallTimer.stop();
        // Only the client's own slowness counts: reading may also be stopped by holdInput().
        if (m_socket && unsentBytes() > m_options.maxUnsentBytes / 2)
            dropStuckClient(m_options.writeStallTimeoutMs);
    } else if (event->timerId() == m_upgradeTimer.timerId()) {
        m_upgradeTimer.stop();
        abortUpgrade(QStringLiteral("the upgrade did not complete in time"));
    } else {
        QObject::timerEvent(event);
    }
}

void EngineSession::startHeartbeat()
{
    m_pongTimer.stop();
    m_pingTimer.start(m_options.pingIntervalMs, this);
}

void EngineSession::sendPing()
{
    send(EioPacket::text(EioType::Ping));
    m_pongTimer.start(m_options.pingTimeoutMs, this);
}

qint64 EngineSession::unsentBytes() const
{
    if (!m_socket)
        return m_queuedBytes;
    // Over TLS what is written is encrypted at once: it waits as the TLS socket's encrypted bytes, not as
    // the WebSocket's bytes to write.
    const auto *tls = qobject_cast<const QSslSocket *>(m_transport.data());
    return m_socket->bytesToWrite() + (tls ? tls->encryptedBytesToWrite() : 0);
}

bool EngineSession::isReadPaused() const
{
    return m_gate && m_gate->isPaused();
}

qint64 EngineSession::heldIncomingBytes() const
{
    qint64 held = m_gate ? m_gate->heldBytes() : 0;
    for (const EioPacket &p : m_heldPackets)
        held += p.data.size();
    return held;
}

void EngineSession::holdInput()
{
    if (m_inputHolds++ > 0)
        return;
    if (m_gate && !isReadPaused())
        m_gate->pause([this] { return mayReadAgain(); }, kDrainCheckMs);
}

void EngineSession::releaseInput()
{
    if (m_inputHolds == 0 || --m_inputHolds > 0)
        return;
    // Later, not here: this runs inside the layers above (the answer to a turn), which what is taken in
    // would re-enter.
    QMetaObject::invokeMethod(
        this,
        [this] {
            if (!m_heldPackets.isEmpty())
                takeHeldPackets();
            if (m_gate && m_gate->isPaused() && mayReadAgain())
                m_gate->resume();
        },
        Qt::QueuedConnection);
}

bool EngineSession::mayReadAgain() const
{
    return m_inputHolds == 0 && m_heldPackets.isEmpty() &&
           (!m_socket || unsentBytes() <= m_options.maxUnsentBytes / 2);
}

void EngineSession::send(const EioPacket &packet)
{
    if (m_state == State::Closed || m_queueOverflowed)
        return;
    if (m_state == State::WebSocket) {
        writeToWebSocket(packet);
        return;
    }
    m_queue.append(packet);
    m_queuedBytes += packet.data.size() + 1;
    if (m_queuedBytes > m_options.maxUnsentBytes && !m_poll) {
        // A client that POSTs but never GETs would have its replies pile up here until the heartbeat gave
        // up on it. Closed later, not here: send() runs inside the layers above (a room's emit loop).
        qCWarning(lcEio).noquote() << m_sid << "closing: the client has not fetched" << m_queuedBytes
                                   << "bytes of packets, more than" << m_options.maxUnsentBytes
                                   << "(it sends but does not poll)";
        m_queueOverflowed = true;
        m_queue.clear();
        m_queuedBytes = 0;
        QMetaObject::invokeMethod(
            this,
            [this] {
                finish(EioCloseReason::TransportError,
                       QStringLiteral("the client does not fetch its packets"));
            },
            Qt::QueuedConnection);
        return;
    }
    flushPoll();
}

QString EngineSession::encodeWebSocketMessage(const QByteArray &text)
{
    return QString::fromUtf8(encodeEioPacket(EioPacket::text(EioType::Message, text)));
}

void EngineSession::sendMessage(const QByteArray &text, const QString &webSocketFrame)
{
    if (m_state != State::WebSocket || m_queueOverflowed) {
        sendMessage(text);
        return;
    }
    m_socket->sendTextMessage(webSocketFrame);
    wroteToWebSocket();
}

void EngineSession::writeToWebSocket(const EioPacket &packet)
{
    if (packet.binary)
        m_socket->sendBinaryMessage(packet.data);
    else
        m_socket->sendTextMessage(QString::fromUtf8(encodeEioPacket(packet)));
    wroteToWebSocket();
}

void EngineSession::wroteToWebSocket()
{
    if (m_flusher)
        m_flusher->schedule(m_socket);
    const qint64 unsent = unsentBytes();
    if (unsent > kHardUnsentFactor * m_options.maxUnsentBytes) {
        // Closed later, not here: this runs inside the layers above (a room's emit loop).
        m_queueOverflowed = true;
        QMetaObject::invokeMethod(
            this, [this] { dropStuckClient(0); }, Qt::QueuedConnection);
    } else if (unsent > m_options.maxUnsentBytes) {
        pauseReading(); // also when reading is held already: the stall timer starts
    }
}

// Backpressure on a WebSocket, as the HTTP front does for pipelined requests: a client whose replies pile
// up unread is not read from until it has taken half of them; one that stays so for writeStallTimeoutMs
// is dropped (dropStuckClient()).
void EngineSession::pauseReading()
{
    if (m_gate && !isReadPaused()) {
        qCDebug(lcEio).noquote() << m_sid << "not reading from the client:" << unsentBytes()
                                 << "bytes unsent";
        m_gate->pause([this] { return mayReadAgain(); }, kDrainCheckMs);
    }
    if (!m_stallTimer.isActive())
        m_stallTimer.start(m_options.writeStallTimeoutMs, this);
}

// A client that is still not read from after writeStallTimeoutMs, or whose unsent replies go over four
// times maxUnsentBytes, is dropped with what it has not read (a graceful close would wait for it).
void EngineSession::dropStuckClient(int stuckForMs)
{
    if (m_state != State::WebSocket)
        return;
    const QString why =
        stuckForMs > 0
            ? QStringLiteral("more than %1 bytes unread for %2 ms")
                  .arg(m_options.maxUnsentBytes)
                  .arg(stuckForMs)
            : QStringLiteral("more than %1 bytes unread").arg(kHardUnsentFactor * m_options.maxUnsentBytes);
    qCWarning(lcEio).noquote() << m_sid
                               << QStringLiteral("closing: the client left %1 (%2 bytes unsent; it sends but "
                                                 "does not read)")
                                      .arg(why)
                                      .arg(unsentBytes());
    m_socket->disconnect(this);
    if (m_gate) {
        m_gate->disconnect(this);
        m_gate->release(); // so that QWebSocket sees its socket end
    }
    m_socket->abort();
    finish(EioCloseReason::TransportError, QStringLiteral("the client does not read its replies"));
}

void EngineSession::flushPoll()
{
    if (!m_poll || m_queue.isEmpty())
        return;
    const QByteArray body = encodeEioPayload(m_queue);
    m_queue.clear();
    m_queuedBytes = 0;
    answerPoll(body);
}

void EngineSession::answerPoll(const QByteArray &body)
{
    QPointer<HttpResponder> poll = m_poll;
    m_poll = nullptr;
    poll->send(HttpResponse{200, {{"Content-Type", "text/plain; charset=UTF-8"}}, body});
}

void EngineSession::handlePoll(HttpResponder *responder)
{
    if (m_poll) {
        // node closes a session whose client overlaps its long-polls; so do we.
        responder->send(HttpResponse::json(400, R"({"code":3,"message":"Bad request"})"));
        finish(EioCloseReason::TransportError, QStringLiteral("overlapping GET requests from the client"));
        return;
    }
    m_poll = responder;
    connect(responder, &HttpResponder::abandoned, this, [this] {
        // The client went away mid-poll; the heartbeat decides whether it is gone for good.
        m_poll = nullptr;
    });
    if (m_state == State::Upgrading && m_queue.isEmpty())
        m_queue.append(EioPacket::text(EioType::Noop)); // release the poll so that the client can send "5"
    flushPoll();
}

void EngineSession::handlePost(const HttpRequest &request, HttpResponder *responder)
{
    // node's engine.io takes any number of packets in a body of up to maxPayload bytes; Rasa's
    // python-engineio refuses more than 16, which kills sessions of clients that queue up while
    // offline. We take node's side here (the byte limit still bounds the work).
    if (request.body.size() > m_options.maxPayload) {
        responder->send(HttpResponse::error(
            413, QStringLiteral("PayloadTooLarge"),
            QStringLiteral("the request body (%1 bytes) is larger than maxPayload (%2 bytes)")
                .arg(request.body.size())
                .arg(m_options.maxPayload)));
        return;
    }
    if (m_heldPost || !m_heldPackets.isEmpty()) {
        // node refuses a POST while the previous one is not answered ("data request overlap"); here the
        // previous one is answered once the layers above have taken its packets (holdInput()).
        responder->send(HttpResponse::json(400, R"({"code":3,"message":"Bad request"})"));
        finish(EioCloseReason::TransportError, QStringLiteral("overlapping POST requests from the client"));
        return;
    }
    EioDecodeError error;
    const auto packets = decodeEioPayload(request.body, &error, EioPayloadLimits{EioPacketCount::Unlimited});
    if (!packets) {
        responder->send(HttpResponse::json(400, R"({"code":3,"message":"Bad request"})"));
        finish(EioCloseReason::ParseError, error.message);
        return;
    }
    m_heldPackets = *packets;
    m_heldPost = responder;
    takeHeldPackets();
}

// Hands the packets of the POST in progress on until the layers above hold the input; the POST is answered
// once all are taken (or the session ends), so that a client cannot send faster than they are taken.
void EngineSession::takeHeldPackets()
{
    QPointer<EngineSession> self(this);
    while (!m_heldPackets.isEmpty() && m_inputHolds == 0 && m_state != State::Closed) {
        receive(m_heldPackets.takeFirst());
        if (!self)
            return;
    }
    if (m_heldPackets.isEmpty())
        answerPost();
}

void EngineSession::answerPost()
{
    if (QPointer<HttpResponder> post = std::exchange(m_heldPost, nullptr)) {
        post->send(HttpResponse{200, {{"Content-Type", "text/html"}}, "ok"});
        // The pong it could not send while we held the POST: the whole ping timeout from now.
        if (m_pongTimer.isActive())
            m_pongTimer.start(m_options.pingTimeoutMs, this);
    }
}

void EngineSession::receive(const EioPacket &packet)
{
    if (packet.type != EioType::Message || packet.binary) // receiveMessage() logs the others
        qCDebug(lcEio).noquote() << m_sid << "received" << eioTypeName(packet.type)
                                 << (packet.binary ? QStringLiteral("<binary>")
                                                   : logSafe(packet.data.left(200)));
    switch (packet.type) {
    case EioType::Pong:
        startHeartbeat();
        break;
    case EioType::Message:
        if (packet.binary)
            emit binaryReceived(packet.data);
        else
            receiveMessage(packet.data);
        break;
    case EioType::Close:
        finish(EioCloseReason::ClientClose, QStringLiteral("the client closed the session"));
        break;
    case EioType::Ping:
        finish(EioCloseReason::TransportError,
               QStringLiteral("invalid heartbeat direction: the client sent a ping"));
        break;
    case EioType::Open:
    case EioType::Upgrade:
    case EioType::Noop:
        break; // nothing for a server to do with these outside an upgrade
    }
}

void EngineSession::receiveMessage(const QByteArray &text)
{
    qCDebug(lcEio).noquote() << m_sid << "received MESSAGE" << logSafe(text.left(200));
    emit messageReceived(text);
}

void EngineSession::attachWebSocket(QWebSocket *socket)
{
    m_socket = socket;
    m_socket->setParent(this);
    m_state = State::WebSocket;
    // EngineServer makes the TCP socket a WebSocket came from its child; without one (never, outside
    // tests) backpressure can only drop the client.
    m_transport = m_socket->findChild<QTcpSocket *>(QString(), Qt::FindDirectChildrenOnly);
    m_gate = new WebSocketReadGate(m_socket, m_transport, this);
    connect(m_gate, &WebSocketReadGate::textMessageReceived, this, &EngineSession::onWebSocketText);
    connect(m_gate, &WebSocketReadGate::binaryMessageReceived, this, &EngineSession::onWebSocketBinary);
    connect(m_gate, &WebSocketReadGate::resumed, this, [this] { m_stallTimer.stop(); });
    connect(m_gate, &WebSocketReadGate::transportGone, this, &EngineSession::onWebSocketGone);
    connect(m_socket, &QWebSocket::disconnected, this, &EngineSession::onWebSocketGone);
    // Nothing it sends may overtake what is still held from a POST, or be taken while input is held.
    if (!mayReadAgain())
        m_gate->pause([this] { return mayReadAgain(); }, kDrainCheckMs);
    for (const EioPacket &p : std::as_const(m_queue))
        writeToWebSocket(p);
    m_queue.clear();
    m_queuedBytes = 0;
}

void EngineSession::beginUpgrade(QWebSocket *socket)
{
    if (m_state != State::Polling || m_probe) {
        socket->abort(); // node: a second upgrade attempt is closed at once
        socket->deleteLater();
        return;
    }
    m_probe = socket;
    m_probe->setParent(this);
    connect(m_probe, &QWebSocket::textMessageReceived, this, &EngineSession::onProbeText);
    connect(m_probe, &QWebSocket::disconnected, this,
            [this] { abortUpgrade(QStringLiteral("the probe WebSocket closed")); });
    m_upgradeTimer.start(m_options.upgradeTimeoutMs, this);
}

void EngineSession::onProbeText(const QString &text)
{
    const QByteArray frame = text.toUtf8();
    if (frame == "2probe" && m_state == State::Polling) {
        m_probe->sendTextMessage(QStringLiteral("3probe"));
        m_state = State::Upgrading;
        if (m_poll && m_queue.isEmpty())
            m_queue.append(EioPacket::text(EioType::Noop));
        flushPoll();
        return;
    }
    if (frame == "5" && m_state == State::Upgrading) {
        m_upgradeTimer.stop();
        QWebSocket *socket = m_probe;
        m_probe = nullptr;
        socket->disconnect(this);
        if (m_poll) // the client should have waited for it; release it anyway
            answerPoll(encodeEioPacket(EioPacket::text(EioType::Noop)));
        qCDebug(lcEio).noquote() << m_sid << "upgraded to websocket";
        attachWebSocket(socket);
        return;
    }
    abortUpgrade(QStringLiteral("unexpected packet during the upgrade: %1").arg(text.left(50)));
}

void EngineSession::abortUpgrade(const QString &why)
{
    if (!m_probe)
        return;
    qCDebug(lcEio).noquote() << m_sid << "upgrade aborted:" << logSafe(why);
    m_upgradeTimer.stop();
    QWebSocket *probe = m_probe;
    m_probe = nullptr;
    probe->disconnect(this);
    probe->abort();
    probe->deleteLater();
    if (m_state == State::Upgrading)
        m_state = State::Polling;
}

void EngineSession::onWebSocketText(const QString &text)
{
    // The common case, a MESSAGE, goes up as the UTF-8 of its data in one conversion, without the
    // intermediate copies of the general decoder.
    if (text.startsWith(u'4')) {
        receiveMessage(QStringView(text).sliced(1).toUtf8());
        return;
    }
    EioDecodeError error;
    const auto packet = decodeEioPacket(text.toUtf8(), &error);
    if (!packet) {
        finish(EioCloseReason::ParseError, error.message);
        return;
    }
    receive(*packet);
}

void EngineSession::onWebSocketBinary(const QByteArray &data)
{
    receive(EioPacket::bytes(data));
}

void EngineSession::onWebSocketGone()
{
    finish(EioCloseReason::TransportClose, QStringLiteral("the WebSocket closed"));
}

void EngineSession::close(EioCloseReason reason, const QString &detail)
{
    if (m_state == State::Closed)
        return;
    if (m_state == State::WebSocket) {
        // finish() closes the socket once it no longer listens to it: closing it here would report
        // the close as the client's ("transport close") instead of `reason`.
        writeToWebSocket(EioPacket::text(EioType::Close));
    } else {
        m_queue.append(EioPacket::text(EioType::Close));
        flushPoll(); // without a held GET the client learns it from "Session ID unknown"
    }
    finish(reason, detail);
}

void EngineSession::finish(EioCloseReason reason, const QString &detail)
{
    if (m_state == State::Closed)
        return;
    m_state = State::Closed;
    m_pingTimer.stop();
    m_pongTimer.stop();
    m_upgradeTimer.stop();
    m_stallTimer.stop();
    // The packets were accepted; the client still wants its "ok" (a CLOSE packet in it ends here too).
    m_heldPackets.clear();
    answerPost();
    // A client that closed needs no CLOSE back, only its held GET ended (python-engineio answers NOOP).
    if (m_poll)
        answerPoll(encodeEioPacket(
            EioPacket::text(reason == EioCloseReason::ClientClose ? EioType::Noop : EioType::Close)));
    if (m_gate) {
        m_gate->disconnect(this);
        m_gate->release();
    }
    if (m_socket) {
        m_socket->disconnect(this);
        if (m_socket->state() == QAbstractSocket::ConnectedState)
            m_socket->close();
    }
    qCDebug(lcEio).noquote() << m_sid << "closed:" << eioCloseReasonName(reason) << logSafe(detail);
    emit closed(reason, detail);
    deleteLater();
}

} // namespace rasachat
