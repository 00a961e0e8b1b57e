#pragma once

#include <QList>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>

namespace rasachat {

class TurnWriteSocket;

// Sends, once per event-loop turn, what TurnWriteSockets were given in it (QAbstractEventDispatcher's
// awake and aboutToBlock: at least one of them comes in every pass of the loop, blocking or not).
class TurnWriter : public QObject
{
    Q_OBJECT
public:
    explicit TurnWriter(QObject *parent = nullptr) : QObject(parent) {}
    void schedule(TurnWriteSocket *socket);

private:
    void sendAll();

    QList<QPointer<TurnWriteSocket>> m_pending;
    QList<QPointer<TurnWriteSocket>> m_sending; // m_pending while sendAll() runs
    bool m_connected = false;                   // to the dispatcher, once one exists
};

// A server-side TCP socket that sends what is written to it during one event-loop turn in one send(),
// straight from a buffer that is freed once sent. QAbstractSocket copies every write into a write
// buffer that keeps a 32 KB block for good after the first write; thousands of idle WebSocket sessions
// each kept one. Only what the kernel does not take at once (a client that does not read) goes to
// QAbstractSocket's buffer, which then sends it as usual and counts it in bytesToWrite().
class TurnWriteSocket : public QTcpSocket
{
    Q_OBJECT
public:
    explicit TurnWriteSocket(TurnWriter *writer, QObject *parent = nullptr);

    qint64 bytesToWrite() const override;
    void disconnectFromHost() override;

    // Sends what this turn wrote (TurnWriter calls it; disconnectFromHost() hands it to Qt instead).
    void sendPending();

protected:
    qint64 writeData(const char *data, qint64 size) override;

private:
    void handPendingToQt();

    QPointer<TurnWriter> m_writer;
    QByteArray m_pending; // written this turn, not sent yet
};

// A QTcpServer whose connections are TurnWriteSockets sharing one TurnWriter.
class TurnWriteTcpServer : public QTcpServer
{
    Q_OBJECT
public:
    explicit TurnWriteTcpServer(QObject *parent = nullptr);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    TurnWriter *m_writer;
};

} // namespace rasachat
