#include "httpresponder.h"

#include "httpconnection.h"

namespace rasachat {

HttpResponder::HttpResponder(const HttpRequest &request, HttpConnection *connection)
    : QObject(connection), m_request(request), m_connection(connection)
{}

void HttpResponder::send(HttpResponse response)
{
    if (m_state != State::Waiting)
        return;
    m_state = State::Finished;
    m_connection->writeResponse(this, std::move(response));
}

void HttpResponder::beginStream(HttpResponse head)
{
    if (m_state != State::Waiting)
        return;
    m_state = State::Streaming;
    m_connection->writeStreamHead(this, std::move(head));
}

void HttpResponder::writeChunk(const QByteArray &data)
{
    if (m_state != State::Streaming || data.isEmpty())
        return;
    m_connection->writeStreamChunk(data);
}

void HttpResponder::endStream()
{
    if (m_state != State::Streaming)
        return;
    m_state = State::Finished;
    m_connection->writeStreamEnd(this);
}

void HttpResponder::abandon()
{
    if (m_state == State::Finished)
        return;
    m_state = State::Finished;
    emit abandoned();
}

} // namespace rasachat
