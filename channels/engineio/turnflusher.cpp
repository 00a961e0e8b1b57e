#include "turnflusher.h"

#include <QAbstractEventDispatcher>
#include <QWebSocket>
#include <utility>

namespace rasachat {

TurnFlusher::TurnFlusher(QObject *parent) : QObject(parent) {}

void TurnFlusher::schedule(QWebSocket *socket)
{
    if (!m_connected) {
        // The dispatcher is created with the thread's event loop: look for it when there is work.
        QAbstractEventDispatcher *dispatcher = QAbstractEventDispatcher::instance(thread());
        if (!dispatcher)
            return; // no loop yet: the socket's own write notifier sends the bytes
        connect(dispatcher, &QAbstractEventDispatcher::aboutToBlock, this, &TurnFlusher::flushAll);
        m_connected = true;
    }
    // A socket written several times in a turn is listed once per write; flushing twice is harmless,
    // and cheaper than looking it up each time.
    if (m_pending.isEmpty() || m_pending.constLast() != socket)
        m_pending.append(socket);
}

void TurnFlusher::flushAll()
{
    // Swapped, not moved out: both lists keep their capacity, so a turn allocates nothing here.
    m_flushing.swap(m_pending);
    for (const QPointer<QWebSocket> &socket : std::as_const(m_flushing)) {
        if (socket)
            socket->flush();
    }
    m_flushing.clear();
}

} // namespace rasachat
