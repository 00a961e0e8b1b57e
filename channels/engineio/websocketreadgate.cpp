#include "websocketreadgate.h"

#include <QSslSocket>
#include <QTcpSocket>
#include <QTimer>
#include <QTimerEvent>
#include <QWebSocket>

namespace rasachat {

WebSocketReadGate::WebSocketReadGate(QWebSocket *socket, QTcpSocket *transport, QObject *parent)
    : QObject(parent), m_socket(socket), m_transport(transport)
{
    connect(socket, &QWebSocket::textMessageReceived, this, &WebSocketReadGate::onText);
    connect(socket, &QWebSocket::binaryMessageReceived, this, &WebSocketReadGate::onBinary);
}

WebSocketReadGate::~WebSocketReadGate()
{
    if (m_paused && m_transport)
        m_transport->blockSignals(false);
}

void WebSocketReadGate::pause(std::function<bool()> shouldResume, int checkMs)
{
    m_shouldResume = std::move(shouldResume);
    if (m_paused || !m_transport)
        return;
    m_paused = true;
    m_transport->blockSignals(true);
    m_check.start(checkMs, this);
}

void WebSocketReadGate::release()
{
    m_check.stop();
    m_held.clear();
    m_heldBytes = 0;
    if (m_paused && m_transport)
        m_transport->blockSignals(false);
    m_paused = false;
}

void WebSocketReadGate::onText(const QString &text)
{
    // Held while anything is held, so that nothing overtakes it.
    if (m_paused || !m_held.isEmpty()) {
        const QByteArray utf8 = text.toUtf8();
        m_heldBytes += utf8.size();
        m_held.append({false, utf8});
        return;
    }
    emit textMessageReceived(text);
}

void WebSocketReadGate::onBinary(const QByteArray &data)
{
    if (m_paused || !m_held.isEmpty()) {
        m_heldBytes += data.size();
        m_held.append({true, data});
        return;
    }
    emit binaryMessageReceived(data);
}

qint64 WebSocketReadGate::heldBytes() const
{
    return m_heldBytes + (m_transport ? m_transport->bytesAvailable() : 0);
}

void WebSocketReadGate::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_check.timerId()) {
        QObject::timerEvent(event);
        return;
    }
    holdFrameReaderTimers();
    if (!m_transport || !m_socket || m_transport->state() != QAbstractSocket::ConnectedState) {
        m_check.stop();
        emit transportGone();
        return;
    }
    if (m_shouldResume && m_shouldResume())
        resume();
}

// QWebSocket (Qt 6.4) closes the connection (1001, "Timeout when reading data from socket") when the
// rest of a frame does not come within 5 s: its frame reader starts a timer on an incomplete frame, which
// the TCP socket's readyRead stops. While paused no readyRead comes, so a timer started in the pass that
// paused (it is not stopped by that same readyRead when it is the connection's first incomplete frame)
// would end the connection for a delay that is ours: it is held stopped. Reading again restarts it if the
// frame is still incomplete.
void WebSocketReadGate::holdFrameReaderTimers()
{
    if (!m_socket)
        return;
    const auto timers = m_socket->findChildren<QTimer *>();
    for (QTimer *timer : timers) {
        if (timer->isActive() && timer->parent() &&
            qstrcmp(timer->parent()->metaObject()->className(), "QWebSocketDataProcessor") == 0)
            timer->stop();
    }
}

void WebSocketReadGate::resume()
{
    if (!m_paused)
        return;
    m_paused = false;
    m_check.stop();
    QPointer<WebSocketReadGate> self(this);
    while (!m_held.isEmpty()) {
        const Held next = m_held.takeFirst();
        m_heldBytes -= next.data.size();
        // A receiver may pause again right here: the rest stays held (the transport is still blocked).
        if (next.binary)
            emit binaryMessageReceived(next.data);
        else
            emit textMessageReceived(QString::fromUtf8(next.data));
        if (!self || m_paused)
            return;
    }
    if (m_transport)
        m_transport->blockSignals(false);
    emit resumed();
    if (self && !m_paused)
        readAgain();
}

void WebSocketReadGate::readAgain()
{
    QPointer<QTcpSocket> transport = m_transport;
    if (!transport)
        return;
    // What came in while paused is in the read buffer already: no readyRead will announce it.
    if (transport->bytesAvailable() > 0)
        emit transport->readyRead();
    if (!transport)
        return;
    // A full read buffer disabled the read notifier, and a partial read (complete frames out, the start of
    // the next one left) does not enable it again: setting the limit anew does.
    if (const qint64 limit = transport->readBufferSize(); limit > 0) {
        transport->setReadBufferSize(0);
        transport->setReadBufferSize(limit);
    }
    // Over TLS, the encrypted bytes wait in the socket under QSslSocket, which decrypts them only when
    // more arrive or when its own buffer is read empty.
    if (qobject_cast<QSslSocket *>(transport.data()) &&
        transport->metaObject()->indexOfMethod("_q_flushReadBuffer()") >= 0)
        QMetaObject::invokeMethod(transport, "_q_flushReadBuffer", Qt::QueuedConnection);
}

} // namespace rasachat
