#include "httpserver.h"

#include "httpconnection.h"
#include "httpresponder.h"
#include "turnwritesocket.h"

#include <QLoggingCategory>
#include <QSslServer>
#include <QTcpSocket>
#include <utility>

Q_DECLARE_LOGGING_CATEGORY(lcHttp)

namespace rasachat {

HttpServer::HttpServer(QObject *parent) : QObject(parent)
{
    acceptFrom(new TurnWriteTcpServer(this));
}

void HttpServer::acceptFrom(QTcpServer *server)
{
    m_tcp = server;
    // With TLS, a connection is pending once its handshake is done: HttpConnection reads plain text.
    connect(server, &QTcpServer::pendingConnectionAvailable, this, [this, server] {
        while (QTcpSocket *socket = server->nextPendingConnection()) {
            if (m_connections >= m_limits.maxConnections) {
                if (!std::exchange(m_capLogged, true)) {
                    qCWarning(lcHttp).noquote()
                        << QStringLiteral("http: %1 connections are open, the limit (--max-connections); new "
                                          "connections get 503 until some close")
                               .arg(m_connections);
                }
                const HttpResponse busy = HttpResponse::error(
                    503, QStringLiteral("TooManyConnections"),
                    QStringLiteral("the server has %1 open connections; try again later").arg(m_connections));
                socket->write("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
                              "Connection: close\r\nContent-Length: " +
                              QByteArray::number(busy.body.size()) + "\r\n\r\n" + busy.body);
                socket->disconnectFromHost();
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
                continue;
            }
            ++m_connections;
            // Replies are small and answer one request each: waiting to coalesce them (Nagle) only
            // adds latency, most visibly to one-at-a-time round trips on a WebSocket.
            socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
            new HttpConnection(socket, this);
        }
    });
}

HttpServer::~HttpServer()
{
    // Connections tell us when they go; they must go while we are still an HttpServer.
    qDeleteAll(findChildren<HttpConnection *>(Qt::FindDirectChildrenOnly));
}

void HttpServer::connectionClosed()
{
    // Said again only once the count fell well below the cap, not each time it wobbles across it.
    if (--m_connections <= m_limits.maxConnections * 3 / 4)
        m_capLogged = false;
}

void HttpServer::adoptUpgraded(QTcpSocket *socket)
{
    ++m_connections;
    // Not the socket's own destroyed(): QWebSocket drops every connection to the socket's signals when it
    // lets go of it. A child of the socket goes when the socket goes, whoever deletes it.
    auto *token = new QObject(socket);
    connect(token, &QObject::destroyed, this, &HttpServer::connectionClosed);
}

QString HttpServer::normalizedPath(const QString &path)
{
    QString p = path;
    while (p.size() > 1 && p.endsWith(u'/'))
        p.chop(1);
    return p;
}

void HttpServer::route(const QByteArray &method, const QString &path, HttpHandler handler)
{
    m_routes[normalizedPath(path)].insert(method, std::move(handler));
}

void HttpServer::setTlsConfiguration(const QSslConfiguration &config)
{
    Q_ASSERT(!m_tcp->isListening());
    auto *tls = new QSslServer(this);
    tls->setSslConfiguration(config);
    tls->setHandshakeTimeout(m_limits.requestTimeoutMs);
    delete m_tcp;
    acceptFrom(tls);
    m_tls = true;
}

bool HttpServer::listen(const QHostAddress &address, quint16 port)
{
    if (auto *tls = qobject_cast<QSslServer *>(m_tcp))
        tls->setHandshakeTimeout(m_limits.requestTimeoutMs); // the limits may have changed since
    return m_tcp->listen(address, port);
}

void HttpServer::close()
{
    m_tcp->close();
    for (HttpConnection *c : findChildren<HttpConnection *>(Qt::FindDirectChildrenOnly))
        c->abort();
}

void HttpServer::prepare(const HttpRequest &request, HttpResponse &response) const
{
    m_cors.decorate(request, response);
}

void HttpServer::routeUpgrade(const QString &path, HttpUpgradeHandler handler)
{
    m_upgrades.insert(normalizedPath(path), std::move(handler));
}

bool HttpServer::upgrade(const HttpRequest &request, QTcpSocket *socket, HttpResponse *refusal)
{
    const auto handler = m_upgrades.constFind(normalizedPath(request.path));
    if (handler == m_upgrades.constEnd() || !(*handler)(request, socket, refusal))
        return false;
    adoptUpgraded(socket);
    return true;
}

void HttpServer::dispatch(HttpResponder *responder)
{
    const HttpRequest &request = responder->request();
    const auto route = m_routes.constFind(normalizedPath(request.path));
    if (route == m_routes.constEnd()) {
        if (CorsPolicy::isPreflight(request) && m_cors.enabled())
            return responder->send(m_cors.preflight(request));
        if (m_fallback)
            return m_fallback(request, responder);
        return responder->send(HttpResponse::error(
            404, QStringLiteral("NotFound"), QStringLiteral("Requested URL %1 not found").arg(request.path)));
    }
    const QByteArray method = request.method == "HEAD" ? QByteArray("GET") : request.method;
    const auto handler = route->constFind(method);
    if (handler != route->constEnd())
        return (*handler)(request, responder);

    QByteArrayList allowed = route->keys();
    if (allowed.contains("GET"))
        allowed.append("HEAD");
    allowed.append("OPTIONS");
    std::sort(allowed.begin(), allowed.end());
    if (request.method == "OPTIONS") {
        HttpResponse r =
            CorsPolicy::isPreflight(request) ? m_cors.preflight(request) : HttpResponse{204, {}, {}};
        r.setHeader("Allow", allowed.join(", "));
        return responder->send(r);
    }
    HttpResponse r = HttpResponse::error(
        405, QStringLiteral("MethodNotAllowed"),
        QStringLiteral("Method %1 not allowed for URL %2 (allowed: %3)")
            .arg(QString::fromLatin1(request.method), request.path, QString::fromLatin1(allowed.join(", "))));
    r.setHeader("Allow", allowed.join(", "));
    responder->send(r);
}

} // namespace rasachat
