#include "replyguard.h"

#include "tlsoptions.h"

#include <QNetworkReply>
#include <QTimerEvent>

namespace rasachat {

namespace {

// A failure of the connection itself (QNetworkReply's codes 1-99), or a response that broke off.
bool isTransportFailure(QNetworkReply::NetworkError error)
{
    return (error > QNetworkReply::NoError && error < QNetworkReply::ProxyConnectionRefusedError &&
            error != QNetworkReply::OperationCanceledError) ||
           error == QNetworkReply::ProtocolFailure;
}

} // namespace

ReplyGuard::ReplyGuard(QNetworkReply *reply, const Limits &limits)
    : QObject(reply), m_reply(reply), m_limits(limits)
{
    connect(reply, &QNetworkReply::metaDataChanged, this, &ReplyGuard::onMetaData);
    // readyRead comes with every chunk; downloadProgress is throttled by Qt to a few a second.
    connect(reply, &QNetworkReply::readyRead, this, [this] { onProgress(m_reply->bytesAvailable(), -1); });
    connect(reply, &QNetworkReply::downloadProgress, this, &ReplyGuard::onProgress);
    // Not ignored: Qt then fails the reply; these say why, for the error text.
    connect(reply, &QNetworkReply::sslErrors, this,
            [this](const QList<QSslError> &errors) { m_tlsErrors = errors; });
    connect(reply, &QNetworkReply::finished, this, [this] {
        m_deadline.stop();
        m_received = std::max(m_received, m_reply->bytesAvailable());
    });
    // Qt's network thread reads as fast as the server writes unless told otherwise, queueing what it
    // reads for this thread, and an abort waits behind that flood: throttle it to one byte past the limit.
    if (m_limits.maxBytes > 0)
        reply->setReadBufferSize(m_limits.maxBytes + 1);
    if (m_limits.deadlineMs > 0)
        m_deadline.start(m_limits.deadlineMs, this);
}

void ReplyGuard::onMetaData()
{
    bool ok = false;
    const qint64 length = m_reply->header(QNetworkRequest::ContentLengthHeader).toLongLong(&ok);
    if (!ok)
        return;
    m_announced = length;
    if (m_limits.maxBytes > 0 && length > m_limits.maxBytes)
        stop(Outcome::TooLarge);
}

void ReplyGuard::onProgress(qint64 received, qint64)
{
    m_received = std::max(m_received, received);
    if (m_limits.maxBytes > 0 && m_received > m_limits.maxBytes && m_reply->isRunning())
        stop(Outcome::TooLarge);
}

void ReplyGuard::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_deadline.timerId())
        return QObject::timerEvent(event);
    if (m_reply->isRunning())
        stop(Outcome::TimedOut);
    m_deadline.stop();
}

void ReplyGuard::stop(Outcome why)
{
    m_stoppedFor = why;
    m_deadline.stop();
    m_reply->abort(); // emits finished() now, with outcome() already saying why
}

ReplyGuard::Outcome ReplyGuard::outcome() const
{
    if (m_stoppedFor != Outcome::Complete)
        return m_stoppedFor;
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QNetworkReply::NetworkError error = m_reply->error();
    if (status == 0 && (error == QNetworkReply::SslHandshakeFailedError || !m_tlsErrors.isEmpty()))
        return Outcome::TlsFailed;
    if (status == 0)
        return error == QNetworkReply::NoError ? Outcome::Complete : Outcome::NoAnswer;
    const bool hasBody = status >= 200 && status != 204 && status != 304;
    if ((hasBody && m_announced >= 0 && m_received < m_announced) || isTransportFailure(error))
        return Outcome::Truncated;
    return Outcome::Complete;
}

QString ReplyGuard::errorText() const
{
    switch (outcome()) {
    case Outcome::Complete:
        return {};
    case Outcome::NoAnswer:
        return m_reply->errorString();
    case Outcome::TlsFailed:
        return m_tlsErrors.isEmpty() ? m_reply->errorString() : tlsErrorText(m_tlsErrors);
    case Outcome::TooLarge:
        if (m_announced > m_limits.maxBytes)
            return QStringLiteral("the reply is over the limit of %1 bytes (its Content-Length is %2)")
                .arg(m_limits.maxBytes)
                .arg(m_announced);
        return QStringLiteral("the reply is over the limit of %1 bytes").arg(m_limits.maxBytes);
    case Outcome::Truncated:
        if (m_announced >= 0)
            return QStringLiteral("the connection closed after %1 of %2 bytes")
                .arg(m_received)
                .arg(m_announced);
        return QStringLiteral("the connection closed after %1 bytes, before the end of the reply")
            .arg(m_received);
    case Outcome::TimedOut:
        return QStringLiteral("no complete answer within %1 ms (%2 bytes read)")
            .arg(m_limits.deadlineMs)
            .arg(m_received);
    }
    return {};
}

} // namespace rasachat
