#pragma once

#include "../client/chatchannel.h"
#include "../client/httptrafficclient.h"

#include <QQueue>
#include <QUrl>

namespace rasachat {

// What the REST and callback clients share: Rasa's `/webhooks/<name>/` health route as the "connect"
// step, and user messages POSTed to `/webhooks/<name>/webhook` one at a time, in the order they were
// sent, so that the bot sees them as they were typed. Subclasses read the webhook's answer.
class WebhookChannel : public ChatChannel
{
    Q_OBJECT
public:
    void open() override;
    void close() override;
    void send(const UserMessage &message) override;

    // Takes effect with the next open().
    void setServerUrl(const QUrl &url) { m_serverUrl = url; }
    // Bounds every answer: a body over `maxReplyBytes` is refused unread (0: no limit), and each request
    // must be answered completely within `timeoutMs` (0: no deadline).
    void setReplyLimits(qint64 maxReplyBytes, int timeoutMs);
    // How an https:// server is checked.
    void setTls(const TlsOptions &tls);

protected:
    WebhookChannel(const QString &name, const QUrl &serverUrl, const QString &senderId, QObject *parent);

    // The webhook answered 2xx: emit its bot messages and messageDelivered(), or an error.
    virtual void handleAnswer(const HttpTrafficClient::Result &answer, const QString &messageId) = 0;

    QString senderId() const { return m_senderId; }
    QUrl endpoint(const QString &path) const;

private:
    void pump();

    QString m_name;
    QUrl m_serverUrl;
    QString m_senderId;
    HttpTrafficClient *m_http;
    QQueue<UserMessage> m_queue;
    bool m_busy = false;
};

} // namespace rasachat
