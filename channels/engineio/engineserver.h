#pragma once

#include "../http/httprequest.h"
#include "engineoptions.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTcpSocket>

class QWebSocket;
class QWebSocketServer;

namespace rasachat {

class EngineSession;
class HttpResponder;
class HttpServer;
class TurnFlusher;
struct HttpRequest;
struct HttpResponse;

// The Engine.IO v4 server on an HttpServer path (default /socket.io/): handshakes over polling or
// WebSocket, routes polling requests and WebSocket upgrades to their session, and answers every bad
// request as node's engine.io does: HTTP 400 with {"code":N,"message":"..."} (plain text for a refused
// WebSocket upgrade).
class EngineServer : public QObject
{
    Q_OBJECT
public:
    EngineServer(HttpServer *http, const EngineOptions &options, QObject *parent = nullptr);
    ~EngineServer() override;

    const EngineOptions &options() const { return m_options; }
    int sessionCount() const { return int(m_sessions.size()); }

signals:
    void sessionOpened(rasachat::EngineSession *session);

private:
    enum class ErrorCode {
        UnknownTransport = 0,
        UnknownSid = 1,
        BadHandshakeMethod = 2,
        BadRequest = 3,
        UnsupportedProtocolVersion = 5
    };

    void handleRequest(const HttpRequest &request, HttpResponder *responder);
    bool decideUpgrade(const HttpRequest &request, HttpResponse *refusal);
    void onWebSocket();
    void limitIncoming(QWebSocket *socket) const;
    EngineSession *createSession(const HttpRequest &handshake);
    static HttpResponse error(ErrorCode code);
    HttpResponse tooManySessions() const;
    static std::optional<ErrorCode> checkHandshake(const HttpRequest &request);

    bool atSessionLimit();

    EngineOptions m_options;
    QWebSocketServer *m_ws;
    TurnFlusher *m_flusher; // ours; every session's WebSocket writes go out at the end of the turn

    QHash<QByteArray, EngineSession *> m_sessions;
    bool m_sessionCapLogged = false; // the cap was reached and said so; again below 3/4 of it
    struct PendingUpgrade
    {
        HttpRequest request;
        QPointer<QTcpSocket> transport; // the TCP socket under the WebSocket
    };
    QHash<QString, PendingUpgrade> m_pendingUpgrades; // peer address|port, until the WebSocket is up
};

} // namespace rasachat
