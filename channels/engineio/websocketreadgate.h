#pragma once

#include <QBasicTimer>
#include <QList>
#include <QObject>
#include <QPointer>
#include <functional>

class QTcpSocket;
class QWebSocket;

namespace rasachat {

// Stops and restarts reading from a server-side QWebSocket, for backpressure: while paused, nothing more
// is read from the connection (the client's sends fill the kernel's buffers and then block), and the
// messages Qt had already taken from the socket's read buffer are held here. resume() hands them on, in
// order, and reads again. The messages of the socket are to be taken from this gate's signals.
//
// Qt 6.4 has no API for this. The gate blocks the signals of the TCP socket under the QWebSocket, so that
// QWebSocket's frame reader is not called; that has three consequences it takes care of: (1) QWebSocket
// gives up on a frame whose rest does not arrive within 5 s (a timer of its frame reader), so while
// paused that timer is held stopped; (2) no readyRead comes for data that is already in the read buffer,
// so resume() emits one; (3) a TCP socket whose bounded read buffer filled up disables its read
// notifier, and reading part of the buffer (a frame, not all of it) does not enable it again, so
// resume() re-arms it (otherwise a buffer full mid-frame would stop reading for good). It also notices,
// while paused, a peer that went away, since the socket's disconnected() is blocked too.
class WebSocketReadGate : public QObject
{
    Q_OBJECT
public:
    // transport: the TCP (or TLS) socket the WebSocket runs on.
    WebSocketReadGate(QWebSocket *socket, QTcpSocket *transport, QObject *parent = nullptr);
    ~WebSocketReadGate() override;

    bool isPaused() const { return m_paused; }
    // Stops reading until resume(); checks every checkMs whether shouldResume() and resumes if so.
    void pause(std::function<bool()> shouldResume, int checkMs);
    void resume();
    // Lets the socket's signals through again without reading on, for a socket that is being closed:
    // what is held is dropped.
    void release();

    // What the client sent that is not handed on yet: held messages plus the transport's read buffer.
    qint64 heldBytes() const;

signals:
    void textMessageReceived(const QString &text);
    void binaryMessageReceived(const QByteArray &data);
    void resumed();
    // The connection ended while paused (its own signals were blocked then).
    void transportGone();

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    struct Held
    {
        bool binary;
        QByteArray data;
    };
    void onText(const QString &text);
    void onBinary(const QByteArray &data);
    void holdFrameReaderTimers();
    void readAgain();

    QPointer<QWebSocket> m_socket;
    QPointer<QTcpSocket> m_transport;
    bool m_paused = false;
    QList<Held> m_held;
    qint64 m_heldBytes = 0;
    std::function<bool()> m_shouldResume;
    QBasicTimer m_check;
};

} // namespace rasachat
