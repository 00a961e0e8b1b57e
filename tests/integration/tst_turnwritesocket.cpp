#include "http/turnwritesocket.h"

#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <memory>

using namespace rasachat;

// TurnWriteSocket, the server side of every plain HTTP and WebSocket connection: what a turn writes
// reaches the client whole and in order, is counted as unsent until it is sent, survives a client that
// does not read (Qt's buffer takes the rest and sends it when the client reads again), and is delivered
// before a close.
class tst_TurnWriteSocket : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void aTurnsWritesArriveInOrder();
    void aClientThatDoesNotReadGetsEverythingLater();
    void closeRightAfterWritingDeliversTheBytes();

private:
    std::unique_ptr<TurnWriteTcpServer> m_server;
    std::unique_ptr<QTcpSocket> m_client;
    QTcpSocket *m_serverEnd = nullptr;
};

void tst_TurnWriteSocket::init()
{
    m_server = std::make_unique<TurnWriteTcpServer>();
    QVERIFY(m_server->listen(QHostAddress::LocalHost, 0));
    m_client = std::make_unique<QTcpSocket>();
    m_client->connectToHost(QHostAddress::LocalHost, m_server->serverPort());
    QTRY_VERIFY(m_server->hasPendingConnections());
    m_serverEnd = m_server->nextPendingConnection();
    QVERIFY(qobject_cast<TurnWriteSocket *>(m_serverEnd));
    QTRY_COMPARE(m_client->state(), QAbstractSocket::ConnectedState);
}

void tst_TurnWriteSocket::cleanup()
{
    m_client.reset();
    m_server.reset(); // the server end is its child
    m_serverEnd = nullptr;
}

void tst_TurnWriteSocket::aTurnsWritesArriveInOrder()
{
    m_serverEnd->write("one ");
    m_serverEnd->write(QByteArray("two "));
    m_serverEnd->write("three");
    // Not sent before the turn ends, and counted as unsent until then (backpressure reads this).
    QCOMPARE(m_serverEnd->bytesToWrite(), 13);
    QSignalSpy written(m_serverEnd, &QIODevice::bytesWritten);
    QByteArray got;
    QTRY_VERIFY((got += m_client->readAll()).size() >= 13);
    QCOMPARE(got, QByteArray("one two three"));
    QCOMPARE(m_serverEnd->bytesToWrite(), 0);
    QCOMPARE(written.size(), 1);
    QCOMPARE(written.first().first().toLongLong(), 13);
}

void tst_TurnWriteSocket::aClientThatDoesNotReadGetsEverythingLater()
{
    // Far more than the kernel's socket buffers take while the client does not read.
    QByteArray sent;
    for (int i = 0; sent.size() < 32 * 1024 * 1024; ++i)
        sent += QByteArray::number(i).rightJustified(16, '.');
    m_client->setReadBufferSize(1); // Qt reads (almost) nothing on the client's side
    for (qsizetype at = 0; at < sent.size(); at += 1000)
        m_serverEnd->write(sent.mid(at, 1000));
    // Most of it waits, on the server's side, for the client to read.
    QTRY_VERIFY(m_serverEnd->bytesToWrite() > 0 && m_serverEnd->bytesToWrite() < sent.size());
    m_client->setReadBufferSize(0);
    QByteArray got;
    QTRY_VERIFY_WITH_TIMEOUT((got += m_client->readAll()).size() >= sent.size(), 30'000);
    QCOMPARE(got.size(), sent.size());
    QVERIFY(got == sent);
    QTRY_COMPARE(m_serverEnd->bytesToWrite(), 0);
}

void tst_TurnWriteSocket::closeRightAfterWritingDeliversTheBytes()
{
    m_serverEnd->write("last words");
    m_serverEnd->disconnectFromHost();
    QByteArray got;
    QTRY_COMPARE(m_client->state(), QAbstractSocket::UnconnectedState);
    got += m_client->readAll();
    QCOMPARE(got, QByteArray("last words"));
}

QTEST_GUILESS_MAIN(tst_TurnWriteSocket)
#include "tst_turnwritesocket.moc"
