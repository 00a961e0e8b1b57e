#include "engineio/enginesession.h"

#include <QPointer>
#include <QSignalSpy>
#include <QTest>
#include <QWebSocket>
#include <QWebSocketServer>
#include <memory>

using namespace rasachat;

// EngineSession on its own, as its header documents it: the OPEN packet of the handshake, messages both
// ways, the heartbeat (a pong keeps the session, silence ends it), the upgrade from polling to WebSocket
// (Polling -> Upgrading -> WebSocket, or back to Polling when the probe fails) and why it closed. The
// transports are real WebSockets over loopback; the polling requests are tst_engineserver's part.
class tst_EngineSession : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void openPacketAnnouncesTheSettings();
    void messagesBothWaysOverWebSocket();
    void packetsQueuedWhilePollingGoOutOnTheWebSocket();
    void pongKeepsTheSession();
    void silenceAfterPingIsPingTimeout();
    void closeReasons_data();
    void closeReasons();
    void upgradeMovesTheSessionToTheWebSocket();
    void failedUpgradeFallsBackToPolling_data();
    void failedUpgradeFallsBackToPolling();
    void secondProbeIsRefused();

private:
    // A connected pair: the client's end and the server's end (which a session takes over).
    struct Pair
    {
        std::unique_ptr<QWebSocket> client;
        QWebSocket *server = nullptr;
        std::unique_ptr<QSignalSpy> text;
        std::unique_ptr<QSignalSpy> binary;
        std::unique_ptr<QSignalSpy> gone;
        QString next() // the next text frame the client got
        {
            if (text->isEmpty() && !text->wait(5000))
                return {};
            return text->takeFirst().at(0).toString();
        }
    };
    Pair connectPair();
    EngineSession *newSession(const EngineOptions &options = {});

    std::unique_ptr<QWebSocketServer> m_wsServer;
    QPointer<EngineSession> m_session;
};

void tst_EngineSession::init()
{
    m_wsServer = std::make_unique<QWebSocketServer>(QStringLiteral("test"), QWebSocketServer::NonSecureMode);
    QVERIFY(m_wsServer->listen(QHostAddress::LocalHost, 0));
}

void tst_EngineSession::cleanup()
{
    delete m_session.data();
    m_wsServer.reset();
}

tst_EngineSession::Pair tst_EngineSession::connectPair()
{
    Pair p;
    p.client = std::make_unique<QWebSocket>();
    p.text = std::make_unique<QSignalSpy>(p.client.get(), &QWebSocket::textMessageReceived);
    p.binary = std::make_unique<QSignalSpy>(p.client.get(), &QWebSocket::binaryMessageReceived);
    p.gone = std::make_unique<QSignalSpy>(p.client.get(), &QWebSocket::disconnected);
    QSignalSpy pending(m_wsServer.get(), &QWebSocketServer::newConnection);
    QSignalSpy up(p.client.get(), &QWebSocket::connected);
    p.client->open(m_wsServer->serverUrl());
    if ((pending.isEmpty() && !pending.wait(5000)) || (up.isEmpty() && !up.wait(5000)))
        return p;
    p.server = m_wsServer->nextPendingConnection();
    return p;
}

EngineSession *tst_EngineSession::newSession(const EngineOptions &options)
{
    m_session = new EngineSession("sid1", options, HttpRequest{});
    return m_session;
}

void tst_EngineSession::openPacketAnnouncesTheSettings()
{
    EngineOptions o;
    o.pingIntervalMs = 1234;
    o.pingTimeoutMs = 567;
    o.maxPayload = 890;
    EngineSession *s = newSession(o);
    QCOMPARE(s->sid(), QByteArray("sid1"));
    QCOMPARE(s->state(), EngineSession::State::Polling);
    QCOMPARE(s->openPacket(true),
             QByteArray(R"(0{"sid":"sid1","upgrades":["websocket"],"pingInterval":1234,"pingTimeout":567,)"
                        R"("maxPayload":890})"));
    QCOMPARE(s->openPacket(false),
             QByteArray(
                 R"(0{"sid":"sid1","upgrades":[],"pingInterval":1234,"pingTimeout":567,"maxPayload":890})"));
}

void tst_EngineSession::messagesBothWaysOverWebSocket()
{
    Pair p = connectPair();
    QVERIFY(p.server);
    EngineSession *s = newSession();
    QSignalSpy texts(s, &EngineSession::messageReceived);
    QSignalSpy binaries(s, &EngineSession::binaryReceived);
    s->attachWebSocket(p.server);
    QCOMPARE(s->state(), EngineSession::State::WebSocket);
    p.client->sendTextMessage(QStringLiteral("4hello"));
    p.client->sendBinaryMessage(QByteArray("\x00\x01", 2));
    QTRY_COMPARE(binaries.size(), 1);
    QCOMPARE(texts.size(), 1);
    QCOMPARE(texts.at(0).at(0).toByteArray(), QByteArray("hello"));
    QCOMPARE(binaries.at(0).at(0).toByteArray(), QByteArray("\x00\x01", 2));
    s->sendMessage("hi");
    s->sendBinary("raw");
    QCOMPARE(p.next(), QStringLiteral("4hi"));
    QTRY_COMPARE(p.binary->size(), 1);
    QCOMPARE(p.binary->at(0).at(0).toByteArray(), QByteArray("raw"));
}

void tst_EngineSession::packetsQueuedWhilePollingGoOutOnTheWebSocket()
{
    EngineSession *s = newSession();
    s->sendMessage("early");
    QCOMPARE(s->unsentBytes(), qint64(6)); // "4early"
    Pair p = connectPair();
    QVERIFY(p.server);
    s->attachWebSocket(p.server);
    QCOMPARE(p.next(), QStringLiteral("4early"));
}

void tst_EngineSession::pongKeepsTheSession()
{
    // A short interval and a long timeout: three pings answered, however slow the machine, and no close.
    EngineOptions o;
    o.pingIntervalMs = 10;
    o.pingTimeoutMs = 60'000;
    Pair p = connectPair();
    QVERIFY(p.server);
    EngineSession *s = newSession(o);
    QSignalSpy closed(s, &EngineSession::closed);
    s->attachWebSocket(p.server);
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(p.next(), QStringLiteral("2"));
        p.client->sendTextMessage(QStringLiteral("3"));
    }
    QCOMPARE(p.next(), QStringLiteral("2")); // the third pong was taken: the heartbeat goes on
    QCOMPARE(closed.size(), 0);
    QCOMPARE(s->state(), EngineSession::State::WebSocket);
}

void tst_EngineSession::silenceAfterPingIsPingTimeout()
{
    EngineOptions o;
    o.pingIntervalMs = 10;
    o.pingTimeoutMs = 10;
    Pair p = connectPair();
    QVERIFY(p.server);
    EngineSession *s = newSession(o);
    QSignalSpy closed(s, &EngineSession::closed);
    s->attachWebSocket(p.server);
    QCOMPARE(p.next(), QStringLiteral("2"));
    QVERIFY(closed.wait(10000));
    QCOMPARE(closed.at(0).at(0).value<EioCloseReason>(), EioCloseReason::PingTimeout);
    QCOMPARE(closed.at(0).at(1).toString(), QStringLiteral("no pong within the ping timeout"));
    QTRY_COMPARE(p.gone->size(), 1); // the transport goes with the session
    QTRY_VERIFY(!m_session);         // and so does the session
}

void tst_EngineSession::closeReasons_data()
{
    QTest::addColumn<QString>("how");
    QTest::addColumn<EioCloseReason>("reason");
    QTest::addColumn<QString>("detail");
    QTest::newRow("client CLOSE") << QStringLiteral("1") << EioCloseReason::ClientClose
                                  << QStringLiteral("the client closed the session");
    QTest::newRow("client ping") << QStringLiteral("2") << EioCloseReason::TransportError
                                 << QStringLiteral("invalid heartbeat direction: the client sent a ping");
    QTest::newRow("malformed") << QStringLiteral("9x") << EioCloseReason::ParseError << QString();
    QTest::newRow("socket closed") << QString() << EioCloseReason::TransportClose
                                   << QStringLiteral("the WebSocket closed");
    QTest::newRow("server close") << QStringLiteral("server") << EioCloseReason::ServerClose
                                  << QStringLiteral("done");
}

void tst_EngineSession::closeReasons()
{
    QFETCH(QString, how);
    QFETCH(EioCloseReason, reason);
    QFETCH(QString, detail);
    Pair p = connectPair();
    QVERIFY(p.server);
    EngineSession *s = newSession();
    QSignalSpy closed(s, &EngineSession::closed);
    s->attachWebSocket(p.server);
    if (how.isEmpty())
        p.client->close();
    else if (how == u"server")
        s->close(EioCloseReason::ServerClose, QStringLiteral("done"));
    else
        p.client->sendTextMessage(how);
    QTRY_COMPARE(closed.size(), 1);
    QCOMPARE(closed.at(0).at(0).value<EioCloseReason>(), reason);
    if (!detail.isEmpty())
        QCOMPARE(closed.at(0).at(1).toString(), detail);
    else
        QVERIFY(!closed.at(0).at(1).toString().isEmpty()); // the decoder's reason
    if (how == u"server")
        QCOMPARE(p.next(), QStringLiteral("1")); // the client is told
    QTRY_VERIFY(!m_session);                     // deleted once closed, whatever the reason
    QCOMPARE(closed.size(), 1);
}

void tst_EngineSession::upgradeMovesTheSessionToTheWebSocket()
{
    EngineSession *s = newSession();
    Pair probe = connectPair();
    QVERIFY(probe.server);
    s->beginUpgrade(probe.server);
    QCOMPARE(s->state(), EngineSession::State::Polling);
    probe.client->sendTextMessage(QStringLiteral("2probe"));
    QCOMPARE(probe.next(), QStringLiteral("3probe"));
    QCOMPARE(s->state(), EngineSession::State::Upgrading);
    probe.client->sendTextMessage(QStringLiteral("5"));
    QTRY_COMPARE(s->state(), EngineSession::State::WebSocket);
    s->sendMessage("over the websocket");
    QCOMPARE(probe.next(), QStringLiteral("4over the websocket"));
}

void tst_EngineSession::failedUpgradeFallsBackToPolling_data()
{
    QTest::addColumn<QStringList>("frames");
    QTest::addColumn<int>("upgradeTimeoutMs");
    QTest::newRow("unexpected packet") << QStringList{QStringLiteral("4x")} << 60'000;
    QTest::newRow("no 5 in time") << QStringList{QStringLiteral("2probe")} << 10;
    QTest::newRow("probe closed") << QStringList{} << 60'000;
}

void tst_EngineSession::failedUpgradeFallsBackToPolling()
{
    QFETCH(QStringList, frames);
    QFETCH(int, upgradeTimeoutMs);
    EngineOptions o;
    o.upgradeTimeoutMs = upgradeTimeoutMs;
    EngineSession *s = newSession(o);
    QSignalSpy closed(s, &EngineSession::closed);
    Pair probe = connectPair();
    QVERIFY(probe.server);
    s->beginUpgrade(probe.server);
    if (frames.isEmpty())
        probe.client->close();
    for (const QString &f : frames)
        probe.client->sendTextMessage(f);
    QTRY_COMPARE(probe.gone->size(), 1);
    QTRY_COMPARE(s->state(), EngineSession::State::Polling);
    QCOMPARE(closed.size(), 0); // the session lives on over polling
    s->sendMessage("still here");
    QCOMPARE(s->unsentBytes(), qint64(11));
}

void tst_EngineSession::secondProbeIsRefused()
{
    EngineSession *s = newSession();
    Pair first = connectPair();
    Pair second = connectPair();
    QVERIFY(first.server && second.server);
    s->beginUpgrade(first.server);
    s->beginUpgrade(second.server);
    QTRY_COMPARE(second.gone->size(), 1);
    first.client->sendTextMessage(QStringLiteral("2probe"));
    QCOMPARE(first.next(), QStringLiteral("3probe"));
    QCOMPARE(s->state(), EngineSession::State::Upgrading);
}

QTEST_MAIN(tst_EngineSession)
#include "tst_enginesession.moc"
