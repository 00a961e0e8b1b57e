#include "fakeservers.h"
#include "rest/rawrestchannel.h"
#include "rest/restchannel.h"
#include "server/mockserver.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>
#include <QTimer>

using namespace rasachat;

// Our REST client against our mock: every message shape arrives whole and in order.
class tst_RestChannel : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void everyShape_data();
    void everyShape();
    void metadataRoundTrip();
    void queuedBeforeOpenAndKeptInOrder();
    void unreachableServerIsAnError();
    void serverWithoutRestChannel();
    void badReplyIsAProtocolError();
    void leanClientGetsTheSameMessages();
    void resetMidReplyIsAnError_data();
    void resetMidReplyIsAnError();
    void endlessReplyIsRefused_data();
    void endlessReplyIsRefused();
    void drippingReplyIsBoundedByTheTimeout();

private:
    RestChannel *openChannel(const QUrl &url, const QString &sender);
    std::unique_ptr<MockServer> m_mock;
};

void tst_RestChannel::initTestCase()
{
    qRegisterMetaType<BotMessage>();
    qRegisterMetaType<ChannelError>();
    MockOptions options;
    options.port = 0;
    m_mock = std::make_unique<MockServer>(options);
    QString error;
    QVERIFY2(m_mock->start(&error), qPrintable(error));
}

RestChannel *tst_RestChannel::openChannel(const QUrl &url, const QString &sender)
{
    auto *channel = new RestChannel(RestChannelOptions{url, sender}, this);
    QSignalSpy confirmed(channel, &ChatChannel::sessionConfirmed);
    channel->open();
    if (!confirmed.wait())
        return nullptr;
    return channel;
}

void tst_RestChannel::everyShape_data()
{
    QTest::addColumn<QString>("says");
    QTest::addColumn<QList<BotMessage::Kind>>("kinds");
    QTest::addColumn<QString>("firstText");
    using K = BotMessage::Kind;
    QTest::newRow("text") << "hi" << QList<K>{K::Text} << "Hey! How are you?";
    QTest::newRow("buttons") << "/buttons" << QList<K>{K::Buttons} << "Choose an option:";
    QTest::newRow("image") << "/image" << QList<K>{K::Image} << "";
    QTest::newRow("split text") << "/multi" << QList<K>{K::Text, K::Text} << "first";
    QTest::newRow("carousel flattened")
        << "/carousel" << QList<K>{K::Text, K::Buttons, K::Buttons} << "Here are two plans:";
    QTest::newRow("attachment") << "/attachment" << QList<K>{K::Text, K::Attachment}
                                << "Here is the brochure:";
    QTest::newRow("quick replies as buttons") << "/quick" << QList<K>{K::Buttons} << "Pick a colour:";
    QTest::newRow("custom") << "/custom" << QList<K>{K::Custom} << "";
    QTest::newRow("echo") << "what?" << QList<K>{K::Text} << "you said: what?";
}

void tst_RestChannel::everyShape()
{
    QFETCH(QString, says);
    QFETCH(QList<BotMessage::Kind>, kinds);
    QFETCH(QString, firstText);
    RestChannel *channel = openChannel(m_mock->url(), QStringLiteral("shapes"));
    QVERIFY(channel);
    QSignalSpy messages(channel, &ChatChannel::botMessage);
    QSignalSpy delivered(channel, &ChatChannel::messageDelivered);
    QSignalSpy errors(channel, &ChatChannel::errorOccurred);
    UserMessage m;
    m.text = says;
    channel->send(m);
    QVERIFY(delivered.wait());
    QCOMPARE(messages.size(), kinds.size()); // all replies are in before delivery is reported
    for (int i = 0; i < kinds.size(); ++i) {
        const auto bm = messages.at(i).at(0).value<BotMessage>();
        QCOMPARE(bm.kind(), kinds.at(i));
        QCOMPARE(bm.recipientId, QStringLiteral("shapes"));
    }
    QCOMPARE(messages.at(0).at(0).value<BotMessage>().text.value_or(QString()), firstText);
    QCOMPARE(errors.size(), 0);
    delete channel;
}

void tst_RestChannel::metadataRoundTrip()
{
    RestChannel *channel = openChannel(m_mock->url(), QStringLiteral("meta"));
    QVERIFY(channel);
    QSignalSpy messages(channel, &ChatChannel::botMessage);
    UserMessage m;
    m.text = QStringLiteral("/meta");
    m.metadata = QJsonObject{{QStringLiteral("lang"), QStringLiteral("de")}, {QStringLiteral("page"), 3}};
    channel->send(m);
    QVERIFY(messages.wait());
    const auto bm = messages.at(0).at(0).value<BotMessage>();
    QCOMPARE(bm.custom, QJsonValue(QJsonObject{{QStringLiteral("metadata"), m.metadata}}));
    delete channel;
}

void tst_RestChannel::queuedBeforeOpenAndKeptInOrder()
{
    auto *channel = new RestChannel(RestChannelOptions{m_mock->url(), QStringLiteral("order")}, this);
    QSignalSpy messages(channel, &ChatChannel::botMessage);
    QSignalSpy delivered(channel, &ChatChannel::messageDelivered);
    for (int i = 0; i < 20; ++i) {
        UserMessage m;
        m.text = QString::number(i);
        channel->send(m); // not connected yet: queued
    }
    QCOMPARE(delivered.size(), 0);
    channel->open();
    QTRY_COMPARE(delivered.size(), 20);
    QCOMPARE(messages.size(), 20);
    for (int i = 0; i < 20; ++i)
        QCOMPARE(*messages.at(i).at(0).value<BotMessage>().text, QStringLiteral("you said: %1").arg(i));
    delete channel;
}

void tst_RestChannel::unreachableServerIsAnError()
{
    QTcpServer reserve; // a port that nobody listens on once closed
    QVERIFY(reserve.listen(QHostAddress::LocalHost, 0));
    const quint16 port = reserve.serverPort();
    reserve.close();
    RestChannel channel(RestChannelOptions{QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)), {}});
    QSignalSpy errors(&channel, &ChatChannel::errorOccurred);
    QSignalSpy confirmed(&channel, &ChatChannel::sessionConfirmed);
    channel.open();
    QVERIFY(errors.wait());
    const auto e = errors.at(0).at(0).value<ChannelError>();
    QCOMPARE(e.kind, ChannelError::Kind::Connection);
    QVERIFY2(e.message.contains(QStringLiteral("cannot reach http://127.0.0.1:%1").arg(port)),
             qPrintable(e.message));
    QVERIFY2(e.message.contains(QStringLiteral("refused")), qPrintable(e.message));
    QCOMPARE(channel.state(), ChatChannel::State::Disconnected);
    QCOMPARE(confirmed.size(), 0);
}

void tst_RestChannel::serverWithoutRestChannel()
{
    MockOptions options;
    options.port = 0;
    options.credentials = Credentials::defaults(QStringLiteral("http://127.0.0.1:9/"));
    options.credentials.rest.enabled = false;
    MockServer mock(options);
    QString error;
    QVERIFY(mock.start(&error));
    RestChannel channel(RestChannelOptions{mock.url(), {}});
    QSignalSpy errors(&channel, &ChatChannel::errorOccurred);
    channel.open();
    QVERIFY(errors.wait());
    const auto e = errors.at(0).at(0).value<ChannelError>();
    QCOMPARE(e.kind, ChannelError::Kind::Http);
    QVERIFY2(e.message.contains(QStringLiteral("has no rest channel")), qPrintable(e.message));
}

void tst_RestChannel::badReplyIsAProtocolError()
{
    QList<BotMessage> out;
    QString error;
    QVERIFY(!parseBotMessageList("{\"text\":\"hi\"}", &out, &error));
    QCOMPARE(error, QStringLiteral("the reply is not a JSON list of messages"));
    QVERIFY(!parseBotMessageList("[1]", &out, &error));
    QVERIFY(!parseBotMessageList("<html>", &out, &error));
    QVERIFY(error.startsWith(QStringLiteral("the reply is not JSON")));
    QVERIFY(parseBotMessageList("[]", &out, &error));
    QVERIFY(out.isEmpty());
}

void tst_RestChannel::leanClientGetsTheSameMessages()
{
    // The load generator's lean client and RestChannel must see the same conversation.
    const QStringList commands = {QStringLiteral("hi"),     QStringLiteral("/carousel"),
                                  QStringLiteral("/quick"), QStringLiteral("/custom"),
                                  QStringLiteral("/multi"), QStringLiteral("what?")};
    QList<QList<BotMessage>> seen;
    for (int lean = 0; lean < 2; ++lean) {
        std::unique_ptr<ChatChannel> channel;
        if (lean)
            channel = std::make_unique<RawRestChannel>(m_mock->url(), QStringLiteral("same"));
        else
            channel =
                std::make_unique<RestChannel>(RestChannelOptions{m_mock->url(), QStringLiteral("same")});
        QSignalSpy messages(channel.get(), &ChatChannel::botMessage);
        QSignalSpy delivered(channel.get(), &ChatChannel::messageDelivered);
        channel->open();
        for (const QString &c : commands) {
            UserMessage m;
            m.text = c;
            channel->send(m);
        }
        QTRY_COMPARE(delivered.size(), commands.size());
        QList<BotMessage> list;
        for (const auto &args : messages)
            list.append(args.at(0).value<BotMessage>());
        seen.append(list);
    }
    QCOMPARE(seen[1].size(), seen[0].size());
    QVERIFY(seen[1] == seen[0]);

    RawRestChannel nobody(QUrl(QStringLiteral("http://127.0.0.1:9")), {});
    QSignalSpy errors(&nobody, &ChatChannel::errorOccurred);
    nobody.open();
    QVERIFY(errors.wait());
    QVERIFY(errors.at(0).at(0).value<ChannelError>().message.startsWith(QStringLiteral("cannot reach")));
}

namespace {

// A REST server: the health route answers; the webhook answers with `reply`.
void serveRest(ScriptedHttpServer &server, std::function<ScriptedHttpServer::Answer(QTcpSocket *)> reply)
{
    server.respond = [reply](const QByteArray &head, QTcpSocket *socket) {
        if (head.startsWith("GET "))
            return ScriptedHttpServer::Answer{"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                              "Content-Length: 15\r\n\r\n{\"status\":\"ok\"}",
                                              ScriptedHttpServer::After::KeepOpen};
        return reply(socket);
    };
}

std::unique_ptr<ChatChannel> restClient(bool lean, const QUrl &url,
                                        qint64 maxReplyBytes = kDefaultMaxReplyBytes, int timeoutMs = 0)
{
    if (lean)
        return std::make_unique<RawRestChannel>(url, QStringLiteral("a"), maxReplyBytes);
    return std::make_unique<RestChannel>(
        RestChannelOptions{url, QStringLiteral("a"), maxReplyBytes, timeoutMs});
}

} // namespace

void tst_RestChannel::resetMidReplyIsAnError_data()
{
    QTest::addColumn<bool>("lean");
    QTest::newRow("RestChannel") << false;
    QTest::newRow("RawRestChannel") << true;
}

void tst_RestChannel::resetMidReplyIsAnError()
{
    // Part of a valid JSON list, then RST: whatever of it arrived is not an answer.
    QFETCH(bool, lean);
    ScriptedHttpServer server;
    QVERIFY(server.listen());
    serveRest(server, [](QTcpSocket *) {
        return ScriptedHttpServer::Answer{
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            "Content-Length: 1000\r\n\r\n[{\"recipient_id\":\"a\",\"text\":\"hello!\"}]",
            ScriptedHttpServer::After::Reset};
    });
    auto channel = restClient(lean, server.url());
    QSignalSpy messages(channel.get(), &ChatChannel::botMessage);
    QSignalSpy delivered(channel.get(), &ChatChannel::messageDelivered);
    QSignalSpy errors(channel.get(), &ChatChannel::errorOccurred);
    channel->open();
    UserMessage m;
    m.text = QStringLiteral("hi");
    channel->send(m);
    QVERIFY(errors.wait());
    QCOMPARE(messages.size(), 0);
    QCOMPARE(delivered.size(), 0);
}

void tst_RestChannel::endlessReplyIsRefused_data()
{
    QTest::addColumn<bool>("lean");
    QTest::addColumn<QByteArray>("head");
    for (bool lean : {false, true}) {
        const char *name = lean ? "RawRestChannel" : "RestChannel";
        QTest::addRow("%s, announced", name)
            << lean << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 1073741824\r\n\r\n[");
        QTest::addRow("%s, read until close", name)
            << lean << QByteArray("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n[");
    }
    // Qt's network thread reads a chunked body without regard to the read buffer size, so RestChannel
    // refuses such a reply only once Qt hands the bytes over; the lean client reads it itself.
    QTest::addRow("RawRestChannel, chunked")
        << true << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n40000000\r\n[");
}

void tst_RestChannel::endlessReplyIsRefused()
{
    // A 1 GiB answer took rasa-probe to 10 GB: it is refused as it streams, and the connection dropped.
    QFETCH(bool, lean);
    QFETCH(QByteArray, head);
    ScriptedHttpServer server;
    QVERIFY(server.listen());
    serveRest(server, [&](QTcpSocket *socket) {
        socket->write(head);
        server.stream(socket);
        return ScriptedHttpServer::Answer{{}, ScriptedHttpServer::After::KeepOpen};
    });
    auto channel = restClient(lean, server.url(), 65536);
    QSignalSpy messages(channel.get(), &ChatChannel::botMessage);
    QSignalSpy errors(channel.get(), &ChatChannel::errorOccurred);
    channel->open();
    UserMessage m;
    m.text = QStringLiteral("hi");
    channel->send(m);
    QVERIFY(errors.wait());
    const auto e = errors.at(0).at(0).value<ChannelError>();
    QCOMPARE(e.reason, ChannelError::Reason::ReplyTooLarge);
    QCOMPARE(e.kind, ChannelError::Kind::Protocol);
    QVERIFY2(e.message.contains(QStringLiteral("over the limit of 65536 bytes")), qPrintable(e.message));
    QCOMPARE(e.messageId.isEmpty(), false);
    // Qt's network thread may finish a read burst before it closes the socket.
    QTRY_VERIFY_WITH_TIMEOUT(server.hangUps >= 1, 60'000);
    QCOMPARE(messages.size(), 0);
}

void tst_RestChannel::drippingReplyIsBoundedByTheTimeout()
{
    // A byte every 20 ms never trips an idle timeout; the deadline covers the whole answer.
    ScriptedHttpServer server;
    QVERIFY(server.listen());
    QTimer drip;
    QPointer<QTcpSocket> target;
    connect(&drip, &QTimer::timeout, this, [&] {
        if (target)
            target->write(" ");
    });
    serveRest(server, [&](QTcpSocket *socket) {
        target = socket;
        drip.start(20);
        return ScriptedHttpServer::Answer{"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n",
                                          ScriptedHttpServer::After::KeepOpen};
    });
    auto channel = restClient(false, server.url(), kDefaultMaxReplyBytes, 300);
    QSignalSpy errors(channel.get(), &ChatChannel::errorOccurred);
    channel->open();
    UserMessage m;
    m.text = QStringLiteral("hi");
    channel->send(m);
    QVERIFY(errors.wait(10'000));
    const auto e = errors.at(0).at(0).value<ChannelError>();
    QCOMPARE(e.reason, ChannelError::Reason::Timeout);
    QVERIFY2(e.message.contains(QStringLiteral("no complete answer within 300 ms")), qPrintable(e.message));
}

QTEST_GUILESS_MAIN(tst_RestChannel)
#include "tst_restchannel.moc"
