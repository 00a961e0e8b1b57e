#include "engineio/engineclient.h"
#include "fakeservers.h"

#include <QSignalSpy>
#include <QTest>

using namespace rasachat;

// EngineClient against servers that send what no good server sends: every reply is bounded by the
// server's maxPayload and one cut short says so, whatever the transport.
class tst_EngineClient : public QObject
{
    Q_OBJECT
private slots:
    void cutHandshakeIsReportedAsCut();
    void pollingPacketOverMaxPayload();
    void endlessPollingResponse_data();
    void endlessPollingResponse();
    void webSocketMessageOverMaxPayload();
    void webSocketFrameAnnouncingAGigabyte();

private:
    static EngineClientOptions options(const QUrl &url, EngineClientOptions::Transport transport);
    static QByteArray open(int maxPayload);
    static QByteArray ok(const QByteArray &body);
};

EngineClientOptions tst_EngineClient::options(const QUrl &url, EngineClientOptions::Transport transport)
{
    EngineClientOptions o;
    o.url = url;
    o.transport = transport;
    return o;
}

QByteArray tst_EngineClient::open(int maxPayload)
{
    return R"(0{"sid":"s1","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":)" +
           QByteArray::number(maxPayload) + "}";
}

QByteArray tst_EngineClient::ok(const QByteArray &body)
{
    return "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Length: " +
           QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

void tst_EngineClient::cutHandshakeIsReportedAsCut()
{
    // It was reported as "the server's OPEN packet has no sid", which sends the user hunting for a
    // protocol bug when the network failed.
    ScriptedHttpServer server;
    QVERIFY(server.listen());
    server.respond = [](const QByteArray &, QTcpSocket *) {
        return ScriptedHttpServer::Answer{"HTTP/1.1 200 OK\r\nContent-Length: 200\r\n\r\n0{\"sid\":\"ab",
                                          ScriptedHttpServer::After::Close};
    };
    EngineClient client(options(server.url(), EngineClientOptions::Transport::Polling));
    QSignalSpy opened(&client, &EngineClient::opened);
    QSignalSpy closed(&client, &EngineClient::closed);
    client.open();
    QVERIFY(closed.wait());
    QCOMPARE(closed.at(0).at(0).value<EngineClient::CloseReason>(),
             EngineClient::CloseReason::TransportError);
    QCOMPARE(closed.at(0).at(1).toString(),
             QStringLiteral("xhr poll error: the connection closed after 11 of 200 bytes"));
    QCOMPARE(opened.size(), 0);
}

void tst_EngineClient::pollingPacketOverMaxPayload()
{
    ScriptedHttpServer server;
    QVERIFY(server.listen());
    server.respond = [](const QByteArray &head, QTcpSocket *) {
        if (!head.contains("sid="))
            return ScriptedHttpServer::Answer{ok(open(1000)), ScriptedHttpServer::After::KeepOpen};
        return ScriptedHttpServer::Answer{ok("4" + QByteArray(2000, 'x')),
                                          ScriptedHttpServer::After::KeepOpen};
    };
    EngineClient client(options(server.url(), EngineClientOptions::Transport::Polling));
    QSignalSpy messages(&client, &EngineClient::messageReceived);
    QSignalSpy closed(&client, &EngineClient::closed);
    client.open();
    QVERIFY(closed.wait());
    QCOMPARE(client.maxIncomingMessage(), 1000);
    QCOMPARE(closed.at(0).at(0).value<EngineClient::CloseReason>(), EngineClient::CloseReason::TooLarge);
    QCOMPARE(closed.at(0).at(1).toString(),
             QStringLiteral("a packet of 2000 bytes is over the server's maxPayload of 1000 bytes"));
    QCOMPARE(messages.size(), 0);
}

void tst_EngineClient::endlessPollingResponse_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<QString>("detail");
    QTest::newRow("announced") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 1073741824\r\n\r\n")
                               << "xhr poll error: the reply is over the limit of 16000 bytes "
                                  "(its Content-Length is 1073741824)";
    QTest::newRow("read until close") << QByteArray("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n4")
                                      << "xhr poll error: the reply is over the limit of 16000 bytes";
}

void tst_EngineClient::endlessPollingResponse()
{
    // A polling response may batch several messages, so it may be 16 times maxPayload, and no more: it
    // is refused while it streams, not read to the end first.
    QFETCH(QByteArray, head);
    QFETCH(QString, detail);
    ScriptedHttpServer server;
    QVERIFY(server.listen());
    server.respond = [&](const QByteArray &request, QTcpSocket *socket) {
        if (!request.contains("sid="))
            return ScriptedHttpServer::Answer{ok(open(1000)), ScriptedHttpServer::After::KeepOpen};
        socket->write(head);
        server.stream(socket);
        return ScriptedHttpServer::Answer{{}, ScriptedHttpServer::After::KeepOpen};
    };
    EngineClient client(options(server.url(), EngineClientOptions::Transport::Polling));
    QSignalSpy closed(&client, &EngineClient::closed);
    client.open();
    QVERIFY(closed.wait());
    QCOMPARE(closed.at(0).at(0).value<EngineClient::CloseReason>(), EngineClient::CloseReason::TooLarge);
    QCOMPARE(closed.at(0).at(1).toString(), detail);
    QTRY_VERIFY_WITH_TIMEOUT(server.hangUps >= 1, 60'000); // the client dropped the connection
}

void tst_EngineClient::webSocketMessageOverMaxPayload()
{
    FakeSioServer server;
    server.maxPayload = 1000;
    QVERIFY(server.listen());
    EngineClient client(options(server.url(), EngineClientOptions::Transport::WebSocket));
    QSignalSpy opened(&client, &EngineClient::opened);
    QSignalSpy messages(&client, &EngineClient::messageReceived);
    QSignalSpy closed(&client, &EngineClient::closed);
    client.open();
    QVERIFY(opened.wait());
    server.sendText(QStringLiteral("4") + QString(999, u'x')); // 1000 bytes: the limit itself is fine
    QVERIFY(messages.wait());
    server.sendText(QStringLiteral("4") + QString(5000, u'x'));
    QVERIFY(closed.wait());
    QCOMPARE(closed.at(0).at(0).value<EngineClient::CloseReason>(), EngineClient::CloseReason::TooLarge);
    QCOMPARE(closed.at(0).at(1).toString(),
             QStringLiteral("a WebSocket message over the server's maxPayload of 1000 bytes"));
    QCOMPARE(messages.size(), 1);
}

void tst_EngineClient::webSocketFrameAnnouncingAGigabyte()
{
    // The frame header says 1 GiB and the bytes keep coming: refused at the header, not buffered.
    RawWebSocketServer server;
    QVERIFY(server.listen());
    qint64 written = 0;
    server.onOpen = [&written](QTcpSocket *socket) {
        socket->write(RawWebSocketServer::textFrame(open(1000)));
        socket->write(RawWebSocketServer::header(0x1, 1ull << 30));
        auto more = [socket, &written] {
            while (socket->state() == QAbstractSocket::ConnectedState && socket->bytesToWrite() < 256 * 1024)
                written += socket->write(QByteArray(64 * 1024, '4'));
        };
        QObject::connect(socket, &QTcpSocket::bytesWritten, socket, more);
        more();
    };
    EngineClient client(options(server.url(), EngineClientOptions::Transport::WebSocket));
    QSignalSpy closed(&client, &EngineClient::closed);
    client.open();
    QVERIFY(closed.wait());
    QCOMPARE(closed.at(0).at(0).value<EngineClient::CloseReason>(), EngineClient::CloseReason::TooLarge);
    QTRY_COMPARE_WITH_TIMEOUT(server.hangUps, 1, 60'000);
    QVERIFY2(written < 64 * 1024 * 1024, qPrintable(QString::number(written)));
}

QTEST_GUILESS_MAIN(tst_EngineClient)
#include "tst_engineclient.moc"
