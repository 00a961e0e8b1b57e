#include "webhookchannel.h"

#include <QJsonDocument>
#include <QPointer>

namespace rasachat {

namespace {

ChannelError::Kind kindOf(const HttpTrafficClient::Result &r)
{
    switch (r.reason) {
    case ChannelError::Reason::HttpStatus:
        return ChannelError::Kind::Http;
    case ChannelError::Reason::ReplyTooLarge:
    case ChannelError::Reason::MalformedReply:
        return ChannelError::Kind::Protocol;
    default:
        return ChannelError::Kind::Connection;
    }
}

} // namespace

WebhookChannel::WebhookChannel(const QString &name, const QUrl &serverUrl, const QString &senderId,
                               QObject *parent)
    : ChatChannel(parent), m_name(name), m_serverUrl(serverUrl),
      m_senderId(senderId.isEmpty() ? newSessionId() : senderId), m_http(new HttpTrafficClient(name, this))
{
    connect(m_http, &HttpTrafficClient::traffic, this, &ChatChannel::traffic);
}

QUrl WebhookChannel::endpoint(const QString &path) const
{
    QUrl url = m_serverUrl;
    QString base = url.path();
    while (base.endsWith(u'/'))
        base.chop(1);
    url.setPath(base + path);
    return url;
}

void WebhookChannel::setReplyLimits(qint64 maxReplyBytes, int timeoutMs)
{
    m_http->setMaxReplyBytes(maxReplyBytes);
    m_http->setTimeoutMs(timeoutMs);
}

void WebhookChannel::setTls(const TlsOptions &tls)
{
    m_http->setTls(tls);
}

void WebhookChannel::open()
{
    if (state() != State::Disconnected)
        return;
    setState(State::Connecting);
    m_http->get(endpoint(QStringLiteral("/webhooks/%1/").arg(m_name)),
                [this](const HttpTrafficClient::Result &r) {
                    if (!r.error.isEmpty()) {
                        setState(State::Disconnected);
                        const QString message =
                            r.status == 404
                                ? QStringLiteral("%1 has no %2 channel (is `%2:` in its credentials.yml?)")
                                      .arg(m_serverUrl.toString(), m_name)
                                : r.error;
                        emit errorOccurred(ChannelError{kindOf(r), message, r.error, {}, r.reason});
                        return;
                    }
                    setSessionId(m_senderId);
                    setState(State::Connected);
                    emit sessionConfirmed(m_senderId);
                    pump();
                });
}

void WebhookChannel::close()
{
    m_http->abortAll();
    m_busy = false;
    setState(State::Disconnected);
}

void WebhookChannel::send(const UserMessage &message)
{
    m_queue.enqueue(addressed(message, m_senderId));
    pump();
}

void WebhookChannel::pump()
{
    if (m_busy || m_queue.isEmpty() || state() != State::Connected)
        return;
    m_busy = true;
    const UserMessage m = m_queue.head();
    const QByteArray body = QJsonDocument(m.toWebhookJson()).toJson(QJsonDocument::Compact);
    m_http->postJson(
        endpoint(QStringLiteral("/webhooks/%1/webhook").arg(m_name)), body,
        [this, id = m.messageId](const HttpTrafficClient::Result &r) {
            m_busy = false;
            if (!r.answered()) {
                // Not sent, as far as we can tell: keep it queued for the next open().
                setState(State::Disconnected);
                emit errorOccurred(ChannelError{kindOf(r), r.error, r.error, id, r.reason});
                return;
            }
            // The server got it: an answer that is an error, or that did not arrive whole, fails it.
            m_queue.dequeue();
            const QPointer<WebhookChannel> self(this); // a slot of ours may delete the channel
            if (!r.error.isEmpty())
                emit errorOccurred(ChannelError{kindOf(r), r.error, QString::fromUtf8(r.body), id, r.reason});
            else
                handleAnswer(r, id);
            if (self)
                pump();
        });
}

} // namespace rasachat
