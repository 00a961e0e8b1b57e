#include "engineio/engineclient.h"
#include "engineio/engineserver.h"
#include "engineio/enginesession.h"
#include "http/httpserver.h"
#include "socketio/sioclient.h"
#include "socketio/siopacket.h"
#include "socketio/sioserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <functional>
#include <memory>

using namespace rasachat;

// SioClient on an EngineClient against our own SioServer, against a node socket.io server, and against a
// bare Engine.IO server that sends what no good Socket.IO server sends: binary events and acks both
// ways with their bytes in place of the placeholders, and a broken or oversized stream of attachments
// ending the connection with its reason.
class tst_SioClient : public QObject
{
    Q_OBJECT
private slots:
    void cleanup();
    void binaryBothWays_data();
    void binaryBothWays();
    void connectAndPlainEvent();
    void attachmentCountOverMaxPayload();
    void attachmentBytesOverMaxPayload();
    void placeholderPastAttachmentsSkipsThePacket();
    void attachmentNobodyAnnounced();
    void textWhereAnAttachmentWasDue();

private:
    struct Client
    {
        std::unique_ptr<EngineClient> engine;
        std::unique_ptr<SioClient> sio;
        std::unique_ptr<QSignalSpy> events;
        std::unique_ptr<QSignalSpy> closed;
        std::unique_ptr<QSignalSpy> malformed;
        std::unique_ptr<QSignalSpy> disconnected;
    };
    // A client on `url`, connected to "/" (nullptr if it could not connect).
    std::unique_ptr<Client> connectClient(const QUrl &url, EngineClientOptions::Transport transport);
    // A bare Engine.IO server that accepts CONNECT to "/" and then runs `script` on the session.
    QUrl startRawServer(int maxPayload, std::function<void(EngineSession *)> script);
    // Our SioServer, playing the same part as node_sio_binary_peer.js.
    QUrl startOurServer();
    QUrl startNodePeer();

    std::unique_ptr<HttpServer> m_http;
    std::unique_ptr<EngineServer> m_engine;
    std::unique_ptr<SioServer> m_sio;
    std::unique_ptr<QProcess> m_node;
};

namespace {

QByteArray compact(const QJsonArray &array)
{
    return QJsonDocument(array).toJson(QJsonDocument::Compact);
}

const QByteArray kBlob("\x00\x01\x02\xfa\xff", 5);

} // namespace

void tst_SioClient::cleanup()
{
    if (m_node) {
        m_node->kill();
        m_node->waitForFinished();
        m_node.reset();
    }
    m_sio.reset();
    m_engine.reset();
    m_http.reset();
}

std::unique_ptr<tst_SioClient::Client> tst_SioClient::connectClient(const QUrl &url,
                                                                    EngineClientOptions::Transport transport)
{
    EngineClientOptions o;
    o.url = url;
    o.transport = transport;
    auto c = std::make_unique<Client>();
    c->engine = std::make_unique<EngineClient>(o);
    c->sio = std::make_unique<SioClient>(c->engine.get());
    c->events = std::make_unique<QSignalSpy>(c->sio.get(), &SioClient::eventReceived);
    c->closed = std::make_unique<QSignalSpy>(c->engine.get(), &EngineClient::closed);
    c->malformed = std::make_unique<QSignalSpy>(c->sio.get(), &SioClient::malformedPacket);
    c->disconnected = std::make_unique<QSignalSpy>(c->sio.get(), &SioClient::disconnected);
    QSignalSpy connected(c->sio.get(), &SioClient::connected);
    c->sio->connectTo();
    c->engine->open();
    if (!connected.wait(10000))
        return nullptr;
    return c;
}

QUrl tst_SioClient::startRawServer(int maxPayload, std::function<void(EngineSession *)> script)
{
    m_http = std::make_unique<HttpServer>();
    EngineOptions o;
    o.maxPayload = maxPayload;
    m_engine = std::make_unique<EngineServer>(m_http.get(), o);
    connect(m_engine.get(), &EngineServer::sessionOpened, this, [script](EngineSession *session) {
        connect(session, &EngineSession::messageReceived, session, [session, script](const QByteArray &text) {
            if (text == "0") { // CONNECT to "/"
                session->sendMessage(R"(0{"sid":"raw"})");
                script(session);
            }
        });
    });
    if (!m_http->listen(QHostAddress::LocalHost, 0))
        return {};
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_http->serverPort()));
}

QUrl tst_SioClient::startOurServer()
{
    m_http = std::make_unique<HttpServer>();
    m_engine = std::make_unique<EngineServer>(m_http.get(), EngineOptions{});
    m_sio = std::make_unique<SioServer>(m_engine.get());
    connect(m_sio.get(), &SioServer::connected, this, [](SioSocket *socket) {
        socket->emitRaw(R"(["blob",{"_placeholder":true,"num":0},)"
                        R"({"name":"x.bin","data":{"_placeholder":true,"num":1}},"text"])",
                        {}, {kBlob, QByteArray("nested")});
    });
    connect(
        m_sio.get(), &SioServer::eventReceived, this,
        [](SioSocket *socket, const QString &name, const QJsonArray &args, std::optional<quint64> ackId,
           const QList<QByteArray> &attachments) {
            if (name != u"echo" || !ackId)
                return;
            const QVariantList list = sioReconstruct(args, attachments).value_or(QVariant()).toList();
            const QVariant blob = list.value(0);
            const QVariant nested = list.value(1).toMap().value(QStringLiteral("data"));
            const bool isBytes = blob.metaType().id() == QMetaType::QByteArray;
            const bool nestedIsBytes = nested.metaType().id() == QMetaType::QByteArray;
            const QJsonObject report{
                {QStringLiteral("isBuffer"), isBytes},
                {QStringLiteral("hex"), isBytes ? QJsonValue(QString::fromLatin1(blob.toByteArray().toHex()))
                                                : QJsonValue(QJsonValue::Null)},
                {QStringLiteral("nestedIsBuffer"), nestedIsBytes},
                {QStringLiteral("nested"), nestedIsBytes ? QJsonValue(QString::fromUtf8(nested.toByteArray()))
                                                         : QJsonValue(QJsonValue::Null)}};
            socket->ack(*ackId,
                        compact({report, QJsonObject{{QStringLiteral("_placeholder"), true},
                                                     {QStringLiteral("num"), 0}}}),
                        {QByteArray("from us")});
        });
    if (!m_http->listen(QHostAddress::LocalHost, 0))
        return {};
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_http->serverPort()));
}

QUrl tst_SioClient::startNodePeer()
{
    m_node = std::make_unique<QProcess>();
    m_node->start(qEnvironmentVariable("RASACHAT_NODE"),
                  {QFINDTESTDATA("../interop/node_sio_binary_peer.js")});
    QByteArray out;
    QUrl url;
    const QRegularExpression listening(QStringLiteral("listening on (http://\\S+)"));
    (void)QTest::qWaitFor( // the URL says whether it came up
        [&] {
            out += m_node->readAllStandardOutput();
            const auto m = listening.match(QString::fromUtf8(out));
            if (m.hasMatch())
                url = QUrl(m.captured(1));
            return m.hasMatch() || m_node->state() == QProcess::NotRunning;
        },
        15000);
    if (url.isEmpty())
        qWarning().noquote() << "node did not start:" << m_node->readAllStandardError();
    return url;
}

void tst_SioClient::binaryBothWays_data()
{
    QTest::addColumn<QString>("server");
    QTest::addColumn<EngineClientOptions::Transport>("transport");
    for (const char *server : {"ours", "node"}) {
        QTest::addRow("%s polling", server)
            << QString::fromLatin1(server) << EngineClientOptions::Transport::Polling;
        QTest::addRow("%s websocket", server)
            << QString::fromLatin1(server) << EngineClientOptions::Transport::WebSocket;
    }
}

void tst_SioClient::binaryBothWays()
{
    QFETCH(QString, server);
    QFETCH(EngineClientOptions::Transport, transport);
    QUrl url;
    if (server == u"node") {
        if (qEnvironmentVariable("RASACHAT_NODE").isEmpty() || qEnvironmentVariable("NODE_PATH").isEmpty())
            QSKIP("node and the npm peers are not available (RASACHAT_NODE, NODE_PATH)");
        url = startNodePeer();
    } else {
        url = startOurServer();
    }
    QVERIFY(url.isValid());
    auto c = connectClient(url, transport);
    QVERIFY(c);

    // The server's event: a Buffer, a Buffer nested in an object, a string.
    QTRY_COMPARE(c->events->size(), 1);
    const QList<QVariant> event = c->events->takeFirst();
    QCOMPARE(event.at(1).toString(), QStringLiteral("blob"));
    const QJsonArray args = event.at(2).toJsonArray();
    const auto attachments = event.at(4).value<QList<QByteArray>>();
    QCOMPARE(attachments, (QList<QByteArray>{kBlob, QByteArray("nested")}));
    const auto delivered = sioReconstruct(args, attachments);
    QVERIFY(delivered);
    const QVariantList list = delivered->toList();
    QCOMPARE(list.size(), 3);
    QCOMPARE(list.at(0).metaType().id(), QMetaType::QByteArray);
    QCOMPARE(list.at(0).toByteArray(), kBlob);
    const QVariantMap meta = list.at(1).toMap();
    QCOMPARE(meta.value(QStringLiteral("name")).toString(), QStringLiteral("x.bin"));
    QCOMPARE(meta.value(QStringLiteral("data")).metaType().id(), QMetaType::QByteArray);
    QCOMPARE(meta.value(QStringLiteral("data")).toByteArray(), QByteArray("nested"));
    QCOMPARE(list.at(2).toString(), QStringLiteral("text"));

    // Ours to the server: a Buffer and a nested one; its ack reports what it got and carries bytes back.
    const QByteArray sent("\xff\x00 bytes", 8);
    QList<QByteArray> out;
    const QJsonValue wire = sioDeconstruct(
        QVariantList{QStringLiteral("echo"), sent, QVariantMap{{QStringLiteral("data"), QByteArray("deep")}}},
        &out);
    QCOMPARE(out.size(), 2);
    std::optional<QJsonArray> ackArgs;
    QList<QByteArray> ackAttachments;
    c->sio->emitRaw(
        compact(wire.toArray()),
        [&](const QJsonArray &a, const QList<QByteArray> &bytes) {
            ackArgs = a;
            ackAttachments = bytes;
        },
        QStringLiteral("/"), out);
    QTRY_VERIFY_WITH_TIMEOUT(ackArgs.has_value(), 10000);
    const QJsonObject report = ackArgs->at(0).toObject();
    QCOMPARE(report.value(u"isBuffer"), QJsonValue(true));
    QCOMPARE(report.value(u"hex").toString(), QString::fromLatin1(sent.toHex()));
    QCOMPARE(report.value(u"nestedIsBuffer"), QJsonValue(true));
    QCOMPARE(report.value(u"nested").toString(), QStringLiteral("deep"));
    const auto ackValue = sioReconstruct(*ackArgs, ackAttachments);
    QVERIFY(ackValue);
    QCOMPARE(ackValue->toList().value(1).toByteArray(),
             server == u"node" ? QByteArray("from node") : QByteArray("from us"));
    QCOMPARE(c->malformed->size(), 0);
    QCOMPARE(c->closed->size(), 0);
}

void tst_SioClient::connectAndPlainEvent()
{
    // The plain path still works through the shared reader, and a server's ack request is answered.
    std::optional<QJsonArray> acked;
    QList<QByteArray> ackedBytes;
    const QUrl url = startOurServer();
    connect(m_sio.get(), &SioServer::connected, this, [&](SioSocket *socket) {
        socket->emitRaw(R"(["ask",1])", [&](const QJsonArray &a, const QList<QByteArray> &bytes) {
            acked = a;
            ackedBytes = bytes;
        });
    });
    auto c = connectClient(url, EngineClientOptions::Transport::WebSocket);
    QVERIFY(c);
    QTRY_COMPARE(c->events->size(), 2); // "blob" from startOurServer(), then "ask"
    const QList<QVariant> ask = c->events->at(1);
    QCOMPARE(ask.at(1).toString(), QStringLiteral("ask"));
    QCOMPARE(ask.at(2).toJsonArray(), QJsonArray{1});
    QVERIFY(ask.at(4).value<QList<QByteArray>>().isEmpty());
    const auto id = ask.at(3).value<std::optional<quint64>>();
    QVERIFY(id);
    c->sio->ack(*id, R"([{"_placeholder":true,"num":0}])", QStringLiteral("/"), {QByteArray("answer")});
    QTRY_VERIFY(acked.has_value());
    QCOMPARE(ackedBytes, QList<QByteArray>{QByteArray("answer")});
    QCOMPARE(sioReconstruct(*acked, ackedBytes)->toList().value(0).toByteArray(), QByteArray("answer"));
}

void tst_SioClient::attachmentCountOverMaxPayload()
{
    // 2,000 attachments announced under a maxPayload of 1,000 bytes: refused before anything is kept.
    const QUrl url = startRawServer(
        1000, [](EngineSession *s) { s->sendMessage(R"(52000-["x",{"_placeholder":true,"num":0}])"); });
    auto c = connectClient(url, EngineClientOptions::Transport::WebSocket);
    QVERIFY(c);
    QTRY_COMPARE(c->closed->size(), 1);
    QCOMPARE(c->closed->at(0).at(0).value<EngineClient::CloseReason>(), EngineClient::CloseReason::TooLarge);
    QCOMPARE(c->closed->at(0).at(1).toString(),
             QStringLiteral(
                 "a binary packet announces 2000 attachments, more than the limit of 1000 (maxPayload)"));
    QCOMPARE(c->disconnected->size(), 1);
    QCOMPARE(c->disconnected->at(0).at(1).value<SioClient::DisconnectReason>(),
             SioClient::DisconnectReason::EngineClosed);
    QCOMPARE(c->events->size(), 0);
}

void tst_SioClient::attachmentBytesOverMaxPayload()
{
    // Each attachment fits a message, together they do not.
    const QUrl url = startRawServer(1000, [](EngineSession *s) {
        s->sendMessage(R"(52-["x",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}])");
        s->sendBinary(QByteArray(600, 'a'));
        s->sendBinary(QByteArray(600, 'b'));
    });
    auto c = connectClient(url, EngineClientOptions::Transport::WebSocket);
    QVERIFY(c);
    QTRY_COMPARE(c->closed->size(), 1);
    QCOMPARE(c->closed->at(0).at(0).value<EngineClient::CloseReason>(), EngineClient::CloseReason::TooLarge);
    QCOMPARE(c->closed->at(0).at(1).toString(),
             QStringLiteral("the attachments of one binary packet exceed 1000 bytes (maxPayload)"));
    QCOMPARE(c->events->size(), 0);
}

void tst_SioClient::placeholderPastAttachmentsSkipsThePacket()
{
    // The stream is still in step: the packet is reported and lost, the next one arrives.
    const QUrl url = startRawServer(1000, [](EngineSession *s) {
        s->sendMessage(R"(51-["x",{"_placeholder":true,"num":3}])");
        s->sendBinary("only one");
        s->sendMessage(R"(2["after"])");
    });
    auto c = connectClient(url, EngineClientOptions::Transport::Polling);
    QVERIFY(c);
    QTRY_COMPARE(c->events->size(), 1);
    QCOMPARE(c->events->at(0).at(1).toString(), QStringLiteral("after"));
    QCOMPARE(c->malformed->size(), 1);
    QCOMPARE(c->malformed->at(0).at(0).toString(),
             QStringLiteral("a placeholder refers to a missing attachment (1 attached)"));
    QCOMPARE(c->closed->size(), 0);
}

void tst_SioClient::attachmentNobodyAnnounced()
{
    const QUrl url = startRawServer(1000, [](EngineSession *s) { s->sendBinary("stray"); });
    auto c = connectClient(url, EngineClientOptions::Transport::WebSocket);
    QVERIFY(c);
    QTRY_COMPARE(c->closed->size(), 1);
    QCOMPARE(c->closed->at(0).at(0).value<EngineClient::CloseReason>(),
             EngineClient::CloseReason::ParseError);
    QCOMPARE(c->closed->at(0).at(1).toString(), QStringLiteral("binary data without a binary packet"));
}

void tst_SioClient::textWhereAnAttachmentWasDue()
{
    const QUrl url = startRawServer(1000, [](EngineSession *s) {
        s->sendMessage(R"(51-["x",{"_placeholder":true,"num":0}])");
        s->sendMessage(R"(2["too early"])");
    });
    auto c = connectClient(url, EngineClientOptions::Transport::Polling);
    QVERIFY(c);
    QTRY_COMPARE(c->closed->size(), 1);
    QCOMPARE(c->closed->at(0).at(0).value<EngineClient::CloseReason>(),
             EngineClient::CloseReason::ParseError);
    QCOMPARE(c->closed->at(0).at(1).toString(),
             QStringLiteral("a text packet while binary attachments were expected"));
    QCOMPARE(c->events->size(), 0);
}

QTEST_MAIN(tst_SioClient)
#include "tst_sioclient.moc"
