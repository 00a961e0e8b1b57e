#pragma once

#include <QList>
#include <QObject>
#include <QPointer>

class QWebSocket;

namespace rasachat {

// Writes the WebSockets that were sent to during one event-loop turn just before the loop waits again
// (QAbstractEventDispatcher::aboutToBlock). A Socket.IO event and its ack, queued in the same turn,
// leave in one write(), and without the extra poll() that QAbstractSocket's write notifier costs.
// When the loop does not block (more events are due), Qt's own write notifier still sends the bytes.
class TurnFlusher : public QObject
{
    Q_OBJECT
public:
    explicit TurnFlusher(QObject *parent = nullptr);

    // `socket` has bytes to send: they go out at the end of this turn.
    void schedule(QWebSocket *socket);

private:
    void flushAll();

    QList<QPointer<QWebSocket>> m_pending;
    QList<QPointer<QWebSocket>> m_flushing; // m_pending while flushAll() runs
    bool m_connected = false;               // to the dispatcher, once one exists
};

} // namespace rasachat
