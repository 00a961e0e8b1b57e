#include "httpconnection.h"

#include "httpresponder.h"
#include "httpserver.h"

#include <QLoggingCategory>
#include <QTcpSocket>
#include <QUrl>
#include <utility>

Q_LOGGING_CATEGORY(lcHttp, "rasa.http", QtInfoMsg)

namespace rasachat {

namespace {

HttpConnection *self(http_parser *p)
{
    return static_cast<HttpConnection *>(p->data);
}

} // namespace

HttpConnection::HttpConnection(QTcpSocket *socket, HttpServer *server)
    : QObject(server), m_socket(socket), m_server(server)
{
    socket->setParent(this);
    http_parser_init(&m_parser, HTTP_REQUEST);
    m_parser.data = this;
    m_timer.setSingleShot(true);
    m_timer.start(m_server->limits().idleTimeoutMs);
    connect(&m_timer, &QTimer::timeout, this, &HttpConnection::onTimeout);
    connect(socket, &QTcpSocket::readyRead, this, &HttpConnection::onReadyRead);
    connect(socket, &QTcpSocket::disconnected, this, &HttpConnection::onDisconnected);
    if (socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &HttpConnection::onReadyRead, Qt::QueuedConnection);
}

HttpConnection::~HttpConnection()
{
    m_server->connectionClosed();
}

void HttpConnection::onReadyRead()
{
    if (!m_socket || m_state == State::Handling || m_state == State::Closing)
        return; // the bytes wait in the socket until the reply in flight is written
    const qint64 available = m_socket->bytesAvailable();
    if (available <= m_fed)
        return;
    const QByteArray data = m_socket->peek(available);
    const size_t parsed = http_parser_execute(&m_parser, &parserSettings(), data.constData() + m_fed,
                                              size_t(data.size() - m_fed));
    m_fed += qint64(parsed);

    const auto err = HTTP_PARSER_ERRNO(&m_parser);
    if (err != HPE_OK && err != HPE_PAUSED) {
        if (m_rejection) {
            rejectAndClose(*m_rejection);
        } else if (err == HPE_HEADER_OVERFLOW) {
            rejectAndClose(HttpResponse::error(431, QStringLiteral("HeaderTooLarge"),
                                               QStringLiteral("the request head is larger than 80 KiB")));
        } else {
            rejectAndClose(HttpResponse::error(400, QStringLiteral("BadRequest"),
                                               QStringLiteral("malformed HTTP request: %1")
                                                   .arg(QLatin1StringView(http_errno_description(err)))));
        }
        return;
    }
    if (m_upgradeReady) {
        handOverUpgrade();
        return;
    }
    if (m_state != State::ReadingHead && m_state != State::Idle) {
        m_socket->skip(m_fed);
        m_fed = 0;
    }
    if (m_requestReady) {
        m_requestReady = false;
        m_active = new HttpResponder(m_request, this);
        m_request = {};
        m_server->dispatch(m_active);
    }
}

void HttpConnection::handOverUpgrade()
{
    m_upgradeReady = false;
    m_state = State::Closing;
    m_timer.stop();
    HttpResponse refusal = HttpResponse::error(
        400, QStringLiteral("BadRequest"), QStringLiteral("this path does not accept a WebSocket upgrade"));
    QTcpSocket *socket = m_socket;
    disconnect(socket, nullptr, this, nullptr);
    socket->setParent(nullptr);
    m_socket = nullptr;
    if (m_server->upgrade(m_request, socket, &refusal)) {
        deleteLater();
        return;
    }
    // Refused: take the socket back and answer.
    m_socket = socket;
    socket->setParent(this);
    connect(socket, &QTcpSocket::disconnected, this, &HttpConnection::onDisconnected);
    m_server->prepare(m_request, refusal);
    m_socket->write(serialize(refusal, true, true));
    Q_EMIT m_server->requestFinished(m_request, refusal.status, refusal.body.size());
    m_socket->disconnectFromHost();
}

void HttpConnection::abort()
{
    if (m_socket)
        m_socket->abort(); // emits disconnected(), which tidies up
    else
        deleteLater();
}

void HttpConnection::onDisconnected()
{
    m_state = State::Closing;
    m_timer.stop();
    if (m_active)
        m_active->abandon();
    deleteLater();
}

void HttpConnection::onTimeout()
{
    if (m_state == State::Idle) {
        m_state = State::Closing;
        m_socket->disconnectFromHost();
    } else if (m_state == State::ReadingHead || m_state == State::ReadingBody) {
        rejectAndClose(HttpResponse::error(408, QStringLiteral("RequestTimeout"),
                                           QStringLiteral("the request did not arrive in time")));
    }
}

bool HttpConnection::isHead() const
{
    return m_active && m_active->request().method == "HEAD";
}

QByteArray HttpConnection::head(const HttpResponse &response, bool close) const
{
    QByteArray out;
    out.reserve(256);
    out +=
        "HTTP/1.1 " + QByteArray::number(response.status) + ' ' + httpReasonPhrase(response.status) + "\r\n";
    for (const auto &h : response.headers)
        out += h.first + ": " + h.second + "\r\n";
    if (close)
        out += "Connection: close\r\n";
    else if (m_active && m_active->request().httpMinor == 0)
        out += "Connection: keep-alive\r\n";
    return out;
}

QByteArray HttpConnection::serialize(const HttpResponse &response, bool close, bool withBody) const
{
    QByteArray out = head(response, close);
    const bool noBody = response.status == 204 || response.status == 304 || response.status < 200;
    if (!noBody)
        out += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
    out += "\r\n";
    if (!noBody && withBody)
        out += response.body;
    return out;
}

void HttpConnection::writeResponse(HttpResponder *responder, HttpResponse response)
{
    if (!m_socket || m_state == State::Closing)
        return;
    m_server->prepare(responder->request(), response);
    m_socket->write(serialize(response, !responder->request().keepAlive, !isHead()));
    // The whole answer is in the buffer: send it now rather than after one more poll() for the write
    // notifier (one write() either way).
    m_socket->flush();
    finishExchange(responder, response.status, response.body.size());
}

void HttpConnection::writeStreamHead(HttpResponder *responder, HttpResponse head_)
{
    if (!m_socket || m_state == State::Closing)
        return;
    m_server->prepare(responder->request(), head_);
    // HTTP/1.0 has no chunked coding: the body then ends when the connection does.
    m_chunked = responder->request().httpMinor >= 1 && !isHead();
    if (!m_chunked)
        responder->m_request.keepAlive = false;
    QByteArray out = head(head_, !responder->request().keepAlive);
    if (m_chunked)
        out += "Transfer-Encoding: chunked\r\n";
    out += "\r\n";
    m_streamBytes = 0;
    m_socket->write(out);
}

void HttpConnection::writeStreamChunk(const QByteArray &data)
{
    if (!m_socket || m_state == State::Closing || isHead())
        return;
    m_streamBytes += data.size();
    if (m_chunked)
        m_socket->write(QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n");
    else
        m_socket->write(data);
}

void HttpConnection::writeStreamEnd(HttpResponder *responder)
{
    if (!m_socket || m_state == State::Closing)
        return;
    if (m_chunked)
        m_socket->write("0\r\n\r\n");
    finishExchange(responder, 200, m_streamBytes);
}

void HttpConnection::finishExchange(HttpResponder *responder, int status, qint64 bodyBytes)
{
    Q_EMIT m_server->requestFinished(responder->request(), status, bodyBytes);
    const bool close = !responder->request().keepAlive;
    // Not deleteLater(), whose posted event wakes the event loop once more per request: a finished
    // responder is inert, so it is kept until the next exchange finishes (we are its parent, so it goes
    // with the connection at the latest). Its caller is still on the stack now; the previous one is not.
    delete std::exchange(m_finished, responder);
    m_active = nullptr;
    if (close) {
        m_state = State::Closing;
        m_socket->disconnectFromHost();
        return;
    }
    m_state = State::Idle;
    http_parser_pause(&m_parser, 0);
    m_timer.start(m_server->limits().idleTimeoutMs);
    if (m_socket->bytesAvailable() > 0) // a pipelined request is already waiting
        QMetaObject::invokeMethod(this, &HttpConnection::onReadyRead, Qt::QueuedConnection);
}

void HttpConnection::rejectAndClose(HttpResponse response)
{
    if (!m_socket)
        return;
    m_server->prepare(m_request, response);
    m_socket->write(serialize(response, true, true));
    qCDebug(lcHttp) << "rejected request from" << m_socket->peerAddress() << response.status;
    Q_EMIT m_server->requestFinished(m_request, response.status, response.body.size());
    m_state = State::Closing;
    m_timer.stop();
    m_socket->disconnectFromHost();
}

int HttpConnection::onMessageBegin(http_parser *p)
{
    HttpConnection *c = self(p);
    c->m_state = State::ReadingHead;
    c->m_request = {};
    c->m_request.peerAddress = c->m_socket->peerAddress();
    c->m_request.peerPort = c->m_socket->peerPort();
    c->m_headerField.clear();
    c->m_inHeaderValue = false;
    c->m_timer.start(c->m_server->limits().requestTimeoutMs);
    return 0;
}

int HttpConnection::onUrl(http_parser *p, const char *at, size_t length)
{
    self(p)->m_request.target.append(at, qsizetype(length));
    return 0;
}

int HttpConnection::onHeaderField(http_parser *p, const char *at, size_t length)
{
    HttpConnection *c = self(p);
    if (c->m_inHeaderValue) {
        c->m_headerField.clear();
        c->m_inHeaderValue = false;
    }
    c->m_headerField.append(at, qsizetype(length));
    return 0;
}

int HttpConnection::onHeaderValue(http_parser *p, const char *at, size_t length)
{
    HttpConnection *c = self(p);
    if (!c->m_inHeaderValue) {
        c->m_request.headers.append({c->m_headerField.toLower(), QByteArray()});
        c->m_inHeaderValue = true;
    }
    c->m_request.headers.last().second.append(at, qsizetype(length));
    return 0;
}

int HttpConnection::onHeadersComplete(http_parser *p)
{
    HttpConnection *c = self(p);
    HttpRequest &r = c->m_request;
    r.method = http_method_str(http_method(p->method));
    r.httpMajor = p->http_major;
    r.httpMinor = p->http_minor;
    r.keepAlive = http_should_keep_alive(p) != 0;
    const QUrl url = QUrl::fromEncoded(r.target, QUrl::TolerantMode);
    r.path = url.path(QUrl::FullyDecoded);
    r.query = QUrlQuery(url);
    if (r.path.isEmpty())
        r.path = QStringLiteral("/");

    if (p->upgrade) {
        c->m_upgradeReady = true;
        http_parser_pause(p, 1);
        return 0;
    }
    const qint64 maxBody = c->m_server->limits().maxBodyBytes;
    if ((p->flags & F_CONTENTLENGTH) && p->content_length > quint64(maxBody)) {
        c->m_rejection = HttpResponse::error(
            413, QStringLiteral("PayloadTooLarge"),
            QStringLiteral("the request body (%1 bytes) is larger than the limit of %2 bytes")
                .arg(p->content_length)
                .arg(maxBody));
        return -1;
    }
    if (r.header("expect").compare("100-continue", Qt::CaseInsensitive) == 0)
        c->m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    c->m_state = State::ReadingBody;
    return 0;
}

int HttpConnection::onBody(http_parser *p, const char *at, size_t length)
{
    HttpConnection *c = self(p);
    const qint64 maxBody = c->m_server->limits().maxBodyBytes;
    if (c->m_request.body.size() + qint64(length) > maxBody) {
        c->m_rejection = HttpResponse::error(
            413, QStringLiteral("PayloadTooLarge"),
            QStringLiteral("the request body is larger than the limit of %1 bytes").arg(maxBody));
        return -1;
    }
    c->m_request.body.append(at, qsizetype(length));
    return 0;
}

int HttpConnection::onMessageComplete(http_parser *p)
{
    HttpConnection *c = self(p);
    c->m_request.keepAlive = http_should_keep_alive(p) != 0;
    c->m_state = State::Handling;
    c->m_timer.stop();
    c->m_requestReady = true;
    http_parser_pause(p, 1); // one request at a time: the next waits until this one is answered
    return 0;
}

const http_parser_settings &HttpConnection::parserSettings()
{
    static const http_parser_settings settings = [] {
        http_parser_settings s;
        http_parser_settings_init(&s);
        s.on_message_begin = &HttpConnection::onMessageBegin;
        s.on_url = &HttpConnection::onUrl;
        s.on_header_field = &HttpConnection::onHeaderField;
        s.on_header_value = &HttpConnection::onHeaderValue;
        s.on_headers_complete = &HttpConnection::onHeadersComplete;
        s.on_body = &HttpConnection::onBody;
        s.on_message_complete = &HttpConnection::onMessageComplete;
        return s;
    }();
    return settings;
}

} // namespace rasachat
