#include "httptrafficclient.h"

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

void HttpTrafficClient::get(const QUrl &url, Done done)
{
    QNetworkRequest req(url);
    if (m_timeoutMs > 0)
        req.setTransferTimeout(m_timeoutMs);
    record(WireRecord::Direction::Outgoing, QStringLiteral("GET ") + url.toString(), {});
    start(m_nam.get(req), url, std::move(done));
}

void HttpTrafficClient::postJson(const QUrl &url, const QByteArray &json, Done done)
{
    QNetworkRequest req(url);
    req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    if (m_timeoutMs > 0)
        req.setTransferTimeout(m_timeoutMs);
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
    connect(reply, &QNetworkReply::finished, this, [this, reply, url, done = std::move(done)] {
        reply->deleteLater();
        Result result;
        result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        result.body = reply->readAll();
        if (result.status == 0) {
            result.error = QStringLiteral("cannot reach %1: %2")
                               .arg(url.toString(QUrl::RemovePath | QUrl::RemoveQuery), reply->errorString());
            record(WireRecord::Direction::Incoming, QStringLiteral("no answer: ") + reply->errorString(), {});
        } else {
            const QString reason = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
            record(WireRecord::Direction::Incoming, QStringLiteral("%1 %2").arg(result.status).arg(reason),
                   result.body);
            if (result.status < 200 || result.status >= 300) {
                result.error = QStringLiteral("%1 answered %2 %3: %4")
                                   .arg(url.path(), QString::number(result.status), reason,
                                        errorTextFromBody(result.body));
            }
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
