#include "agent/turnrunner.h"
#include "engineio/engineserver.h"
#include "engineio/enginesession.h"
#include "http/httpserver.h"
#include "rasa/rasasocketioserver.h"
#include "rawhttp.h"
#include "server/mockserver.h"
#include "wsframes.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTimer>
#include <QWebSocket>

using namespace rasachat;

// Engine.IO v4 on the wire, as node's engine.io answers: handshake, polling, heartbeat, upgrade and
// every error reply; a client that misbehaves loses its session and nobody else's.
class tst_EngineServer : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void errorReplies_data();
    void errorReplies();
    void pollingHandshakeAndConnect();
    void heldPollGetsPingAndSilenceEndsSession();
    void upgradeProbeReleasesPollAndMovesSession();
    void websocketOnlyHandshake();
    void refusedUpgradeIsPlainText();
    void malformedPacketClosesOnlyThatSession();
    void oversizedPostIs413();
    void postOverMaxPayloadIs413UnderALargerBodyLimit();
    void hugeWebSocketFrameIsRefusedAtItsHeader_data();
    void hugeWebSocketFrameIsRefusedAtItsHeader();
    void attachmentsOverMaxPayloadCloseTheSession_data();
    void attachmentsOverMaxPayloadCloseTheSession();
    void upgradedWebSocketsCountTowardTheConnectionCap();
    void refusedWebSocketHandshakeIsNotCountedForever();
    void sessionCapAnswers503AndSaysSoOnce();
    void roomCapDisconnectsInsteadOfLosingReplies();
    void webSocketClientThatDoesNotReadIsPausedThenDropped();
    void webSocketClientThatFloodsThenReadsGetsEveryReply();
    void oneReplyOverTheHardBoundDropsAtOnce();
    void pollingClientThatDoesNotFetchIsClosed();
    void webSocketClientFloodingASlowBotWaitsForIt();
    void pollingClientFloodingASlowBotWaitsForIt();
    void overlappingPostWhileOneIsHeldIsRefused();
    void heldPostDoesNotEndTheSessionAtThePingTimeout();

private:
    QByteArray handshake(QJsonObject *open = nullptr);
    RawResponse get(const QByteArray &target);
    RawResponse post(const QByteArray &target, const QByteArray &body);
    QByteArray path(const QByteArray &sid, const char *transport = "polling")
    {
        return "/socket.io/?EIO=4&transport=" + QByteArray(transport) + (sid.isEmpty() ? "" : "&sid=" + sid);
    }

    // A server whose heartbeat cannot end a session during the test: whatever closes it is under test.
    void startWithoutHeartbeat()
    {
        MockOptions options;
        options.port = 0;
        options.engine.pingIntervalMs = 600'000;
        options.engine.pingTimeoutMs = 600'000;
        options.limits.maxBodyBytes = 1000;
        options.engine.maxPayload = 1000;
        m_mock = std::make_unique<MockServer>(options);
        QString error;
        QVERIFY2(m_mock->start(&error), qPrintable(error));
    }

    // Starts m_mock with `options`; `*session` then follows the newest Engine.IO session it opens.
    [[nodiscard]] bool startMock(const MockOptions &options, QPointer<EngineSession> *session)
    {
        m_mock = std::make_unique<MockServer>(options);
        QString error;
        if (!m_mock->start(&error)) {
            qWarning("rasa-mock did not start: %s", qPrintable(error));
            return false;
        }
        connect(m_mock->socketio()->engine(), &EngineServer::sessionOpened, this,
                [session](EngineSession *s) { *session = s; });
        return true;
    }

    std::unique_ptr<MockServer> m_mock;
};

void tst_EngineServer::init()
{
    MockOptions options;
    options.port = 0;
    // Only the heartbeat test wants the server to ping soon. Anywhere else a ping would slip into the
    // exchange whenever a loaded machine (or a sanitizer build) runs a step late, so there the server
    // keeps Rasa's 25 s; pings after an upgrade are checked by tests/conformance with real timings.
    const bool heartbeat =
        QByteArrayView(QTest::currentTestFunction()) == "heldPollGetsPingAndSilenceEndsSession";
    options.engine.pingIntervalMs = heartbeat ? 150 : 25'000;
    options.engine.pingTimeoutMs = heartbeat ? 150 : 20'000;
    options.limits.maxBodyBytes = 1000;
    options.engine.maxPayload = 1000;
    m_mock = std::make_unique<MockServer>(options);
    QString error;
    QVERIFY2(m_mock->start(&error), qPrintable(error));
}

void tst_EngineServer::cleanup()
{
    m_mock.reset();
}

RawResponse tst_EngineServer::get(const QByteArray &target)
{
    RawClient c(m_mock->port());
    c.send(RawClient::request("GET", target));
    const auto r = c.read();
    return r ? *r : RawResponse{};
}

RawResponse tst_EngineServer::post(const QByteArray &target, const QByteArray &body)
{
    RawClient c(m_mock->port());
    c.send("POST " + target +
           " HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain;charset=UTF-8\r\nContent-Length: " +
           QByteArray::number(body.size()) + "\r\n\r\n" + body);
    const auto r = c.read();
    return r ? *r : RawResponse{};
}

QByteArray tst_EngineServer::handshake(QJsonObject *open)
{
    const RawResponse r = get(path({}));
    if (r.status != 200 || !r.body.startsWith('0'))
        return {};
    const QJsonObject o = QJsonDocument::fromJson(r.body.mid(1)).object();
    if (open)
        *open = o;
    return o.value(u"sid").toString().toLatin1();
}

void tst_EngineServer::errorReplies_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("transport unknown")
        << QByteArray("GET") << QByteArray("/socket.io/?EIO=4&transport=carrier-pigeon")
        << QByteArray(R"({"code":0,"message":"Transport unknown"})");
    QTest::newRow("transport missing") << QByteArray("GET") << QByteArray("/socket.io/?EIO=4")
                                       << QByteArray(R"({"code":0,"message":"Transport unknown"})");
    QTest::newRow("sid unknown") << QByteArray("GET")
                                 << QByteArray("/socket.io/?EIO=4&transport=polling&sid=nope")
                                 << QByteArray(R"({"code":1,"message":"Session ID unknown"})");
    QTest::newRow("handshake by POST")
        << QByteArray("POST") << QByteArray("/socket.io/?EIO=4&transport=polling")
        << QByteArray(R"({"code":2,"message":"Bad handshake method"})");
    QTest::newRow("websocket without upgrade")
        << QByteArray("GET") << QByteArray("/socket.io/?EIO=4&transport=websocket")
        << QByteArray(R"({"code":3,"message":"Bad request"})");
    QTest::newRow("EIO=3") << QByteArray("GET") << QByteArray("/socket.io/?EIO=3&transport=polling")
                           << QByteArray(R"({"code":5,"message":"Unsupported protocol version"})");
    QTest::newRow("EIO missing") << QByteArray("GET") << QByteArray("/socket.io/?transport=polling")
                                 << QByteArray(R"({"code":5,"message":"Unsupported protocol version"})");
}

void tst_EngineServer::errorReplies()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, body);
    const RawResponse r = method == "GET" ? get(target) : post(target, "40");
    QCOMPARE(r.status, 400);
    QCOMPARE(r.header("content-type"), QByteArray("application/json"));
    QCOMPARE(r.body, body);
}

void tst_EngineServer::pollingHandshakeAndConnect()
{
    QJsonObject open;
    const QByteArray sid = handshake(&open);
    QCOMPARE(sid.size(), 20);
    QCOMPARE(open.value(u"upgrades").toArray(), QJsonArray{QStringLiteral("websocket")});
    QCOMPARE(open.value(u"pingInterval").toInt(), 25'000);
    QCOMPARE(open.value(u"pingTimeout").toInt(), 20'000);
    QCOMPARE(open.value(u"maxPayload").toInt(), 1000);
    const RawResponse ok = post(path(sid), "40");
    QCOMPARE(ok.status, 200);
    QCOMPARE(ok.body, QByteArray("ok"));
    const RawResponse reply = get(path(sid));
    QCOMPARE(reply.header("content-type"), QByteArray("text/plain; charset=UTF-8"));
    QVERIFY2(reply.body.startsWith("40{\"sid\":\""), reply.body.constData());
}

void tst_EngineServer::heldPollGetsPingAndSilenceEndsSession()
{
    const QByteArray sid = handshake();
    const RawResponse ping = get(path(sid)); // held until the server pings
    QCOMPARE(ping.body, QByteArray("2"));
    QTRY_COMPARE(m_mock->socketio()->engine()->sessionCount(), 0); // no pong: the session is over
    QCOMPARE(get(path(sid)).body, QByteArray(R"({"code":1,"message":"Session ID unknown"})"));
}

void tst_EngineServer::upgradeProbeReleasesPollAndMovesSession()
{
    const QByteArray sid = handshake();
    QCOMPARE(post(path(sid), "40").status, 200);
    QVERIFY(get(path(sid)).body.startsWith("40"));

    RawClient poll(m_mock->port());
    poll.send(RawClient::request("GET", path(sid))); // held

    QWebSocket ws;
    QSignalSpy connected(&ws, &QWebSocket::connected);
    QSignalSpy frames(&ws, &QWebSocket::textMessageReceived);
    ws.open(QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(m_mock->port()) +
                 QString::fromLatin1(path(sid, "websocket"))));
    QVERIFY(connected.wait());
    ws.sendTextMessage(QStringLiteral("2probe"));
    QTRY_VERIFY(!frames.isEmpty());
    QCOMPARE(frames.takeFirst().at(0).toString(), QStringLiteral("3probe"));
    const auto released = poll.read();
    QVERIFY(released);
    QCOMPARE(released->body, QByteArray("6")); // the held poll returns so that the client can upgrade
    ws.sendTextMessage(QStringLiteral("5"));
    ws.sendTextMessage(QStringLiteral(R"(42["session_request",{"session_id":"up"}])"));
    QTRY_VERIFY(!frames.isEmpty());
    QCOMPARE(frames.takeFirst().at(0).toString(), QStringLiteral(R"(42["session_confirm","up"])"));
    QCOMPARE(get(path(sid)).body, QByteArray(R"({"code":3,"message":"Bad request"})")); // polling is over
    QCOMPARE(m_mock->socketio()->engine()->sessionCount(), 1);
}

void tst_EngineServer::websocketOnlyHandshake()
{
    QWebSocket ws;
    QSignalSpy frames(&ws, &QWebSocket::textMessageReceived);
    ws.open(
        QUrl(QStringLiteral("ws://127.0.0.1:%1/socket.io/?EIO=4&transport=websocket").arg(m_mock->port())));
    QVERIFY(frames.wait());
    const QString open = frames.takeFirst().at(0).toString();
    QVERIFY(open.startsWith(u'0'));
    const QJsonObject o = QJsonDocument::fromJson(open.mid(1).toUtf8()).object();
    QCOMPARE(o.value(u"upgrades").toArray(), QJsonArray());
    ws.sendTextMessage(QStringLiteral("40"));
    QVERIFY(frames.wait());
    QVERIFY(frames.takeFirst().at(0).toString().startsWith(QStringLiteral("40{\"sid\":\"")));
}

void tst_EngineServer::refusedUpgradeIsPlainText()
{
    RawClient c(m_mock->port());
    c.send(
        "GET /socket.io/?EIO=4&transport=websocket&sid=unknown HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\n"
        "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
        "dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
    const auto r = c.read();
    QVERIFY(r);
    QCOMPARE(r->status, 400);
    QCOMPARE(r->header("content-type"), QByteArray("text/html"));
    QCOMPARE(r->body, QByteArray("Session ID unknown"));
    QVERIFY(c.waitClosed());
}

void tst_EngineServer::malformedPacketClosesOnlyThatSession()
{
    const QByteArray bad = handshake();
    const QByteArray good = handshake();
    QCOMPARE(post(path(good), "40").status, 200);
    QCOMPARE(post(path(bad), "40").status, 200);
    QCOMPARE(post(path(bad), R"(42{"not":"a list"})").status,
             200); // a Socket.IO parse error ends that session
    QCOMPARE(get(path(bad)).body, QByteArray(R"({"code":1,"message":"Session ID unknown"})"));
    QCOMPARE(post(path(good), "x").status, 400); // an Engine.IO parse error answers 400
    const QByteArray other = handshake();
    QCOMPARE(post(path(other), "40").status, 200);
    QVERIFY(get(path(other)).body.startsWith("40"));
}

void tst_EngineServer::oversizedPostIs413()
{
    const QByteArray sid = handshake();
    const RawResponse r = post(path(sid), "4" + QByteArray(2000, 'x'));
    QCOMPARE(r.status, 413);
}

// maxPayload is a byte limit of its own, also when the HTTP front would take larger bodies; the number
// of packets in a body is not limited (node's engine.io), only their bytes.
void tst_EngineServer::postOverMaxPayloadIs413UnderALargerBodyLimit()
{
    MockOptions options;
    options.port = 0;
    options.limits.maxBodyBytes = 100'000;
    options.engine.maxPayload = 1000;
    m_mock = std::make_unique<MockServer>(options);
    QString error;
    QVERIFY2(m_mock->start(&error), qPrintable(error));
    const QByteArray sid = handshake();
    QByteArray noops = "6";
    for (int i = 1; i < 499; ++i)
        noops += "\x1e"
                 "6"; // 499 packets in 997 bytes
    QCOMPARE(post(path(sid), noops).status, 200);
    QCOMPARE(post(path(sid), noops + "\x1e"
                                     "6\x1e"
                                     "6")
                 .status,
             413);                               // 501 packets, 1001 bytes
    QCOMPARE(post(path(sid), "40").status, 200); // the session carries on
    QVERIFY(get(path(sid)).body.startsWith("40"));
}

namespace {

// The frames a server sent (unmasked), as (opcode, payload); stops at an incomplete frame.
QList<QPair<int, QByteArray>> serverFrames(const QByteArray &bytes)
{
    QList<QPair<int, QByteArray>> frames;
    qsizetype pos = 0;
    while (pos + 2 <= bytes.size()) {
        const int opcode = uchar(bytes[pos]) & 0x0f;
        quint64 length = uchar(bytes[pos + 1]) & 0x7f;
        qsizetype at = pos + 2;
        if (length == 126 || length == 127) {
            const int n = length == 126 ? 2 : 8;
            if (at + n > bytes.size())
                break;
            length = 0;
            for (int i = 0; i < n; ++i)
                length = (length << 8) | uchar(bytes[at + i]);
            at += n;
        }
        if (at + qsizetype(length) > bytes.size())
            break;
        frames.append({opcode, bytes.mid(at, qsizetype(length))});
        pos = at + qsizetype(length);
    }
    return frames;
}

} // namespace

void tst_EngineServer::hugeWebSocketFrameIsRefusedAtItsHeader_data()
{
    QTest::addColumn<bool>("upgrade");
    QTest::addColumn<bool>("pipelined"); // the frame follows the upgrade request without waiting for 101
    QTest::newRow("websocket-only session") << false << false;
    QTest::newRow("probe of a polling session") << true << false;
    QTest::newRow("websocket-only, sent with the handshake") << false << true;
    QTest::newRow("probe, sent with the handshake") << true << true;
}

// A frame header that declares 2 GiB must not make the server read 2 GiB. Once the session has the socket,
// the header is refused as it arrives (close code 1009, message too big); a frame sent together with the
// upgrade request reaches Qt's frame reader before anyone can set its limits, and there the bounded read
// buffer stops the reading until Qt gives up on the frame (1001).
void tst_EngineServer::hugeWebSocketFrameIsRefusedAtItsHeader()
{
    QFETCH(bool, upgrade);
    QFETCH(bool, pipelined);
    startWithoutHeartbeat();
    const QByteArray sid = upgrade ? handshake() : QByteArray();
    RawClient c(m_mock->port());
    const QByteArray upgradeRequest =
        "GET " + path(sid, "websocket") +
        " HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
        "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";
    // FIN + binary, masked, 64-bit length 2 GiB - 16 (just under Qt's own limit), mask 0; then 32 MiB of it.
    constexpr qint64 dataBytes = 32 * 1024 * 1024;
    const QByteArray frame = QByteArray("\x82\xff\x00\x00\x00\x00\x7f\xff\xff\xf0\x00\x00\x00\x00", 14) +
                             QByteArray(dataBytes, 'x');
    c.send(pipelined ? upgradeRequest + frame : upgradeRequest);
    const auto switching = c.read();
    QVERIFY(switching);
    QCOMPARE(switching->status, 101);
    if (!pipelined)
        c.send(frame);

    QByteArray received = c.rest();
    int closeCode = 0;
    qint64 unsent = 0;
    // Closed: a close frame arrived, or the connection ended (a reset may overtake the close frame).
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            if (!c.isOpen())
                return true;
            unsent = c.socket().bytesToWrite();
            received += c.socket().readAll();
            for (const auto &f : serverFrames(received)) {
                if (f.first == 0x8 && f.second.size() >= 2)
                    closeCode = (uchar(f.second[0]) << 8) | uchar(f.second[1]);
            }
            return closeCode != 0;
        }(),
        30000);
    if (closeCode != 0)
        QCOMPARE(closeCode, pipelined ? 1001 : 1009);
    QVERIFY2(
        unsent > dataBytes / 2,
        qPrintable(QStringLiteral("the server read %1 of %2 bytes").arg(dataBytes - unsent).arg(dataBytes)));
}

void tst_EngineServer::attachmentsOverMaxPayloadCloseTheSession_data()
{
    QTest::addColumn<bool>("websocket");
    QTest::addColumn<QByteArray>("binaryPacket");
    QTest::addColumn<int>("attachments"); // of 600 bytes each, sent after the packet
    QTest::addColumn<QString>("logged");
    const QByteArray many = R"(452147483647-["upload",{"_placeholder":true,"num":0}])";
    const QByteArray five = R"(455-["upload",{"_placeholder":true,"num":0}])";
    const QString count = QStringLiteral("announces 2147483647 attachments, more than the limit of 1000");
    const QString bytes = QStringLiteral("attachments of one binary packet exceed 1000 bytes");
    QTest::newRow("polling, count") << false << many << 0 << count;
    QTest::newRow("polling, bytes") << false << five << 2 << bytes;
    QTest::newRow("websocket, count") << true << many << 0 << count;
    QTest::newRow("websocket, bytes") << true << five << 2 << bytes;
}

// One binary packet's attachments are bounded by maxPayload (1000 here) in number and in bytes; over
// it, the session is closed with a log line that says why, instead of collecting without end.
void tst_EngineServer::attachmentsOverMaxPayloadCloseTheSession()
{
    QFETCH(bool, websocket);
    QFETCH(QByteArray, binaryPacket);
    QFETCH(int, attachments);
    QFETCH(QString, logged);
    startWithoutHeartbeat();
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QRegularExpression::escape(logged)));
    const QByteArray attachment(600, '\x7f');
    if (!websocket) {
        const QByteArray sid = handshake();
        QCOMPARE(post(path(sid), "40").status, 200);
        QVERIFY(get(path(sid)).body.startsWith("40"));
        QCOMPARE(post(path(sid), binaryPacket).status, 200);
        for (int i = 0; i < attachments; ++i)
            QCOMPARE(post(path(sid), "b" + attachment.toBase64()).status, 200);
        QTRY_COMPARE(m_mock->socketio()->engine()->sessionCount(), 0);
        return;
    }
    QWebSocket ws;
    QSignalSpy frames(&ws, &QWebSocket::textMessageReceived);
    QSignalSpy disconnected(&ws, &QWebSocket::disconnected);
    ws.open(QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(m_mock->port()) +
                 QString::fromLatin1(path({}, "websocket"))));
    QVERIFY(frames.wait());
    ws.sendTextMessage(QStringLiteral("40"));
    QTRY_COMPARE(frames.size(), 2);
    ws.sendTextMessage(QString::fromLatin1(binaryPacket));
    for (int i = 0; i < attachments; ++i)
        ws.sendBinaryMessage(attachment);
    QTRY_COMPARE(m_mock->socketio()->engine()->sessionCount(), 0);
    QTRY_COMPARE(disconnected.size(), 1);
}

// An upgraded WebSocket is still a connection: with a cap of 3, three WebSockets leave no room for a
// fourth connection of any kind, until one of them closes. Reaching the cap is logged once.
void tst_EngineServer::upgradedWebSocketsCountTowardTheConnectionCap()
{
    MockOptions options;
    options.port = 0;
    options.limits.maxConnections = 3;
    m_mock = std::make_unique<MockServer>(options);
    QString error;
    QVERIFY2(m_mock->start(&error), qPrintable(error));
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("3 connections are open, the limit")));
    QTest::failOnWarning(QRegularExpression(QStringLiteral("connections are open")));
    const QUrl url(QStringLiteral("ws://127.0.0.1:%1").arg(m_mock->port()) +
                   QString::fromLatin1(path({}, "websocket")));

    std::vector<std::unique_ptr<QWebSocket>> sockets;
    for (int i = 0; i < 3; ++i) {
        auto ws = std::make_unique<QWebSocket>();
        QSignalSpy frames(ws.get(), &QWebSocket::textMessageReceived);
        ws->open(url);
        QVERIFY(frames.wait());
        sockets.push_back(std::move(ws));
    }
    QCOMPARE(m_mock->http()->connectionCount(), 3);
    QWebSocket fourth;
    QSignalSpy refused(&fourth, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error));
    fourth.open(url);
    QVERIFY(refused.wait());
    QVERIFY(fourth.state() != QAbstractSocket::ConnectedState);
    QCOMPARE(get("/").status, 503); // logged once, not per refusal
    QCOMPARE(m_mock->socketio()->engine()->sessionCount(), 3);

    sockets.front()->close();
    QTRY_COMPARE(m_mock->http()->connectionCount(), 2);
    QCOMPARE(get("/").status, 200);
    sockets.clear();
    QTRY_COMPARE(m_mock->http()->connectionCount(), 0);
}

// An upgrade that Qt's WebSocket handshake refuses (no Sec-WebSocket-Key) does not stay counted.
void tst_EngineServer::refusedWebSocketHandshakeIsNotCountedForever()
{
    RawClient c(m_mock->port());
    c.send("GET " + path({}, "websocket") +
           " HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: "
           "13\r\n\r\n");
    QVERIFY(c.waitClosed());
    QTRY_COMPARE(m_mock->http()->connectionCount(), 0);
}

// Live Engine.IO sessions have a cap of their own (polling sessions hold no connection between requests).
void tst_EngineServer::sessionCapAnswers503AndSaysSoOnce()
{
    MockOptions options;
    options.port = 0;
    options.engine.maxSessions = 3;
    m_mock = std::make_unique<MockServer>(options);
    QString error;
    QVERIFY2(m_mock->start(&error), qPrintable(error));
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("3 Engine.IO sessions are open, the limit")));
    QTest::failOnWarning(QRegularExpression(QStringLiteral("sessions are open")));
    QVERIFY(!handshake().isEmpty());
    QVERIFY(!handshake().isEmpty());
    const QByteArray third = handshake();
    QVERIFY(!third.isEmpty());
    const RawResponse refused = get(path({}));
    QCOMPARE(refused.status, 503);
    QVERIFY2(refused.body.contains("\"reason\":\"TooManySessions\""), refused.body.constData());

    RawClient c(m_mock->port()); // a WebSocket-only handshake is refused as well
    c.send("GET " + path({}, "websocket") +
           " HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
           "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
    const auto r = c.read();
    QVERIFY(r);
    QCOMPARE(r->status, 503);

    QCOMPARE(get(path({})).status, 503);          // said once, not per refusal
    QCOMPARE(post(path(third), "1").status, 200); // the client closes one: there is room again
    QTRY_COMPARE(m_mock->socketio()->engine()->sessionCount(), 2);
    QVERIFY(!handshake().isEmpty());
}

// Each session_request under session_persistence joins a room; a socket that asks for more rooms than
// the cap is disconnected (and told so) rather than confirmed into a room it is not in. Said once.
void tst_EngineServer::roomCapDisconnectsInsteadOfLosingReplies()
{
    MockOptions options;
    options.port = 0;
    options.credentials.socketio.sessionPersistence = true;
    options.maxRoomsPerSocket = 2; // its own room and one session
    m_mock = std::make_unique<MockServer>(options);
    QString error;
    QVERIFY2(m_mock->start(&error), qPrintable(error));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("2 rooms, the limit")));
    QTest::failOnWarning(QRegularExpression(QStringLiteral("rooms, the limit")));
    for (int client = 0; client < 2; ++client) {
        const QByteArray sid = handshake();
        QCOMPARE(post(path(sid), "40").status, 200);
        QVERIFY(get(path(sid)).body.startsWith("40"));
        QCOMPARE(post(path(sid), R"(42["session_request",{"session_id":"a"}])").status, 200);
        QCOMPARE(get(path(sid)).body, QByteArray(R"(42["session_confirm","a"])"));
        QCOMPARE(post(path(sid), R"(42["session_request",{"session_id":"b"}])").status, 200);
        QCOMPARE(get(path(sid)).body, QByteArray("41"));
    }
}

namespace {

class FloodingClient
{
public:
    static MockOptions options()
    {
        MockOptions options;
        options.port = 0;
        options.bot = QStringLiteral("echo");
        options.engine.pingIntervalMs = 600'000;
        options.engine.pingTimeoutMs = 600'000;
        options.engine.maxPayload = 100'000;
        options.engine.maxUnsentBytes = 256 * 1024;
        return options;
    }

    explicit FloodingClient(quint16 port) : m_client(port) {}

    bool upgrade()
    {
        m_client.send(
            "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\n"
            "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
        const auto switching = m_client.read();
        m_buffer = m_client.rest();
        // From now on it reads nothing: what the server sends stays in the kernel's buffers and then in
        // the server's.
        m_client.socket().setReadBufferSize(4096);
        return switching && switching->status == 101;
    }

    static QByteArray text(int i, int size = 60'000)
    {
        return QByteArray::number(i) + ':' + QByteArray(size, 'x');
    }

    void flood(int messages, int size = 60'000)
    {
        QByteArray stream = clientTextFrame("40");
        for (int i = 0; i < messages; ++i)
            stream += clientTextFrame(R"(42["user_uttered",{"message":")" + text(i, size) + R"("}])");
        m_client.send(stream);
    }

    // Reads what has come; returns the echoed texts, in order.
    QList<QByteArray> read()
    {
        m_client.socket().setReadBufferSize(0);
        m_buffer += m_client.socket().readAll();
        QList<QByteArray> texts;
        for (const QByteArray &frame : takeServerTextFrames(&m_buffer)) {
            const QJsonArray event = QJsonDocument::fromJson(frame.mid(2)).array();
            if (frame.startsWith("42") && event.at(0).toString() == u"bot_uttered")
                texts.append(event.at(1)[u"text"].toString().toUtf8());
        }
        return texts;
    }

    RawClient &raw() { return m_client; }

private:
    RawClient m_client;
    QByteArray m_buffer;
};

// The most turns the mock has waiting for its bot, sampled every few milliseconds while it lives.
class QueuedTurnsMost
{
public:
    explicit QueuedTurnsMost(const TurnRunner *turns) : m_turns(turns)
    {
        m_timer.callOnTimeout([this] { most = std::max(most, m_turns->queuedTurns()); });
        m_timer.start(2);
    }
    int most = 0;

private:
    const TurnRunner *m_turns;
    QTimer m_timer;
};

// The most a session holds, sampled on every event-loop pass of a wait.
struct HeldMost
{
    qint64 unsent = 0;
    qint64 incoming = 0;
    bool paused = false;
    void sample(const EngineSession *session)
    {
        if (!session)
            return;
        unsent = std::max(unsent, session->unsentBytes());
        incoming = std::max(incoming, session->heldIncomingBytes());
        paused = paused || session->isReadPaused();
    }
};

} // namespace

// Backpressure: a client that sends message after message and never reads its replies. The server stops
// reading from it once its unsent replies pass maxUnsentBytes, so what it holds stays near that bound
// (plus one reply) and near the transport's read buffer (plus the messages Qt had taken out of it); after
// writeStallTimeoutMs of that the client is dropped, with a log line.
void tst_EngineServer::webSocketClientThatDoesNotReadIsPausedThenDropped()
{
    MockOptions options = FloodingClient::options();
    options.engine.writeStallTimeoutMs = 1'000;
    QPointer<EngineSession> session;
    QVERIFY(startMock(options, &session));
    QTest::ignoreMessage(
        QtWarningMsg, QRegularExpression(QStringLiteral("closing: the client left more than 262144 bytes "
                                                        "unread for 1000 ms \\(\\d+ bytes unsent; it sends "
                                                        "but does not read\\)")));

    FloodingClient c(m_mock->port());
    QVERIFY(c.upgrade());
    c.flood(400); // 24 MB: far more than the kernel's socket buffers hold
    QTRY_VERIFY(session);

    HeldMost most;
    QTRY_VERIFY_WITH_TIMEOUT((most.sample(session), !session), 90'000);
    QVERIFY2(most.paused, "the server never stopped reading");
    QVERIFY2(most.unsent <= options.engine.maxUnsentBytes + options.engine.maxPayload,
             qPrintable(QStringLiteral("%1 bytes unsent").arg(most.unsent)));
    QVERIFY2(most.incoming <= 2 * (options.engine.maxPayload + 64 * 1024),
             qPrintable(QStringLiteral("%1 bytes held from the client").arg(most.incoming)));
    QVERIFY(c.raw().waitClosed());
}

// A client that floods without reading, pauses longer than Qt's 5 s frame-reader timeout, then reads: it
// gets every reply, in order, and meanwhile the server holds no more than its bounds. Reading resumes
// although the server's bounded read buffer was full with the start of a frame in it.
void tst_EngineServer::webSocketClientThatFloodsThenReadsGetsEveryReply()
{
    MockOptions options = FloodingClient::options();
    options.engine.writeStallTimeoutMs = 600'000; // slow machines: only the bounds are under test
    QPointer<EngineSession> session;
    QVERIFY(startMock(options, &session));
    QTest::failOnWarning(QRegularExpression(QStringLiteral(".")));

    FloodingClient c(m_mock->port());
    QVERIFY(c.upgrade());
    constexpr int messages = 400; // 24 MB: far more than the kernel's socket buffers hold
    c.flood(messages);
    QTRY_VERIFY(session);

    // The server stops reading: its read buffer fills up (a 60 kB frame does not fit it evenly).
    HeldMost most;
    const qint64 readBuffer = options.engine.maxPayload + 64 * 1024;
    QTRY_VERIFY_WITH_TIMEOUT((most.sample(session), !session || (session->isReadPaused() &&
                                                                 session->heldIncomingBytes() >= readBuffer)),
                             60'000);
    QVERIFY(session);
    // Not a synchronisation: the client keeps not reading for longer than QWebSocket waits for the rest of
    // a frame (5 s) before it closes the connection.
    QTest::qWait(6'000);
    most.sample(session);
    QVERIFY(session);

    QList<QByteArray> replies;
    QTRY_VERIFY_WITH_TIMEOUT(
        (most.sample(session), replies += c.read(),
         replies.size() >= messages || c.raw().socket().state() != QAbstractSocket::ConnectedState),
        90'000);
    QCOMPARE(replies.size(), messages);
    for (int i = 0; i < messages; ++i)
        QVERIFY2(replies.at(i) == "you said: " + FloodingClient::text(i), qPrintable(QString::number(i)));
    QVERIFY(session);
    QTRY_VERIFY(!session->isReadPaused()); // at the next drain check
    QVERIFY2(most.unsent <= options.engine.maxUnsentBytes + options.engine.maxPayload,
             qPrintable(QStringLiteral("%1 bytes unsent").arg(most.unsent)));
    QVERIFY2(most.incoming <= 2 * readBuffer,
             qPrintable(QStringLiteral("%1 bytes held from the client").arg(most.incoming)));
}

// Not reading from a client does not stop what is sent to it otherwise: one reply that takes its unsent
// bytes over four times maxUnsentBytes drops it at once.
void tst_EngineServer::oneReplyOverTheHardBoundDropsAtOnce()
{
    MockOptions options = FloodingClient::options();
    options.engine.maxUnsentBytes = 8 * 1024;
    options.engine.writeStallTimeoutMs = 600'000;
    QPointer<EngineSession> session;
    QVERIFY(startMock(options, &session));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral(
                                           "closing: the client left more than 32768 bytes unread \\(\\d+ "
                                           "bytes unsent; it sends but does not read\\)")));
    FloodingClient c(m_mock->port());
    QVERIFY(c.upgrade());
    c.flood(400);
    QTRY_VERIFY(session);
    QTRY_VERIFY_WITH_TIMEOUT(!session, 60'000);
    QVERIFY(c.raw().waitClosed());
}

// The same for long-polling: a client that keeps POSTing and never GETs. Its packets pile up in the
// session's queue; past maxUnsentBytes the session is closed with a log line.
void tst_EngineServer::pollingClientThatDoesNotFetchIsClosed()
{
    MockOptions options;
    options.port = 0;
    options.bot = QStringLiteral("echo");
    options.engine.pingIntervalMs = 600'000;
    options.engine.pingTimeoutMs = 600'000;
    options.engine.maxUnsentBytes = 64 * 1024;
    QPointer<EngineSession> session;
    QVERIFY(startMock(options, &session));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral(
                                           "closing: the client has not fetched \\d+ bytes of packets, more "
                                           "than 65536 \\(it sends but does not poll\\)")));
    const QByteArray sid = handshake();
    QVERIFY(session);
    QCOMPARE(post(path(sid), "40").status, 200);
    const QByteArray message = R"(42["user_uttered",{"message":")" + QByteArray(10'000, 'x') + R"("}])";
    qint64 mostQueued = 0;
    for (int i = 0; i < 100 && session; ++i) { // 1 MB of replies, 16 times the bound
        const RawResponse r = post(path(sid), message);
        QVERIFY(r.status == 200 || (r.status == 400 && !session));
        if (session)
            mostQueued = std::max(mostQueued, session->unsentBytes());
    }
    QTRY_VERIFY2(!session, qPrintable(QStringLiteral("%1 bytes queued").arg(mostQueued)));
    QVERIFY(mostQueued <= options.engine.maxUnsentBytes);
    QCOMPARE(get(path(sid)).body, QByteArray(R"({"code":1,"message":"Session ID unknown"})"));
}

// A slow bot (--delay) and a WebSocket client that sends far faster than it answers: the client is not read
// from while maxQueuedTurns of its messages wait for the bot, so the mock's queue of turns stays at that
// bound (it grew with everything sent before); every message is still answered, in order.
void tst_EngineServer::webSocketClientFloodingASlowBotWaitsForIt()
{
    MockOptions options = FloodingClient::options();
    options.delayMs = 1;
    options.maxQueuedTurns = 8;
    QPointer<EngineSession> session;
    QVERIFY(startMock(options, &session));
    QTest::failOnWarning(QRegularExpression(QStringLiteral(".")));
    QueuedTurnsMost queued(m_mock->turns());

    FloodingClient c(m_mock->port());
    QVERIFY(c.upgrade());
    constexpr int messages = 300;
    constexpr int size = 1000;
    c.flood(messages, size);
    QTRY_VERIFY(session);
    HeldMost most;
    QList<QByteArray> replies;
    QTRY_VERIFY_WITH_TIMEOUT(
        (most.sample(session), replies += c.read(),
         replies.size() >= messages || c.raw().socket().state() != QAbstractSocket::ConnectedState),
        90'000);
    QCOMPARE(replies.size(), messages);
    for (int i = 0; i < messages; ++i)
        QVERIFY2(replies.at(i) == "you said: " + FloodingClient::text(i, size),
                 qPrintable(QString::number(i)));
    QVERIFY2(queued.most <= options.maxQueuedTurns,
             qPrintable(QStringLiteral("%1 turns queued").arg(queued.most)));
    QVERIFY2(most.paused, "the server never stopped reading");
    QVERIFY2(most.incoming <= 2 * (options.engine.maxPayload + 64 * 1024),
             qPrintable(QStringLiteral("%1 bytes held from the client").arg(most.incoming)));
    QVERIFY(session);
    QTRY_VERIFY(!session->isReadPaused());
}

namespace {
QByteArray postRequest(const QByteArray &target, const QByteArray &body)
{
    return "POST " + target +
           " HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain;charset=UTF-8\r\nContent-Length: " +
           QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

QByteArray userMessages(int first, int count)
{
    QList<QByteArray> packets;
    for (int i = first; i < first + count; ++i)
        packets.append(R"(42["user_uttered",{"message":")" + QByteArray::number(i) + R"("}])");
    return packets.join('\x1e');
}
} // namespace

// The same over polling: one POST carries far more messages than the bound. They are taken as the bot
// answers, and the POST is answered once all are taken.
void tst_EngineServer::pollingClientFloodingASlowBotWaitsForIt()
{
    MockOptions options = FloodingClient::options();
    options.delayMs = 1;
    options.maxQueuedTurns = 8;
    m_mock = std::make_unique<MockServer>(options);
    QString error;
    QVERIFY2(m_mock->start(&error), qPrintable(error));
    QTest::failOnWarning(QRegularExpression(QStringLiteral(".")));
    QueuedTurnsMost queued(m_mock->turns());
    const QByteArray sid = handshake();
    QVERIFY(!sid.isEmpty());
    QCOMPARE(post(path(sid), "40").status, 200);
    QVERIFY(get(path(sid)).body.startsWith("40")); // the CONNECT's answer

    constexpr int messages = 200;
    RawClient poster(m_mock->port());
    poster.send(postRequest(path(sid), userMessages(0, messages)));
    QList<QByteArray> replies;
    while (replies.size() < messages) {
        const RawResponse r = get(path(sid));
        QCOMPARE(r.status, 200);
        for (const QByteArray &packet : r.body.split('\x1e')) {
            const QJsonArray event = QJsonDocument::fromJson(packet.mid(2)).array();
            QVERIFY2(packet.startsWith("42") && event.at(0).toString() == u"bot_uttered", packet.constData());
            replies.append(event.at(1)[u"text"].toString().toUtf8());
        }
    }
    for (int i = 0; i < messages; ++i)
        QCOMPARE(replies.at(i), "you said: " + QByteArray::number(i));
    const auto ok = poster.read();
    QVERIFY(ok);
    QCOMPARE(ok->status, 200);
    QCOMPARE(ok->body, QByteArray("ok"));
    QVERIFY2(queued.most <= options.maxQueuedTurns,
             qPrintable(QStringLiteral("%1 turns queued").arg(queued.most)));
}

// The POST whose messages wait is not answered meanwhile (so a client sends no more), and a second POST
// then is refused, as node refuses overlapping POSTs: otherwise it would be a way around the bound.
void tst_EngineServer::overlappingPostWhileOneIsHeldIsRefused()
{
    MockOptions options = FloodingClient::options();
    options.delayMs = 60'000; // nothing is answered during the test
    options.maxQueuedTurns = 2;
    QPointer<EngineSession> session;
    QVERIFY(startMock(options, &session));
    const QByteArray sid = handshake();
    QVERIFY(session);
    QCOMPARE(post(path(sid), "40").status, 200);
    RawClient first(m_mock->port());
    first.send(postRequest(path(sid), userMessages(0, 5)));
    QTRY_VERIFY(session->isInputHeld());
    QCOMPARE(m_mock->turns()->queuedTurns(), 2);
    // Not answered while its messages wait: a round trip through the server later, nothing has come.
    QCOMPARE(get("/").status, 200);
    QCoreApplication::processEvents();
    QCOMPARE(first.socket().bytesAvailable(), 0);
    const RawResponse second = post(path(sid), userMessages(5, 1));
    QCOMPARE(second.status, 400);
    QTRY_VERIFY(!session);
    const auto firstAnswer = first.read();
    QVERIFY(firstAnswer);
    QCOMPARE(firstAnswer->status, 200);
    QCOMPARE(m_mock->turns()->queuedTurns(), 2); // what was taken is still played, as Rasa would
}

// A polling client pongs in its next POST, which it cannot send while the server holds its last one: the
// ping timeout waits for the held POST instead of ending the session.
void tst_EngineServer::heldPostDoesNotEndTheSessionAtThePingTimeout()
{
    MockOptions options = FloodingClient::options();
    options.engine.pingIntervalMs = 100;
    options.engine.pingTimeoutMs = 1'500;
    options.delayMs = 3'000; // the POST is held for longer than the ping timeout
    options.maxQueuedTurns = 1;
    QPointer<EngineSession> session;
    QVERIFY(startMock(options, &session));
    const QByteArray sid = handshake();
    QVERIFY(session);
    QCOMPARE(post(path(sid), "40").status, 200);
    RawClient held(m_mock->port());
    held.send(postRequest(path(sid), userMessages(0, 2)));
    const auto answer = held.read(30'000); // after the first turn, 3 s
    QVERIFY(answer);
    QCOMPARE(answer->status, 200);
    QVERIFY2(session, "the session ended while its POST was held");
    QCOMPARE(post(path(sid), "3").status, 200); // the pong it could not send before
}

QTEST_GUILESS_MAIN(tst_EngineServer)
#include "tst_engineserver.moc"
