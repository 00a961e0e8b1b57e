#pragma once

#include "httprequest.h"
#include "httpresponse.h"

#include <QObject>
#include <QPointer>
#include <QTimer>
#include <http_parser.h>
#include <optional>

class QTcpSocket;

namespace rasachat {

class HttpResponder;
class HttpServer;

// One client connection: feeds the socket's bytes to http_parser, hands each complete request to the
// server and writes its reply, one request at a time so that replies keep request order.
//
// Bytes are read with peek() and consumed only once a request head is complete and known not to be
// a WebSocket upgrade: an upgrade is handed over with its head still unread in the socket.
class HttpConnection : public QObject
{
    Q_OBJECT
public:
    HttpConnection(QTcpSocket *socket, HttpServer *server);
    ~HttpConnection() override;

    // Drops the connection at once, as if the peer had gone.
    void abort();

private:
    friend class HttpResponder;
    enum class State { Idle, ReadingHead, ReadingBody, Handling, Closing };

    void onReadyRead();
    void onDisconnected();
    void onTimeout();

    void writeResponse(HttpResponder *responder, HttpResponse response);
    void writeStreamHead(HttpResponder *responder, HttpResponse head);
    void writeStreamChunk(const QByteArray &data);
    void writeStreamEnd(HttpResponder *responder);
    void finishExchange(HttpResponder *responder, int status, qint64 bodyBytes);
    void rejectAndClose(HttpResponse response);
    void handOverUpgrade();
    QByteArray head(const HttpResponse &response, bool close) const;
    // The whole response; HEAD answers and 1xx/204/304 go without a body.
    QByteArray serialize(const HttpResponse &response, bool close, bool withBody) const;
    bool isHead() const;

    static const http_parser_settings &parserSettings();
    static int onMessageBegin(http_parser *p);
    static int onUrl(http_parser *p, const char *at, size_t length);
    static int onHeaderField(http_parser *p, const char *at, size_t length);
    static int onHeaderValue(http_parser *p, const char *at, size_t length);
    static int onHeadersComplete(http_parser *p);
    static int onBody(http_parser *p, const char *at, size_t length);
    static int onMessageComplete(http_parser *p);

    QTcpSocket *m_socket;
    HttpServer *m_server;
    http_parser m_parser;
    QTimer m_timer;
    State m_state = State::Idle;
    qint64 m_fed = 0; // bytes peeked and parsed but still in the socket (a request head in progress)

    HttpRequest m_request; // the request being read
    QByteArray m_headerField;
    bool m_inHeaderValue = false;
    bool m_requestReady = false;
    bool m_upgradeReady = false;
    std::optional<HttpResponse> m_rejection; // set by a parser callback that refuses the request

    QPointer<HttpResponder> m_active;    // the request being answered
    HttpResponder *m_finished = nullptr; // the last one answered, deleted when the next one is
    bool m_closeAfterReply = false;
    bool m_chunked = false;
    qint64 m_streamBytes = 0;
};

} // namespace rasachat
