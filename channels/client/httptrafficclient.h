#pragma once

#include "chatchannel.h"
#include "tlsoptions.h"

#include <QNetworkAccessManager>
#include <QObject>
#include <QUrl>
#include <functional>

namespace rasachat {

// The HTTP side of the REST and callback clients: GET and POST with every request and response
// reported as a WireRecord, and the outcome handed to a callback as status, body and a readable error.
// Every reply is bounded (ReplyGuard): a body over maxReplyBytes is refused unread, one cut short is an
// error, and the whole exchange must end within the deadline.
class HttpTrafficClient : public QObject
{
    Q_OBJECT
public:
    struct Result
    {
        int status = 0; // 0: no HTTP answer at all
        QByteArray body;
        QString error; // empty on a complete 2xx answer; otherwise a sentence for the user
        ChannelError::Reason reason = ChannelError::Reason::Other; // what went wrong, with `error`
        // The server answered (so it got the request), whether or not the answer arrived whole.
        bool answered() const { return status != 0; }
    };
    using Done = std::function<void(const Result &)>;

    HttpTrafficClient(const QString &channel, QObject *parent = nullptr);

    void get(const QUrl &url, Done done);
    void postJson(const QUrl &url, const QByteArray &json, Done done);
    // Drops every request in flight without calling their callbacks.
    void abortAll();

    // Each request must be answered completely within `ms` (0: no deadline).
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    // A reply body over `bytes` is refused (0: no limit).
    void setMaxReplyBytes(qint64 bytes) { m_maxReplyBytes = bytes; }
    // How https:// servers are checked.
    void setTls(const TlsOptions &tls);

signals:
    void traffic(const rasachat::WireRecord &record);

private:
    QNetworkRequest request(const QUrl &url) const;
    void start(QNetworkReply *reply, const QUrl &url, Done done);
    void record(WireRecord::Direction direction, const QString &summary, const QByteArray &payload);

    QString m_channel;
    QNetworkAccessManager m_nam;
    int m_timeoutMs = 0;
    qint64 m_maxReplyBytes = kDefaultMaxReplyBytes;
    std::optional<QSslConfiguration> m_tls; // none: Qt's default
};

// The `message` of our JSON error bodies (and of Rasa's), or the body itself, shortened.
QString errorTextFromBody(const QByteArray &body);

} // namespace rasachat
