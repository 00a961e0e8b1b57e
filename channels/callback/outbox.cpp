#include "outbox.h"

#include "../http/logsafe.h"

#include <QLoggingCategory>
#include <QNetworkReply>
#include <QTimer>
#include <QUrlQuery>

Q_LOGGING_CATEGORY(lcCallback, "rasa.callback", QtInfoMsg)

namespace rasachat {

Outbox::Outbox(const CallbackSettings &settings, const OutboxOptions &options, QObject *parent)
    : QObject(parent), m_settings(settings), m_options(options)
{
    m_nam.setAutoDeleteReplies(true);
}

QNetworkRequest Outbox::request() const
{
    QUrl url(m_settings.url);
    QUrlQuery query(url);
    for (auto it = m_settings.params.begin(); it != m_settings.params.end(); ++it)
        query.addQueryItem(it.key(), it.value());
    if (!m_settings.token.isEmpty())
        query.addQueryItem(m_settings.tokenName, m_settings.token);
    url.setQuery(query);
    QNetworkRequest req(url);
    req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    for (auto it = m_settings.headers.begin(); it != m_settings.headers.end(); ++it)
        req.setRawHeader(it.key().toUtf8(), it.value().toUtf8());
    if (!m_settings.basicAuthUser.isEmpty()) {
        const QByteArray credentials =
            (m_settings.basicAuthUser + u':' + m_settings.basicAuthPassword).toUtf8();
        req.setRawHeader("Authorization", "Basic " + credentials.toBase64());
    }
    req.setTransferTimeout(m_options.requestTimeoutMs);
    return req;
}

void Outbox::post(const QString &recipientId, const QByteArray &jsonBody)
{
    if (m_queuedMessages + 1 > m_options.maxQueuedMessages ||
        m_queuedBytes + jsonBody.size() > m_options.maxQueuedBytes) {
        const QString reason = QStringLiteral("outbox full (%1 messages, %2 bytes waiting for %3)")
                                   .arg(m_queuedMessages)
                                   .arg(m_queuedBytes)
                                   .arg(m_settings.url);
        qCWarning(lcCallback).noquote()
            << "callback: dropping a message for" << logSafe(recipientId) << "-" << reason;
        emit dropped(recipientId, reason);
        return;
    }
    ++m_queuedMessages;
    m_queuedBytes += jsonBody.size();
    Queue &queue = m_queues[recipientId];
    queue.items.enqueue(Item{jsonBody, 0, {}});
    if (!queue.busy)
        sendHead(recipientId);
}

void Outbox::sendHead(const QString &recipientId)
{
    const auto it = m_queues.find(recipientId);
    if (it == m_queues.end()) // abandoned while its retry was waiting
        return;
    Queue &queue = *it;
    queue.busy = true;
    Item &item = queue.items.head();
    ++item.attempts;
    QNetworkReply *reply = m_nam.post(request(), item.body);
    connect(reply, &QNetworkReply::finished, this,
            [this, recipientId, reply] { onFinished(recipientId, reply); });
}

void Outbox::onFinished(const QString &recipientId, QNetworkReply *reply)
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 0) // no HTTP answer at all: refused, reset, timed out, unknown host
        return retryLater(recipientId, reply->errorString());
    if (status >= 500 || status == 429)
        return retryLater(recipientId, QStringLiteral("HTTP %1").arg(status));
    if (status >= 400) {
        // The receiver answered and refused: as Rasa, log it and carry on with the next message.
        qCWarning(lcCallback).noquote()
            << "callback: failed to send output message to callback. Status:" << status << "(recipient"
            << logSafe(recipientId) << ")";
    }
    emit delivered(recipientId, status);
    popHead(recipientId);
}

void Outbox::retryLater(const QString &recipientId, const QString &why)
{
    Queue &queue = m_queues[recipientId];
    Item &item = queue.items.head();
    if (!item.firstFailure.isValid()) {
        item.firstFailure.start();
        queue.nextDelayMs = m_options.firstRetryMs;
        qCWarning(lcCallback).noquote() << "callback:" << m_settings.url
                                        << QStringLiteral("unreachable (%1), retrying").arg(logSafe(why));
    }
    if (item.firstFailure.elapsed() + queue.nextDelayMs > m_options.retryWindowMs) {
        const QString reason = QStringLiteral("not delivered after %1 attempts over %2 s: %3")
                                   .arg(item.attempts)
                                   .arg(item.firstFailure.elapsed() / 1000.0, 0, 'f', 1)
                                   .arg(why);
        qCWarning(lcCallback).noquote()
            << "callback: dropping a message for" << logSafe(recipientId) << "-" << logSafe(reason);
        emit dropped(recipientId, reason);
        popHead(recipientId);
        return;
    }
    const int delay = queue.nextDelayMs;
    queue.nextDelayMs = std::min(queue.nextDelayMs * 2, m_options.maxRetryMs);
    emit retrying(recipientId, item.attempts, delay, why);
    QTimer::singleShot(delay, this, [this, recipientId] { sendHead(recipientId); });
}

void Outbox::popHead(const QString &recipientId)
{
    auto it = m_queues.find(recipientId);
    const Item item = it->items.dequeue();
    --m_queuedMessages;
    m_queuedBytes -= item.body.size();
    if (it->items.isEmpty()) {
        m_queues.erase(it);
        if (m_queues.isEmpty())
            emit emptied();
        return;
    }
    sendHead(recipientId);
}

void Outbox::abandon(const QString &why)
{
    if (m_queuedMessages > 0) {
        const auto count = [](qsizetype n, const char *one, const char *many) {
            return QString::number(n) + u' ' + QLatin1StringView(n == 1 ? one : many);
        };
        qCWarning(lcCallback).noquote()
            << QStringLiteral("callback: %1 for %2 %3 not delivered to %4: %5")
                   .arg(count(m_queuedMessages, "message", "messages"),
                        count(m_queues.size(), "sender", "senders"),
                        m_queuedMessages == 1 ? QStringLiteral("was") : QStringLiteral("were"),
                        m_settings.url, why);
    }
    // Replies still in flight must not find their queue again.
    for (QNetworkReply *reply : m_nam.findChildren<QNetworkReply *>()) {
        reply->disconnect(this);
        reply->abort();
    }
    m_queues.clear();
    m_queuedMessages = 0;
    m_queuedBytes = 0;
}

} // namespace rasachat
