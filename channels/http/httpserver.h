#pragma once

#include "corspolicy.h"
#include "httprequest.h"
#include "httpresponse.h"

#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QSslConfiguration>
#include <QTcpServer>
#include <functional>

namespace rasachat {

class HttpConnection;
class HttpResponder;

struct HttpLimits
{
    qint64 maxBodyBytes = 1'000'000; // python-engineio's max_http_buffer_size; plenty for a webhook body
    int requestTimeoutMs = 30'000;   // from the first byte of a request to its last
    int idleTimeoutMs = 75'000;      // keep-alive connection with no request
    int maxConnections = 4096;       // open TCP connections, upgraded WebSockets included; 503 over it
};

// Handlers answer through the responder, now or later (keep a QPointer<HttpResponder> to answer later).
using HttpHandler = std::function<void(const HttpRequest &, HttpResponder *)>;

// Decides on a WebSocket upgrade request. Return true after taking `socket` over (its head is still
// unread in it, e.g. for QWebSocketServer::handleConnection); return false to refuse with *refusal.
using HttpUpgradeHandler =
    std::function<bool(const HttpRequest &, QTcpSocket *socket, HttpResponse *refusal)>;

// The HTTP/1.1 front (see docs/http-front.md): routes by exact path and method, answers
// 404/405/413/400 with a JSON reason, applies CORS to every answer and preflight, keeps replies in
// request order (one request in flight per connection) and enforces body size and time limits.
class HttpServer : public QObject
{
    Q_OBJECT
public:
    explicit HttpServer(QObject *parent = nullptr);
    ~HttpServer() override;

    void setLimits(const HttpLimits &limits) { m_limits = limits; }
    const HttpLimits &limits() const { return m_limits; }
    void setCorsPolicy(const CorsPolicy &cors) { m_cors = cors; }
    const CorsPolicy &corsPolicy() const { return m_cors; }

    // A trailing slash does not matter ("/webhooks/rest" and "/webhooks/rest/" are one route), as in Sanic.
    void route(const QByteArray &method, const QString &path, HttpHandler handler);
    // Serves every path that has no route (e.g. a callback receiver that accepts any path).
    void setFallback(HttpHandler handler) { m_fallback = std::move(handler); }
    // WebSocket upgrades are routed by path like requests: several servers (e.g. two Engine.IO paths)
    // can share one port. An upgrade to a path without a handler is answered 400.
    void routeUpgrade(const QString &path, HttpUpgradeHandler handler);

    // Serves HTTPS (and WSS upgrades) with `config` (a certificate and its key, see loadServerTls()) on
    // the one port instead of plain HTTP. Call before listen(). A client that does not finish its TLS
    // handshake within the request timeout is dropped.
    void setTlsConfiguration(const QSslConfiguration &config);
    bool isTls() const { return m_tls; }

    bool listen(const QHostAddress &address, quint16 port);
    // Stops listening and drops every open connection (held replies see abandoned()).
    void close();
    bool isListening() const { return m_tcp->isListening(); }
    QString errorString() const { return m_tcp->errorString(); }
    QHostAddress serverAddress() const { return m_tcp->serverAddress(); }
    quint16 serverPort() const { return m_tcp->serverPort(); }
    int connectionCount() const { return m_connections; }

signals:
    // One per answered request, for the request log.
    void requestFinished(const rasachat::HttpRequest &request, int status, qint64 bodyBytes);

private:
    friend class HttpConnection;
    void dispatch(HttpResponder *responder);
    bool upgrade(const HttpRequest &request, QTcpSocket *socket, HttpResponse *refusal);
    void prepare(const HttpRequest &request, HttpResponse &response) const;
    void connectionClosed();
    // An upgraded connection still counts toward maxConnections until its socket is gone.
    void adoptUpgraded(QTcpSocket *socket);
    void acceptFrom(QTcpServer *server);

    static QString normalizedPath(const QString &path);

    QTcpServer *m_tcp = nullptr; // a QSslServer with TLS
    bool m_tls = false;
    HttpLimits m_limits;
    CorsPolicy m_cors;
    QHash<QString, QHash<QByteArray, HttpHandler>> m_routes; // path -> method -> handler
    HttpHandler m_fallback;
    QHash<QString, HttpUpgradeHandler> m_upgrades; // path -> handler
    int m_connections = 0;
    bool m_capLogged = false; // the cap was reached and said so; again below 3/4 of it
};

} // namespace rasachat
