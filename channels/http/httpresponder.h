#pragma once

#include "httpresponse.h"

#include <QObject>

namespace rasachat {

class HttpConnection;

// The answer channel of one request. A handler may answer at once or keep the responder (through a
// QPointer) and answer later; when the client leaves first, abandoned() is emitted, the responder is
// deleted with its connection, and nothing is ever written to a dead socket.
// Streaming: beginStream() once, writeChunk() any number of times, endStream() once
// (chunked transfer coding on HTTP/1.1, a body delimited by close on HTTP/1.0).
class HttpResponder : public QObject
{
    Q_OBJECT
public:
    explicit HttpResponder(const HttpRequest &request, HttpConnection *connection);

    const HttpRequest &request() const { return m_request; }
    bool isFinished() const { return m_state == State::Finished; }

    void send(HttpResponse response);
    void beginStream(HttpResponse head);
    void writeChunk(const QByteArray &data);
    void endStream();

signals:
    void abandoned();

private:
    friend class HttpConnection;
    enum class State { Waiting, Streaming, Finished };

    void abandon();

    HttpRequest m_request;
    HttpConnection *m_connection; // our parent
    State m_state = State::Waiting;
};

} // namespace rasachat
