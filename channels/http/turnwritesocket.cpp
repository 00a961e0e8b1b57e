#include "turnwritesocket.h"

#include <QAbstractEventDispatcher>
#include <cerrno>
#include <sys/socket.h>
#include <utility>

namespace rasachat {

namespace {
// A turn that writes more than this (a long-polling payload, a big room emit) sends at once rather
// than keep it all in memory until the end of the turn.
constexpr qsizetype kSendNowBytes = 64 * 1024;
} // namespace

void TurnWriter::schedule(TurnWriteSocket *socket)
{
    if (!m_connected) {
        QAbstractEventDispatcher *dispatcher = QAbstractEventDispatcher::instance(thread());
        if (!dispatcher) {
            socket->sendPending(); // no event loop: nothing would ever end the turn
            return;
        }
        connect(dispatcher, &QAbstractEventDispatcher::awake, this, &TurnWriter::sendAll);
        connect(dispatcher, &QAbstractEventDispatcher::aboutToBlock, this, &TurnWriter::sendAll);
        m_connected = true;
    }
    m_pending.append(socket);
}

void TurnWriter::sendAll()
{
    if (m_pending.isEmpty())
        return;
    // Swapped, not moved out: both lists keep their capacity, so a turn allocates nothing here.
    m_sending.swap(m_pending);
    for (const QPointer<TurnWriteSocket> &socket : std::as_const(m_sending)) {
        if (socket)
            socket->sendPending();
    }
    m_sending.clear();
}

TurnWriteSocket::TurnWriteSocket(TurnWriter *writer, QObject *parent) : QTcpSocket(parent), m_writer(writer)
{}

qint64 TurnWriteSocket::bytesToWrite() const
{
    return m_pending.size() + QTcpSocket::bytesToWrite();
}

qint64 TurnWriteSocket::writeData(const char *data, qint64 size)
{
    // Behind bytes Qt holds already (the client was not reading), or on a socket that is not connected
    // (Qt reports that): Qt's own path keeps the order and the errors.
    if (QTcpSocket::bytesToWrite() > 0 || state() != ConnectedState || !m_writer)
        return QTcpSocket::writeData(data, size);
    const bool first = m_pending.isEmpty();
    m_pending.append(data, size);
    if (m_pending.size() >= kSendNowBytes)
        sendPending();
    else if (first)
        m_writer->schedule(this);
    return size;
}

void TurnWriteSocket::sendPending()
{
    if (m_pending.isEmpty())
        return;
    if (state() != ConnectedState || QTcpSocket::bytesToWrite() > 0) {
        handPendingToQt();
        return;
    }
    qint64 sent = 0;
    while (sent < m_pending.size()) {
        const ssize_t n = ::send(int(socketDescriptor()), m_pending.constData() + sent,
                                 size_t(m_pending.size() - sent), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0)
            sent += n;
        else if (n < 0 && errno == EINTR)
            continue;
        else
            break; // EAGAIN (the client does not read) or an error: Qt's write path takes the rest
    }
    if (sent < m_pending.size()) {
        m_pending.remove(0, sent);
        handPendingToQt();
    } else {
        m_pending = QByteArray(); // frees the block: an idle connection keeps no buffer
    }
    if (sent > 0)
        emit bytesWritten(sent);
}

// What Qt's buffer takes it sends once the socket can be written to again, and a failing socket reports
// its error through Qt's usual signals.
void TurnWriteSocket::handPendingToQt()
{
    const QByteArray rest = std::exchange(m_pending, QByteArray());
    QTcpSocket::writeData(rest.constData(), rest.size());
}

void TurnWriteSocket::disconnectFromHost()
{
    // Qt closes at once when its own buffer is empty: what this turn wrote must be in it first.
    if (!m_pending.isEmpty())
        handPendingToQt();
    QTcpSocket::disconnectFromHost();
}

TurnWriteTcpServer::TurnWriteTcpServer(QObject *parent) : QTcpServer(parent), m_writer(new TurnWriter(this))
{}

void TurnWriteTcpServer::incomingConnection(qintptr descriptor)
{
    auto *socket = new TurnWriteSocket(m_writer, this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    addPendingConnection(socket);
}

} // namespace rasachat
