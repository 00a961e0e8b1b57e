#pragma once

#include <QBasicTimer>
#include <QObject>
#include <QSslError>

class QNetworkReply;

namespace rasachat {

// Bounds one QNetworkReply and says how it ended. A body over `maxBytes` is refused as soon as its
// Content-Length or the bytes read say so: the reply is aborted, nothing more is buffered. The whole
// exchange, reading the body included, must end within `deadlineMs` (QNetworkRequest's transfer
// timeout only bounds silences, which a server dripping a byte a second never has). A reply whose
// connection closed before its Content-Length was read is truncated, whatever its status line said.
class ReplyGuard : public QObject
{
    Q_OBJECT
public:
    enum class Outcome {
        Complete,  // the whole reply arrived (any HTTP status)
        NoAnswer,  // no HTTP answer at all: refused, reset before the status line, DNS...
        TooLarge,  // refused: over maxBytes
        Truncated, // the connection closed in the middle of the reply
        TimedOut,  // not complete within deadlineMs
        TlsFailed, // no TLS session: the server's certificate was refused, or the handshake failed
    };
    Q_ENUM(Outcome)

    struct Limits
    {
        qint64 maxBytes = 0; // 0: no limit
        int deadlineMs = 0;  // 0: no deadline
    };

    // Watches `reply` from now on (it becomes the reply's child); create it before returning to the
    // event loop, so that no byte arrives unchecked.
    ReplyGuard(QNetworkReply *reply, const Limits &limits);

    // How the reply ended; valid once it has emitted finished().
    Outcome outcome() const;
    // Why it did not complete, for a person ("the connection closed after 38 of 1000 bytes"); empty
    // for Complete.
    QString errorText() const;
    // Body bytes received so far.
    qint64 bytesReceived() const { return m_received; }

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    void onMetaData();
    void onProgress(qint64 received, qint64 total);
    void stop(Outcome why);

    QNetworkReply *m_reply;
    Limits m_limits;
    Outcome m_stoppedFor = Outcome::Complete; // why we aborted it, if we did
    qint64 m_received = 0;
    qint64 m_announced = -1; // Content-Length, if any
    QList<QSslError> m_tlsErrors;
    QBasicTimer m_deadline;
};

} // namespace rasachat
