#include "httptrafficclient.h"

#include "replyguard.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>

namespace rasachat {

HttpTrafficClient::HttpTrafficClient(const QString &channel, QObject *parent)
    : QObject(parent), m_channel(channel)
{}

void HttpTrafficClient::record(WireRecord::Direction direction, const QString &summary,
                               const QByteArray &payload)
{
    emit traffic(WireRecord{QDateTime::currentDateTime(), direction, m_channel, summary, payload});
}

void HttpTrafficClient::setTls(const TlsOptions &tls)
{
    m_tls = tls == TlsOptions{} ? std::nullopt : std::optional(clientSslConfiguration(tls));
}

QNetworkRequest HttpTrafficClient::request(const QUrl &url) const
{
    QNetworkRequest req(url);
    if (m_tls && url.scheme() == u"https")
        req.setSslConfiguration(*m_tls);
    return req;
}

void HttpTrafficClient::get(const QUrl &url, Done done)
{
    QNetworkRequest req = request(url);
    record(WireRecord::Direction::Outgoing, QStringLiteral("GET ") + url.toString(), {});
    start(m_nam.get(req), url, std::move(done));
}

void HttpTrafficClient::postJson(const QUrl &url, const QByteArray &json, Done done)
{
    QNetworkRequest req = request(url);
    req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    record(WireRecord::Direction::Outgoing, QStringLiteral("POST ") + url.toString(), json);
    start(m_nam.post(req, json), url, std::move(done));
}

void HttpTrafficClient::abortAll()
{
    for (QNetworkReply *reply : findChildren<QNetworkReply *>()) {
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
}

void HttpTrafficClient::start(QNetworkReply *reply, const QUrl &url, Done done)
{
    reply->setParent(this);
    const auto *guard = new ReplyGuard(reply, {m_maxReplyBytes, m_timeoutMs});
    connect(reply, &QNetworkReply::finished, this, [this, reply, guard, url, done = std::move(done)] {
        reply->deleteLater();
        Result result;
        result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QString reason = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
        const ReplyGuard::Outcome outcome = guard->outcome();
        if (outcome != ReplyGuard::Outcome::Complete) {
            const QString why = guard->errorText();
            if (result.status == 0) {
                result.error = QStringLiteral("cannot reach %1: %2")
                                   .arg(url.toString(QUrl::RemovePath | QUrl::RemoveQuery), why);
                record(WireRecord::Direction::Incoming, QStringLiteral("no answer: ") + why, {});
            } else {
                // What did arrive is not shown as an answer: a cut JSON list may still parse.
                result.error =
                    QStringLiteral("%1 answered %2, but %3").arg(url.path()).arg(result.status).arg(why);
                record(WireRecord::Direction::Incoming,
                       QStringLiteral("%1 %2, incomplete: %3").arg(result.status).arg(reason, why), {});
            }
            result.reason = outcome == ReplyGuard::Outcome::TooLarge    ? ChannelError::Reason::ReplyTooLarge
                            : outcome == ReplyGuard::Outcome::Truncated ? ChannelError::Reason::TruncatedReply
                            : outcome == ReplyGuard::Outcome::TimedOut  ? ChannelError::Reason::Timeout
                            : outcome == ReplyGuard::Outcome::TlsFailed ? ChannelError::Reason::Tls
                                                                        : ChannelError::Reason::Unreachable;
            return done(result);
        }
        result.body = reply->readAll();
        record(WireRecord::Direction::Incoming, QStringLiteral("%1 %2").arg(result.status).arg(reason),
               result.body);
        if (result.status < 200 || result.status >= 300) {
            result.error =
                QStringLiteral("%1 answered %2 %3: %4")
                    .arg(url.path(), QString::number(result.status), reason, errorTextFromBody(result.body));
            result.reason = ChannelError::Reason::HttpStatus;
        }
        done(result);
    });
}

QString errorTextFromBody(const QByteArray &body)
{
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    if (doc.isObject() && doc.object().value(u"message").isString())
        return doc.object().value(u"message").toString();
    QString text = QString::fromUtf8(body).simplified();
    if (text.size() > 200)
        text = text.left(200) + u'…';
    return text.isEmpty() ? QStringLiteral("(empty body)") : text;
}

} // namespace rasachat
