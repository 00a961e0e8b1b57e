#include "engineserver.h"

#include "../http/httpresponder.h"
#include "../http/httpserver.h"
#include "enginesession.h"
#include "turnflusher.h"

#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QTcpSocket>
#include <QWebSocket>
#include <QWebSocketServer>
#include <utility>

Q_LOGGING_CATEGORY(lcEioServer, "rasa.eio.server", QtInfoMsg)

namespace rasachat {

namespace {

QString errorMessage(int code)
{
    switch (code) {
    case 0:
        return QStringLiteral("Transport unknown");
    case 1:
        return QStringLiteral("Session ID unknown");
    case 2:
        return QStringLiteral("Bad handshake method");
    case 3:
        return QStringLiteral("Bad request");
    case 5:
        return QStringLiteral("Unsupported protocol version");
    default:
        return QStringLiteral("Bad request");
    }
}

// 20 URL-safe characters from 15 random bytes, like the ids node and python hand out.
QByteArray newSid()
{
    QByteArray bytes(15, Qt::Uninitialized);
    for (char &c : bytes)
        c = char(QRandomGenerator::system()->generate());
    return bytes.toBase64(QByteArray::Base64UrlEncoding);
}

// Room in the TCP read buffer for a frame's header next to a maxPayload frame.
constexpr int kFrameOverheadBytes = 64 * 1024;

QString peerKey(const QHostAddress &address, quint16 port)
{
    return address.toString() + u'|' + QString::number(port);
}

} // namespace

EngineServer::EngineServer(HttpServer *http, const EngineOptions &options, QObject *parent)
    : QObject(parent), m_options(options),
      m_ws(new QWebSocketServer(QStringLiteral("rasa-mock"), QWebSocketServer::NonSecureMode, this)),
      m_flusher(new TurnFlusher(this))
{
    if (!m_options.path.endsWith(u'/'))
        m_options.path += u'/';
    auto handler = [this](const HttpRequest &r, HttpResponder *resp) { handleRequest(r, resp); };
    // Every method reaches the Engine.IO server, so that a wrong one gets engine.io's own error
    // ("Bad handshake method", code 2) rather than the HTTP front's 405.
    for (const QByteArray method : {"GET", "POST", "PUT", "PATCH", "DELETE"})
        http->route(method, m_options.path, handler);
    http->routeUpgrade(
        m_options.path, [this](const HttpRequest &r, QTcpSocket *socket, HttpResponse *refusal) {
            if (!decideUpgrade(r, refusal))
                return false;
            const QString key = peerKey(r.peerAddress, r.peerPort);
            m_pendingUpgrades.insert(key, PendingUpgrade{r, socket});
            // A handshake that fails never reaches onWebSocket(); its socket's end drops the entry.
            connect(socket, &QObject::destroyed, this, [this, key] { m_pendingUpgrades.remove(key); });
            // QWebSocket does not take the TCP socket as a QObject child (ASan showed it outliving the server
            // when no event loop ran after it); as our child it cannot.
            socket->setParent(m_ws);
            // Until the QWebSocket exists nothing limits a frame, and Qt's frame reader waits for a whole
            // frame in the socket's buffer: a bounded buffer bounds what a client can park in it.
            socket->setReadBufferSize(m_options.maxPayload + kFrameOverheadBytes);
            m_ws->handleConnection(socket);
            return true;
        });
    connect(m_ws, &QWebSocketServer::newConnection, this, &EngineServer::onWebSocket);
}

EngineServer::~EngineServer() = default;

HttpResponse EngineServer::error(ErrorCode code)
{
    const int c = int(code);
    return HttpResponse::json(
        400, QStringLiteral("{\"code\":%1,\"message\":\"%2\"}").arg(c).arg(errorMessage(c)).toUtf8());
}

std::optional<EngineServer::ErrorCode> EngineServer::checkHandshake(const HttpRequest &request)
{
    if (request.method != "GET")
        return ErrorCode::BadHandshakeMethod;
    if (request.query.queryItemValue(QStringLiteral("EIO")) != u"4")
        return ErrorCode::UnsupportedProtocolVersion;
    return std::nullopt;
}

bool EngineServer::atSessionLimit()
{
    if (m_sessions.size() < m_options.maxSessions)
        return false;
    if (!std::exchange(m_sessionCapLogged, true)) {
        qCWarning(lcEioServer).noquote()
            << QStringLiteral("socketio: %1 Engine.IO sessions are open, the limit (--max-sessions); new "
                              "handshakes get 503 until some end")
                   .arg(m_sessions.size());
    }
    return true;
}

HttpResponse EngineServer::tooManySessions() const
{
    return HttpResponse::error(
        503, QStringLiteral("TooManySessions"),
        QStringLiteral("the server has %1 open sessions, its limit; try again later").arg(m_sessions.size()));
}

EngineSession *EngineServer::createSession(const HttpRequest &handshake)
{
    auto *session = new EngineSession(newSid(), m_options, handshake, m_flusher, this);
    m_sessions.insert(session->sid(), session);
    connect(session, &EngineSession::closed, this, [this, sid = session->sid()] {
        m_sessions.remove(sid);
        if (m_sessions.size() <= m_options.maxSessions * 3 / 4) // not each time it wobbles across the cap
            m_sessionCapLogged = false;
    });
    emit sessionOpened(session);
    return session;
}

void EngineServer::handleRequest(const HttpRequest &request, HttpResponder *responder)
{
    const QString transport = request.query.queryItemValue(QStringLiteral("transport"));
    if (transport != u"polling" && transport != u"websocket")
        return responder->send(error(ErrorCode::UnknownTransport));
    const QByteArray sid = request.query.queryItemValue(QStringLiteral("sid")).toLatin1();
    if (sid.isEmpty()) {
        if (auto code = checkHandshake(request))
            return responder->send(error(*code));
        if (transport != u"polling") // a WebSocket handshake without the Upgrade header
            return responder->send(error(ErrorCode::BadRequest));
        if (atSessionLimit())
            return responder->send(tooManySessions());
        EngineSession *session = createSession(request);
        return responder->send(
            HttpResponse{200, {{"Content-Type", "text/plain; charset=UTF-8"}}, session->openPacket(true)});
    }
    EngineSession *session = m_sessions.value(sid);
    if (!session)
        return responder->send(error(ErrorCode::UnknownSid));
    if (transport != u"polling" || session->state() == EngineSession::State::WebSocket ||
        (request.method != "GET" && request.method != "POST"))
        return responder->send(error(ErrorCode::BadRequest));
    if (request.method == "POST")
        return session->handlePost(request, responder);
    session->handlePoll(responder);
}

bool EngineServer::decideUpgrade(const HttpRequest &request, HttpResponse *refusal)
{
    auto refuse = [refusal](ErrorCode code) {
        // node writes a raw text answer on a refused upgrade and closes the socket
        *refusal = HttpResponse{400, {{"Content-Type", "text/html"}}, errorMessage(int(code)).toUtf8()};
        return false;
    };
    if (request.header("upgrade").toLower() != "websocket")
        return refuse(ErrorCode::BadRequest);
    if (request.query.queryItemValue(QStringLiteral("transport")) != u"websocket")
        return refuse(ErrorCode::UnknownTransport);
    const QByteArray sid = request.query.queryItemValue(QStringLiteral("sid")).toLatin1();
    if (sid.isEmpty()) {
        if (auto code = checkHandshake(request))
            return refuse(*code);
        if (atSessionLimit()) {
            *refusal = tooManySessions();
            return false;
        }
        return true;
    }
    EngineSession *session = m_sessions.value(sid);
    if (!session)
        return refuse(ErrorCode::UnknownSid);
    if (session->state() != EngineSession::State::Polling)
        return refuse(ErrorCode::BadRequest);
    return true;
}

void EngineServer::limitIncoming(QWebSocket *socket) const
{
    // A frame header declaring more is refused when it arrives (close code 1009), before its data is read.
    socket->setMaxAllowedIncomingFrameSize(quint64(m_options.maxPayload));
    socket->setMaxAllowedIncomingMessageSize(quint64(m_options.maxPayload));
}

void EngineServer::onWebSocket()
{
    while (QWebSocket *socket = m_ws->nextPendingConnection()) {
        limitIncoming(socket);
        const PendingUpgrade pending =
            m_pendingUpgrades.take(peerKey(socket->peerAddress(), socket->peerPort()));
        const HttpRequest &request = pending.request;
        // QWebSocket neither owns nor deletes the TCP socket it was upgraded from: as its child, the TCP
        // socket goes with it, and so does the connection it counts for (see HttpServer::upgrade()).
        if (pending.transport)
            pending.transport->setParent(socket);
        const QUrlQuery query(socket->requestUrl());
        const QByteArray sid = query.queryItemValue(QStringLiteral("sid")).toLatin1();
        if (sid.isEmpty()) {
            EngineSession *session = createSession(request);
            socket->sendTextMessage(QString::fromUtf8(session->openPacket(false)));
            session->attachWebSocket(socket);
            continue;
        }
        EngineSession *session = m_sessions.value(sid);
        if (!session) { // closed while the WebSocket handshake was under way
            socket->close(QWebSocketProtocol::CloseCodeNormal, QStringLiteral("Session ID unknown"));
            socket->deleteLater();
            continue;
        }
        session->beginUpgrade(socket);
    }
}

} // namespace rasachat
