#include "auth/jwtverifier.h"
#include "fakeservers.h"
#include "rasa/socketiochannel.h"
#include "server/mockserver.h"

#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace rasachat;

// The Qt Socket.IO client (SocketIoChannel over EngineClient/SioClient) against rasa-mock and against
// two independent servers: a python-socketio reference of Rasa's channel and a plain node socket.io.
class tst_SocketIoChannel : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void conversation_data();
    void conversation();
    void metadataUnderConfiguredKey();
    void trafficReachesAListenerThatComesLate();
    void badJwtIsReportedAndNotRetried();
    void goodJwtConnects();
    void serverRestartLosesNothing();
    void sessionIdSurvivesClientRestart();
    void unreachableServerRetriesWithBackoff();
    void serverDisconnectEndsTheSession();
    void pythonSocketioDisconnect_data();
    void pythonSocketioDisconnect();

private:
    struct Peer
    {
        std::unique_ptr<QProcess> process;
        QUrl url;
    };
    std::optional<Peer> startPeer(const QString &program, const QStringList &args);
    std::unique_ptr<MockServer> startMock(quint16 port = 0, const QString &credentials = {});
    SocketIoChannelOptions options(const QUrl &url, const QString &transport);

    QTemporaryDir m_dir;
};

void tst_SocketIoChannel::initTestCase()
{
    qRegisterMetaType<BotMessage>();
    qRegisterMetaType<ChannelError>();
    QVERIFY(m_dir.isValid());
}

std::optional<tst_SocketIoChannel::Peer> tst_SocketIoChannel::startPeer(const QString &program,
                                                                        const QStringList &args)
{
    Peer peer;
    peer.process = std::make_unique<QProcess>();
    peer.process->setProcessChannelMode(QProcess::SeparateChannels);
    peer.process->start(program, args);
    QByteArray out;
    const QRegularExpression listening(QStringLiteral("listening on (http://\\S+)"));
    const bool up = QTest::qWaitFor(
        [&] {
            out += peer.process->readAllStandardOutput();
            const auto m = listening.match(QString::fromUtf8(out));
            if (m.hasMatch())
                peer.url = QUrl(m.captured(1));
            return m.hasMatch() || peer.process->state() == QProcess::NotRunning;
        },
        15000);
    if (!up || peer.url.isEmpty()) {
        qWarning().noquote() << program << "did not start:" << peer.process->readAllStandardError();
        return std::nullopt;
    }
    return peer;
}

std::unique_ptr<MockServer> tst_SocketIoChannel::startMock(quint16 port, const QString &credentials)
{
    MockOptions o;
    o.port = port;
    if (!credentials.isEmpty()) {
        QString error;
        o.credentials = *Credentials::parse(credentials.toUtf8(), QStringLiteral("test.yml"), &error);
    }
    auto mock = std::make_unique<MockServer>(o);
    QString error;
    if (!mock->start(&error))
        qWarning().noquote() << error;
    return mock;
}

SocketIoChannelOptions tst_SocketIoChannel::options(const QUrl &url, const QString &transport)
{
    SocketIoChannelOptions o;
    o.serverUrl = url;
    bool ok = false;
    o.transport = transportFromName(transport, &ok);
    o.settingsFile = m_dir.filePath(QStringLiteral("sessions.ini"));
    o.reconnectDelayMs = 50;
    o.reconnectDelayMaxMs = 200;
    return o;
}

void tst_SocketIoChannel::conversation_data()
{
    QTest::addColumn<QString>("server");
    QTest::addColumn<QString>("transport");
    for (const char *server : {"rasa-mock", "python-socketio", "node-socket.io"})
        for (const char *transport : {"polling", "websocket", "auto"})
            QTest::addRow("%s %s", server, transport)
                << QString::fromLatin1(server) << QString::fromLatin1(transport);
}

void tst_SocketIoChannel::conversation()
{
    QFETCH(QString, server);
    QFETCH(QString, transport);
    std::unique_ptr<MockServer> mock;
    std::optional<Peer> peer;
    QUrl url;
    QString hiReply = QStringLiteral("you said: hello");
    if (server == u"rasa-mock") {
        mock = startMock();
        url = mock->url();
    } else if (server == u"python-socketio") {
        peer = startPeer(QStringLiteral("/usr/bin/python3"),
                         {QFINDTESTDATA("../interop/rasa_reference_server.py")});
        QVERIFY(peer);
        url = peer->url;
    } else {
        const QString node = qEnvironmentVariable("RASACHAT_NODE");
        if (node.isEmpty() || qEnvironmentVariable("NODE_PATH").isEmpty())
            QSKIP("node and the npm peers are not available (RASACHAT_NODE, NODE_PATH)");
        peer = startPeer(node, {QFINDTESTDATA("../interop/node_sio_server.js")});
        QVERIFY(peer);
        url = peer->url;
        hiReply = QStringLiteral("node said: hello");
    }

    SocketIoChannel channel(options(url, transport));
    QSignalSpy confirmed(&channel, &ChatChannel::sessionConfirmed);
    QSignalSpy messages(&channel, &ChatChannel::botMessage);
    QSignalSpy delivered(&channel, &ChatChannel::messageDelivered);
    QSignalSpy errors(&channel, &ChatChannel::errorOccurred);
    UserMessage early;
    early.text = QStringLiteral("hello");
    channel.send(early); // before open(): queued until the session is confirmed
    channel.open();
    QVERIFY(confirmed.wait(10000));
    QCOMPARE(confirmed.at(0).at(0).toString(), channel.offeredSessionId());
    QCOMPARE(channel.handshake(), SocketIoChannel::Handshake::Confirmed);
    UserMessage multi;
    multi.text = QStringLiteral("/multi");
    channel.send(multi);
    QTRY_COMPARE(messages.size(), 3);
    QTRY_COMPARE(delivered.size(), 2); // each message acked by the server
    QCOMPARE(*messages.at(0).at(0).value<BotMessage>().text, hiReply);
    QCOMPARE(*messages.at(1).at(0).value<BotMessage>().text, QStringLiteral("first"));
    QCOMPARE(*messages.at(2).at(0).value<BotMessage>().text, QStringLiteral("second"));
    if (server != u"node-socket.io") {
        UserMessage buttons;
        buttons.text = QStringLiteral("/buttons");
        channel.send(buttons);
        QTRY_COMPARE(messages.size(), 4);
        const auto b = messages.at(3).at(0).value<BotMessage>();
        QCOMPARE(b.kind(), BotMessage::Kind::QuickReplies);
        QCOMPARE(b.quickReplies->at(1).payload, QStringLiteral("/deny"));
    }
    // auto starts on polling and upgrades, as socket.io-client does
    QTRY_COMPARE(channel.transportName(),
                 transport == u"polling" ? QStringLiteral("polling") : QStringLiteral("websocket"));
    QCOMPARE(errors.size(), 0);
    channel.close();
    QCOMPARE(channel.state(), ChatChannel::State::Disconnected);
}

void tst_SocketIoChannel::metadataUnderConfiguredKey()
{
    auto mock =
        startMock(0, QStringLiteral("socketio:\n  metadata_key: customData\n  session_persistence: true\n"));
    SocketIoChannelOptions o = options(mock->url(), QStringLiteral("websocket"));
    o.metadataKey = QStringLiteral("customData");
    SocketIoChannel channel(o);
    QSignalSpy messages(&channel, &ChatChannel::botMessage);
    channel.open();
    UserMessage m;
    m.text = QStringLiteral("/meta");
    m.metadata = QJsonObject{{QStringLiteral("page"), QStringLiteral("pricing")}};
    channel.send(m);
    QVERIFY(messages.wait());
    const auto bm = messages.at(0).at(0).value<BotMessage>();
    QCOMPARE(bm.kind(), BotMessage::Kind::Custom);
    QCOMPARE(bm.custom, QJsonValue(QJsonObject{{QStringLiteral("metadata"), m.metadata}}));
}

// The engine encodes packets for the trace only while someone listens: an inspector opened in the middle
// of a conversation must still see every frame from then on.
void tst_SocketIoChannel::trafficReachesAListenerThatComesLate()
{
    MockOptions o;
    o.bot = QStringLiteral("echo");
    MockServer mock(o);
    QString error;
    QVERIFY2(mock.start(&error), qPrintable(error));
    SocketIoChannel channel(options(mock.url(), QStringLiteral("websocket")));
    QSignalSpy messages(&channel, &ChatChannel::botMessage);
    channel.open();
    UserMessage m;
    m.text = QStringLiteral("before");
    channel.send(m);
    QVERIFY(messages.wait());

    QSignalSpy traffic(&channel, &ChatChannel::traffic);
    m.text = QStringLiteral("after");
    channel.send(m);
    QTRY_COMPARE(messages.size(), 2);
    bool sent = false;
    bool received = false;
    for (const QList<QVariant> &args : std::as_const(traffic)) {
        const auto r = args.at(0).value<WireRecord>();
        QCOMPARE(r.channel, QStringLiteral("socketio"));
        if (r.direction == WireRecord::Direction::Outgoing && r.payload.contains("user_uttered") &&
            r.payload.contains("after"))
            sent = true;
        if (r.direction == WireRecord::Direction::Incoming && r.payload.contains("bot_uttered") &&
            r.payload.contains("you said: after"))
            received = true;
    }
    QVERIFY2(sent && received, qPrintable(QStringLiteral("%1 records").arg(traffic.size())));
}

void tst_SocketIoChannel::badJwtIsReportedAndNotRetried()
{
    auto mock = startMock(0, QStringLiteral("socketio:\n  jwt_key: right\n"));
    SocketIoChannelOptions o = options(mock->url(), QStringLiteral("auto"));
    o.token =
        QString::fromLatin1(signJwt(R"({"sub":"x"})", QStringLiteral("wrong"), QStringLiteral("HS256")));
    SocketIoChannel channel(o);
    QSignalSpy errors(&channel, &ChatChannel::errorOccurred);
    QSignalSpy retries(&channel, &SocketIoChannel::reconnectScheduled);
    channel.open();
    QVERIFY(errors.wait());
    const auto e = errors.at(0).at(0).value<ChannelError>();
    QCOMPARE(e.message, QStringLiteral("the server refused the connection: Connection rejected by server"));
    QCOMPARE(channel.state(), ChatChannel::State::Disconnected);
    // No reconnect storm: nothing is scheduled, however long we look (a few backoff periods here).
    QVERIFY(!retries.wait(500));
    QCOMPARE(retries.size(), 0);
}

void tst_SocketIoChannel::goodJwtConnects()
{
    auto mock = startMock(0, QStringLiteral("socketio:\n  jwt_key: right\n"));
    SocketIoChannelOptions o = options(mock->url(), QStringLiteral("polling"));
    o.token =
        QString::fromLatin1(signJwt(R"({"sub":"x"})", QStringLiteral("right"), QStringLiteral("HS256")));
    SocketIoChannel channel(o);
    QSignalSpy confirmed(&channel, &ChatChannel::sessionConfirmed);
    channel.open();
    QVERIFY(confirmed.wait());
}

void tst_SocketIoChannel::serverRestartLosesNothing()
{
    const QString persistent = QStringLiteral("socketio:\n  session_persistence: true\n");
    auto mock = startMock(0, persistent);
    const quint16 port = mock->port();
    SocketIoChannelOptions o = options(mock->url(), QStringLiteral("auto"));
    SocketIoChannel channel(o);
    QSignalSpy confirmed(&channel, &ChatChannel::sessionConfirmed);
    QSignalSpy messages(&channel, &ChatChannel::botMessage);
    QSignalSpy retries(&channel, &SocketIoChannel::reconnectScheduled);
    channel.open();
    QVERIFY(confirmed.wait());
    const QString session = confirmed.at(0).at(0).toString();

    mock.reset(); // the server goes away mid-conversation
    QVERIFY(retries.wait());
    for (int i = 0; i < 5; ++i) {
        UserMessage m;
        m.text = QStringLiteral("offline %1").arg(i);
        channel.send(m); // typed while the server is down
    }
    mock = startMock(port, persistent); // and comes back on the same port
    QVERIFY(mock->port() == port);
    QTRY_COMPARE_WITH_TIMEOUT(confirmed.size(), 2, 10000);
    QCOMPARE(confirmed.at(1).at(0).toString(), session); // the same conversation goes on
    QTRY_COMPARE(messages.size(), 5);
    for (int i = 0; i < 5; ++i)
        QCOMPARE(*messages.at(i).at(0).value<BotMessage>().text,
                 QStringLiteral("you said: offline %1").arg(i));
    QVERIFY(!messages.wait(300)); // and nothing twice
    QCOMPARE(channel.queuedMessages(), 0);
}

void tst_SocketIoChannel::sessionIdSurvivesClientRestart()
{
    auto mock = startMock(0, QStringLiteral("socketio:\n  session_persistence: true\n"));
    SocketIoChannelOptions o = options(mock->url(), QStringLiteral("websocket"));
    o.settingsFile = m_dir.filePath(QStringLiteral("restart.ini"));
    QString first;
    {
        SocketIoChannel channel(o);
        QSignalSpy confirmed(&channel, &ChatChannel::sessionConfirmed);
        channel.open();
        QVERIFY(confirmed.wait());
        first = confirmed.at(0).at(0).toString();
        QVERIFY(!first.isEmpty());
    }
    SocketIoChannel again(o); // the app restarts with the same settings
    QCOMPARE(again.offeredSessionId(), first);
    QSignalSpy confirmed(&again, &ChatChannel::sessionConfirmed);
    again.open();
    QVERIFY(confirmed.wait());
    QCOMPARE(confirmed.at(0).at(0).toString(), first);
    again.forgetSession(); // "new session"
    QVERIFY(again.offeredSessionId() != first);
    QVERIFY(SocketIoChannel::storedSessionId(o).isEmpty());
}

void tst_SocketIoChannel::unreachableServerRetriesWithBackoff()
{
    QTcpServer reserve;
    QVERIFY(reserve.listen(QHostAddress::LocalHost, 0));
    const quint16 port = reserve.serverPort();
    reserve.close();
    SocketIoChannelOptions o =
        options(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)), QStringLiteral("websocket"));
    o.reconnectDelayMs = 20;
    o.reconnectDelayMaxMs = 80;
    SocketIoChannel channel(o);
    QSignalSpy retries(&channel, &SocketIoChannel::reconnectScheduled);
    channel.open();
    QTRY_VERIFY(retries.size() >= 4);
    QCOMPARE(channel.state(), ChatChannel::State::Reconnecting);
    QList<int> delays;
    for (const auto &args : retries)
        delays.append(args.at(1).toInt());
    QVERIFY2(delays[0] >= 10 && delays[0] <= 30, qPrintable(QString::number(delays[0]))); // 20 +-50 %
    QVERIFY2(delays[1] >= 20 && delays[1] <= 60, qPrintable(QString::number(delays[1]))); // 40 +-50 %
    for (int d : delays)
        QVERIFY(d <= 80); // capped
    channel.close();
    QVERIFY(!retries.wait(200)); // close() stops the retries
}

void tst_SocketIoChannel::serverDisconnectEndsTheSession()
{
    // The server answers a user message with DISCONNECT ("41"); the error slot closes the channel, as
    // rasa-probe does. This crashed: the channel used its engine after the slot had torn it down.
    FakeSioServer server;
    QVERIFY(server.listen());
    server.onFrame = [](FakeSioServer &s, const QString &frame) {
        if (frame.startsWith(uR"(420["user_uttered")"))
            s.sendText(QStringLiteral("41"));
    };
    SocketIoChannel channel(options(server.url(), QStringLiteral("websocket")));
    QSignalSpy confirmed(&channel, &ChatChannel::sessionConfirmed);
    QSignalSpy errors(&channel, &ChatChannel::errorOccurred);
    QSignalSpy retries(&channel, &SocketIoChannel::reconnectScheduled);
    connect(&channel, &ChatChannel::errorOccurred, &channel, &ChatChannel::close);
    channel.open();
    QVERIFY(confirmed.wait());
    UserMessage m;
    m.text = QStringLiteral("hi");
    channel.send(m);
    QVERIFY(errors.wait());
    const auto e = errors.at(0).at(0).value<ChannelError>();
    QCOMPARE(e.reason, ChannelError::Reason::ServerDisconnect);
    QCOMPARE(e.message, QStringLiteral("the server ended the session (io server disconnect)"));
    QCOMPARE(channel.state(), ChatChannel::State::Disconnected);
    QCOMPARE(channel.queuedMessages(), 1); // not acked: kept for a later open(), not dropped
    // As socket.io-client: a server-side disconnect is not retried, however long we look.
    QVERIFY(!retries.wait(300));
    QCOMPARE(server.connections, 1);
    QCOMPARE(errors.size(), 1);
}

void tst_SocketIoChannel::pythonSocketioDisconnect_data()
{
    QTest::addColumn<QString>("transport");
    QTest::addColumn<QString>("says");
    QTest::addColumn<int>("replies");
    for (const char *transport : {"polling", "websocket"}) {
        QTest::addRow("%s, after a last answer", transport) << QString::fromLatin1(transport) << "/bye" << 1;
        QTest::addRow("%s, without an answer", transport) << QString::fromLatin1(transport) << "/vanish" << 0;
    }
}

void tst_SocketIoChannel::pythonSocketioDisconnect()
{
    // The same against the real thing: python-socketio's disconnect(sid).
    QFETCH(QString, transport);
    QFETCH(QString, says);
    QFETCH(int, replies);
    auto peer =
        startPeer(QStringLiteral("/usr/bin/python3"), {QFINDTESTDATA("../interop/rasa_reference_server.py")});
    QVERIFY(peer);
    SocketIoChannel channel(options(peer->url, transport));
    QSignalSpy confirmed(&channel, &ChatChannel::sessionConfirmed);
    QSignalSpy messages(&channel, &ChatChannel::botMessage);
    QSignalSpy errors(&channel, &ChatChannel::errorOccurred);
    QSignalSpy retries(&channel, &SocketIoChannel::reconnectScheduled);
    connect(&channel, &ChatChannel::errorOccurred, &channel, &ChatChannel::close);
    channel.open();
    QVERIFY(confirmed.wait(10000));
    UserMessage m;
    m.text = says;
    channel.send(m);
    QTRY_COMPARE_WITH_TIMEOUT(errors.size(), 1, 10000);
    QCOMPARE(errors.at(0).at(0).value<ChannelError>().reason, ChannelError::Reason::ServerDisconnect);
    QCOMPARE(messages.size(), replies);
    QCOMPARE(channel.state(), ChatChannel::State::Disconnected);
    QVERIFY(!retries.wait(300));
    peer->process->kill();
    peer->process->waitForFinished();
}

QTEST_GUILESS_MAIN(tst_SocketIoChannel)
#include "tst_socketiochannel.moc"
