#include "engineio/websocketreadgate.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QWebSocket>
#include <QWebSocketServer>

using namespace rasachat;

// The gate under a server-side QWebSocket as EngineServer builds it (a TCP socket of ours handed to
// QWebSocketServer::handleConnection), against a client that writes raw frames.
class tst_WebSocketReadGate : public QObject
{
    Q_OBJECT
private slots:
    void pausedMidFrameLongerThanQtWaitsForAFrame();
};

namespace {

// A client's text frame, masked with key 0 (the payload stays as it is).
QByteArray clientTextFrame(const QByteArray &payload)
{
    Q_ASSERT(payload.size() < 126);
    return QByteArray("\x81", 1) + char(0x80 | payload.size()) + QByteArray(4, '\0') + payload;
}

} // namespace

// Reading is paused by the first message, while the rest of what Qt read holds the start of a second
// frame: Qt's frame reader waits for the rest of it with its 5 s timer. The client sends that rest only
// after more than 5 s, and reading resumes then: the message arrives, and the connection was not
// closed for the delay the pause made ("Timeout when reading data from socket").
void tst_WebSocketReadGate::pausedMidFrameLongerThanQtWaitsForAFrame()
{
    QTcpServer tcp;
    QVERIFY(tcp.listen(QHostAddress::LocalHost, 0));
    QWebSocketServer ws(QStringLiteral("test"), QWebSocketServer::NonSecureMode);
    QTcpSocket *transport = nullptr;
    connect(&tcp, &QTcpServer::newConnection, this, [&] {
        transport = tcp.nextPendingConnection();
        ws.handleConnection(transport);
    });
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, tcp.serverPort());
    client.write("GET / HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                 "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
    QTRY_VERIFY(ws.hasPendingConnections());
    std::unique_ptr<QWebSocket> socket(ws.nextPendingConnection());
    QVERIFY(transport);
    QByteArray response;
    QTRY_VERIFY2((response += client.readAll()).contains("\r\n\r\n"), response.constData());
    QVERIFY2(response.startsWith("HTTP/1.1 101"), response.constData());

    WebSocketReadGate gate(socket.get(), transport);
    QStringList received;
    bool mayResume = false;
    connect(&gate, &WebSocketReadGate::textMessageReceived, this, [&](const QString &text) {
        received.append(text);
        if (received.size() == 1)
            gate.pause([&mayResume] { return mayResume; }, 10);
    });
    QSignalSpy disconnected(socket.get(), &QWebSocket::disconnected);

    const QByteArray second = clientTextFrame("second");
    client.write(clientTextFrame("first") + second.left(5)); // one write: Qt reads it in one pass
    QTRY_COMPARE(received, QStringList{QStringLiteral("first")});
    QVERIFY(gate.isPaused());
    // Not a synchronisation: the pause lasts longer than Qt waits for the rest of a frame (5 s).
    QTest::qWait(6'000);
    client.write(second.mid(5));
    mayResume = true;
    QTRY_COMPARE(received, (QStringList{QStringLiteral("first"), QStringLiteral("second")}));
    QVERIFY(!gate.isPaused());
    QCOMPARE(socket->state(), QAbstractSocket::ConnectedState);
    QCOMPARE(disconnected.size(), 0);
}

QTEST_GUILESS_MAIN(tst_WebSocketReadGate)
#include "tst_websocketreadgate.moc"
