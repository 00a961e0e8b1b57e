#include "callback/callbackchannel.h"
#include "rawhttp.h"
#include "server/mockserver.h"

#include <QSignalSpy>
#include <QTcpServer>

using namespace rasachat;

// Our callback client against our mock: replies arrive through the receiver, in order, also when the
// receiver was down for a while.
class tst_CallbackChannel : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void everyShape();
    void onlyOwnRecipientAndBothBodyShapes();
    void receiverDownForAWhileLosesNothing();
    void receiverPortInUse();
    void oversizedCallbackIsAnErrorNotALoss();

private:
    struct Setup
    {
        std::unique_ptr<CallbackChannel> channel;
        std::unique_ptr<MockServer> mock;
    };
    Setup setUp(const QString &sender, quint16 receiverPort = 0);
};

void tst_CallbackChannel::initTestCase()
{
    qRegisterMetaType<BotMessage>();
    qRegisterMetaType<ChannelError>();
}

tst_CallbackChannel::Setup tst_CallbackChannel::setUp(const QString &sender, quint16 receiverPort)
{
    // The receiver listens first, so that the mock can be configured with its URL.
    Setup s;
    CallbackChannelOptions o;
    o.senderId = sender;
    o.receiverPort = receiverPort;
    s.channel = std::make_unique<CallbackChannel>(o);
    QString error;
    if (!s.channel->listen(&error))
        qFatal("%s", qPrintable(error));
    MockOptions options;
    options.port = 0;
    options.credentials = Credentials::defaults(s.channel->receiverUrl().toString() + QStringLiteral("bot"));
    options.outbox.firstRetryMs = 20;
    options.outbox.maxRetryMs = 100;
    s.mock = std::make_unique<MockServer>(options);
    if (!s.mock->start(&error))
        qFatal("%s", qPrintable(error));
    s.channel->setServerUrl(s.mock->url());
    return s;
}

void tst_CallbackChannel::everyShape()
{
    Setup s = setUp(QStringLiteral("cb-shapes"));
    QSignalSpy confirmed(s.channel.get(), &ChatChannel::sessionConfirmed);
    QSignalSpy messages(s.channel.get(), &ChatChannel::botMessage);
    QSignalSpy delivered(s.channel.get(), &ChatChannel::messageDelivered);
    QSignalSpy errors(s.channel.get(), &ChatChannel::errorOccurred);
    s.channel->open();
    QVERIFY(confirmed.wait());
    const QStringList commands = {
        QStringLiteral("hi"),          QStringLiteral("/buttons"), QStringLiteral("/image"),
        QStringLiteral("/meta"),       QStringLiteral("/multi"),   QStringLiteral("/carousel"),
        QStringLiteral("/attachment"), QStringLiteral("/quick"),   QStringLiteral("/custom")};
    for (const QString &c : commands) {
        UserMessage m;
        m.text = c;
        m.metadata = QJsonObject{{QStringLiteral("ignored"), true}};
        s.channel->send(m);
    }
    using K = BotMessage::Kind;
    const QList<K> expected = {K::Text,    K::Buttons, K::Image, K::Custom,     K::Text,    K::Text,  K::Text,
                               K::Buttons, K::Buttons, K::Text,  K::Attachment, K::Buttons, K::Custom};
    QTRY_COMPARE(messages.size(), expected.size());
    QTRY_COMPARE(delivered.size(), commands.size());
    for (int i = 0; i < expected.size(); ++i)
        QCOMPARE(messages.at(i).at(0).value<BotMessage>().kind(), expected.at(i));
    // Rasa's callback channel ignores metadata.
    QCOMPARE(messages.at(3).at(0).value<BotMessage>().custom,
             QJsonValue(QJsonObject{{QStringLiteral("metadata"), QJsonObject()}}));
    QCOMPARE(errors.size(), 0);
}

void tst_CallbackChannel::onlyOwnRecipientAndBothBodyShapes()
{
    CallbackChannelOptions o;
    o.senderId = QStringLiteral("me");
    CallbackChannel channel(o);
    QString error;
    QVERIFY(channel.listen(&error));
    QSignalSpy messages(&channel, &ChatChannel::botMessage);
    RawClient c(channel.receiverUrl().port());
    c.send(RawClient::request("POST", "/any/path", R"({"recipient_id":"me","text":"one"})"));
    QCOMPARE(c.read()->status, 200);
    c.send(RawClient::request(
        "POST", "/", R"([{"recipient_id":"someone else","text":"x"},{"recipient_id":"me","text":"two"}])"));
    QCOMPARE(c.read()->status, 200);
    c.send(RawClient::request("POST", "/", R"("just a string")"));
    const auto bad = c.read();
    QCOMPARE(bad->status, 400);
    QTRY_COMPARE(messages.size(), 2);
    QCOMPARE(*messages.at(0).at(0).value<BotMessage>().text, QStringLiteral("one"));
    QCOMPARE(*messages.at(1).at(0).value<BotMessage>().text, QStringLiteral("two"));
}

void tst_CallbackChannel::receiverDownForAWhileLosesNothing()
{
    Setup s = setUp(QStringLiteral("cb-down"));
    QSignalSpy confirmed(s.channel.get(), &ChatChannel::sessionConfirmed);
    QSignalSpy messages(s.channel.get(), &ChatChannel::botMessage);
    s.channel->open();
    QVERIFY(confirmed.wait());

    s.channel->close(); // the receiver goes down
    QSignalSpy retrying(s.mock->outbox(), &Outbox::retrying);
    QSignalSpy dropped(s.mock->outbox(), &Outbox::dropped);
    RawClient webhook(s.mock->port());
    for (int i = 0; i < 5; ++i) {
        webhook.send(RawClient::request("POST", "/webhooks/callback/webhook",
                                        QByteArray(R"({"sender":"cb-down","message":"m)") +
                                            QByteArray::number(i) + "\"}"));
        QCOMPARE(webhook.read()->body, QByteArray("success"));
    }
    QVERIFY(retrying.wait()); // the outbox saw the receiver down ...
    QTRY_VERIFY(retrying.size() >= 3);
    QCOMPARE(messages.size(), 0);

    s.channel->open(); // ... and the receiver comes back on the same port
    QTRY_COMPARE(messages.size(), 5);
    for (int i = 0; i < 5; ++i)
        QCOMPARE(*messages.at(i).at(0).value<BotMessage>().text, QStringLiteral("you said: m%1").arg(i));
    QCOMPARE(dropped.size(), 0);
    QTRY_COMPARE(s.mock->outbox()->queuedMessages(), 0);
}

void tst_CallbackChannel::receiverPortInUse()
{
    QTcpServer occupier;
    QVERIFY(occupier.listen(QHostAddress::LocalHost, 0));
    CallbackChannelOptions o;
    o.serverUrl = QUrl(QStringLiteral("http://127.0.0.1:9"));
    o.receiverPort = occupier.serverPort();
    CallbackChannel channel(o);
    QSignalSpy errors(&channel, &ChatChannel::errorOccurred);
    channel.open();
    QCOMPARE(errors.size(), 1);
    const auto e = errors.at(0).at(0).value<ChannelError>();
    QCOMPARE(e.kind, ChannelError::Kind::Configuration);
    QVERIFY2(e.message.startsWith(
                 QStringLiteral("cannot listen for callbacks on 127.0.0.1:%1").arg(o.receiverPort)),
             qPrintable(e.message));
    QCOMPARE(channel.state(), ChatChannel::State::Disconnected);
}

// A callback POST over the receiver's body limit is refused (413) before it is read; the bot message in it
// cannot be shown, which the channel says rather than losing it without a word.
void tst_CallbackChannel::oversizedCallbackIsAnErrorNotALoss()
{
    CallbackChannelOptions o;
    o.senderId = QStringLiteral("me");
    CallbackChannel channel(o);
    QString error;
    QVERIFY(channel.listen(&error));
    QSignalSpy errors(&channel, &ChatChannel::errorOccurred);
    RawClient c(channel.receiverUrl().port());
    c.send(
        "POST /bot HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2000000\r\n\r\n" +
        QByteArray(R"({"recipient_id":"me","text":")"));
    QCOMPARE(c.read()->status, 413);
    QTRY_COMPARE(errors.size(), 1);
    const auto e = errors.at(0).at(0).value<ChannelError>();
    QCOMPARE(e.kind, ChannelError::Kind::Protocol);
    QCOMPARE(e.reason, ChannelError::Reason::ReplyTooLarge);
    QCOMPARE(e.message,
             QStringLiteral("a bot message was lost: the server's callback POST (2000000 bytes) is over "
                            "the receiver's limit of 1000000 bytes, so it was refused"));
}

QTEST_GUILESS_MAIN(tst_CallbackChannel)
#include "tst_callbackchannel.moc"
