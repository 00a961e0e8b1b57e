#pragma once

#include "../config/credentials.h"

#include <QElapsedTimer>
#include <QHash>
#include <QNetworkAccessManager>
#include <QObject>
#include <QQueue>

class QNetworkReply;

namespace rasachat {

struct OutboxOptions
{
    int firstRetryMs = 250;      // then doubling ...
    int maxRetryMs = 5'000;      // ... up to this
    int retryWindowMs = 120'000; // a message that could not be delivered for this long is dropped
    int maxQueuedMessages = 10'000;
    qint64 maxQueuedBytes = 32 * 1024 * 1024;
    int requestTimeoutMs = 30'000;
};

// Delivers the callback channel's bot messages: one POST per message to the configured url, with its
// headers, params, token and basic auth (Rasa's EndpointConfig). Messages of one recipient go out one
// after another in order; different recipients do not wait for each other. While the receiver is
// unreachable (connection error, 5xx, 429) a message is retried with exponential backoff for up to the
// retry window, so nothing is lost when the receiver comes back in time. Memory is bounded: a message
// that would exceed the limits is dropped at once, with a log line that says so.
//
// Rasa itself sends each POST once and aborts the turn on a connection error; the retries are ours.
class Outbox : public QObject
{
    Q_OBJECT
public:
    Outbox(const CallbackSettings &settings, const OutboxOptions &options, QObject *parent = nullptr);

    void post(const QString &recipientId, const QByteArray &jsonBody);
    int queuedMessages() const { return m_queuedMessages; }
    int queuedRecipients() const { return int(m_queues.size()); }
    // Gives up on every queued message (at shutdown, once the drain period is over) with one log line
    // that says how many messages for how many recipients were not delivered and why.
    void abandon(const QString &why);

signals:
    // The last queued message has been delivered (or dropped): nothing is waiting any more.
    void emptied();

    void delivered(const QString &recipientId, int httpStatus);
    void dropped(const QString &recipientId, const QString &reason);
    void retrying(const QString &recipientId, int attempt, int delayMs, const QString &reason);

private:
    struct Item
    {
        QByteArray body;
        int attempts = 0;
        QElapsedTimer firstFailure;
    };
    struct Queue
    {
        QQueue<Item> items;
        bool busy = false;
        int nextDelayMs = 0;
    };

    void sendHead(const QString &recipientId);
    void onFinished(const QString &recipientId, QNetworkReply *reply);
    void retryLater(const QString &recipientId, const QString &why);
    void popHead(const QString &recipientId);
    QNetworkRequest request() const;

    CallbackSettings m_settings;
    OutboxOptions m_options;
    QNetworkAccessManager m_nam;
    QHash<QString, Queue> m_queues;
    int m_queuedMessages = 0;
    qint64 m_queuedBytes = 0;
};

} // namespace rasachat
