#include "engineio/engineserver.h"
#include "http/httpserver.h"
#include "socketio/siopacket.h"
#include "socketio/sioserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QSignalSpy>
#include <QTest>
#include <QWebSocket>
#include <memory>

using namespace rasachat;

// SioServer on a bare Engine.IO server, driven with raw WebSocket frames as a client library would send
// them: namespaces, binary events and acks in both directions, rooms, and the connect timeout.
class tst_SioServer : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void unknownNamespaceIsRefused();
    void binaryEventIsDeliveredWithItsBytes();
    void binaryEmitAndAckCarryAttachments();
    void placeholderWithoutAttachmentClosesSession();
    void roomEmitReachesMembersOnly();
    void connectionWithoutConnectIsClosed();

private:
    // A WebSocket client past the Engine.IO handshake (and, with `nsp`, connected to it).
    struct Client
    {
        std::unique_ptr<QWebSocket> ws = std::make_unique<QWebSocket>();
        std::unique_ptr<QSignalSpy> text;
        std::unique_ptr<QSignalSpy> binary;
        std::unique_ptr<QSignalSpy> gone;
        QString next() // the next text frame that is not a ping
        {
            for (;;) {
                if (text->isEmpty() && !text->wait(5000))
                    return {};
                const QString frame = text->takeFirst().at(0).toString();
                if (frame != u"2")
                    return frame;
            }
        }
    };
    std::unique_ptr<Client> open(const QString &nsp = {});

    std::unique_ptr<HttpServer> m_http;
    std::unique_ptr<EngineServer> m_engine;
    std::unique_ptr<SioServer> m_sio;
};

void tst_SioServer::init()
{
    m_http = std::make_unique<HttpServer>();
    m_engine = std::make_unique<EngineServer>(m_http.get(), EngineOptions{});
    m_sio = std::make_unique<SioServer>(m_engine.get());
    m_sio->addNamespace(QStringLiteral("/admin"));
    QVERIFY(m_http->listen(QHostAddress::LocalHost, 0));
}

void tst_SioServer::cleanup()
{
    m_sio.reset();
    m_engine.reset();
    m_http.reset();
}

std::unique_ptr<tst_SioServer::Client> tst_SioServer::open(const QString &nsp)
{
    auto c = std::make_unique<Client>();
    c->text = std::make_unique<QSignalSpy>(c->ws.get(), &QWebSocket::textMessageReceived);
    c->binary = std::make_unique<QSignalSpy>(c->ws.get(), &QWebSocket::binaryMessageReceived);
    c->gone = std::make_unique<QSignalSpy>(c->ws.get(), &QWebSocket::disconnected);
    c->ws->open(QUrl(
        QStringLiteral("ws://127.0.0.1:%1/socket.io/?EIO=4&transport=websocket").arg(m_http->serverPort())));
    if (!c->next().startsWith(u'0'))
        return nullptr;
    if (!nsp.isNull()) {
        c->ws->sendTextMessage(nsp == u"/" ? QStringLiteral("40") : QStringLiteral("40%1,").arg(nsp));
        if (!c->next().startsWith(nsp == u"/" ? QStringLiteral("40{") : QStringLiteral("40%1,{").arg(nsp)))
            return nullptr;
    }
    return c;
}

void tst_SioServer::unknownNamespaceIsRefused()
{
    auto c = open();
    QVERIFY(c);
    c->ws->sendTextMessage(QStringLiteral("40/nowhere,"));
    QCOMPARE(c->next(), QStringLiteral(R"(44/nowhere,{"message":"Invalid namespace"})"));
    c->ws->sendTextMessage(QStringLiteral("40/admin,"));
    QVERIFY(c->next().startsWith(QStringLiteral("40/admin,{\"sid\":")));
}

void tst_SioServer::binaryEventIsDeliveredWithItsBytes()
{
    QSignalSpy events(m_sio.get(), &SioServer::eventReceived);
    auto c = open(QStringLiteral("/"));
    QVERIFY(c);
    const QByteArray bytes("\x00\x01\xfe\xff", 4);
    c->ws->sendTextMessage(QStringLiteral(R"(451-7["upload",{"_placeholder":true,"num":0},"a.bin"])"));
    c->ws->sendBinaryMessage(bytes);
    QVERIFY(events.wait());
    const QList<QVariant> e = events.takeFirst();
    QCOMPARE(e.at(1).toString(), QStringLiteral("upload"));
    QCOMPARE(e.at(3).value<std::optional<quint64>>(), std::optional<quint64>(7));
    const auto attachments = e.at(4).value<QList<QByteArray>>();
    QCOMPARE(attachments, QList<QByteArray>{bytes});
    const auto args = sioReconstruct(e.at(2).toJsonArray(), attachments);
    QVERIFY(args);
    QCOMPARE(args->toList().at(0).toByteArray(), bytes);
    QCOMPARE(args->toList().at(1).toString(), QStringLiteral("a.bin"));
}

void tst_SioServer::binaryEmitAndAckCarryAttachments()
{
    QPointer<SioSocket> socket;
    connect(m_sio.get(), &SioServer::connected, this, [&socket](SioSocket *s) { socket = s; });
    auto c = open(QStringLiteral("/"));
    QVERIFY(c);
    QVERIFY(socket);

    QList<QByteArray> acked;
    QList<QByteArray> attachments;
    const QJsonValue args =
        sioDeconstruct(QVariantList{QStringLiteral("file"), QByteArray("PNG\x00", 4)}, &attachments);
    socket->emitRaw(
        QJsonDocument(args.toArray()).toJson(QJsonDocument::Compact),
        [&acked](const QJsonArray &, const QList<QByteArray> &a) { acked = a; }, attachments);
    QCOMPARE(c->next(), QStringLiteral(R"(451-0["file",{"_placeholder":true,"num":0}])"));
    QTRY_COMPARE(c->binary->size(), 1);
    QCOMPARE(c->binary->takeFirst().at(0).toByteArray(), QByteArray("PNG\x00", 4));

    // The client acks with bytes of its own: the callback gets them.
    c->ws->sendTextMessage(QStringLiteral(R"(461-0[{"_placeholder":true,"num":0}])"));
    c->ws->sendBinaryMessage("ok!");
    QTRY_COMPARE(acked, QList<QByteArray>{"ok!"});

    // And the server acks a client's event with bytes.
    connect(m_sio.get(), &SioServer::eventReceived, this,
            [](SioSocket *s, const QString &, const QJsonArray &, std::optional<quint64> id) {
                if (id)
                    s->ack(*id, R"([{"_placeholder":true,"num":0}])", {QByteArray("done")});
            });
    c->ws->sendTextMessage(QStringLiteral(R"(4212["ping-me"])"));
    QCOMPARE(c->next(), QStringLiteral(R"(461-12[{"_placeholder":true,"num":0}])"));
    QTRY_COMPARE(c->binary->size(), 1);
    QCOMPARE(c->binary->takeFirst().at(0).toByteArray(), QByteArray("done"));
}

void tst_SioServer::placeholderWithoutAttachmentClosesSession()
{
    QSignalSpy events(m_sio.get(), &SioServer::eventReceived);
    auto c = open(QStringLiteral("/"));
    QVERIFY(c);
    c->ws->sendTextMessage(QStringLiteral(R"(451-["upload",{"_placeholder":true,"num":3}])"));
    c->ws->sendBinaryMessage("x");
    QVERIFY(c->gone->wait(5000));
    QCOMPARE(events.size(), 0);
}

void tst_SioServer::roomEmitReachesMembersOnly()
{
    QList<QPointer<SioSocket>> sockets;
    connect(m_sio.get(), &SioServer::connected, this, [&sockets](SioSocket *s) { sockets.append(s); });
    auto a = open(QStringLiteral("/"));
    auto b = open(QStringLiteral("/"));
    QVERIFY(a && b);
    QCOMPARE(sockets.size(), 2);
    sockets.at(0)->join(QStringLiteral("lobby"));
    QCOMPARE(m_sio->emitToRoom(QStringLiteral("/"), QStringLiteral("lobby"), R"(["news",1])"), 1);
    QCOMPARE(a->next(), QStringLiteral(R"(42["news",1])"));
    sockets.at(1)->join(QStringLiteral("lobby"));
    sockets.at(0)->leave(QStringLiteral("lobby"));
    QCOMPARE(m_sio->emitToRoom(QStringLiteral("/"), QStringLiteral("lobby"), R"(["news",2])"), 1);
    QCOMPARE(b->next(), QStringLiteral(R"(42["news",2])"));
    QVERIFY(a->text->isEmpty()); // a left before news 2 went out, and b never got news 1
}

void tst_SioServer::connectionWithoutConnectIsClosed()
{
    m_sio->setConnectTimeout(100);
    auto silent = open();
    QVERIFY(silent);
    QVERIFY(silent->gone->wait(10'000));
    QTRY_COMPARE(m_engine->sessionCount(), 0);
}

QTEST_GUILESS_MAIN(tst_SioServer)
#include "tst_sioserver.moc"
