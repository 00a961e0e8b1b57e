#include "callback/outbox.h"
#include "http/httpresponder.h"
#include "http/httpserver.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace rasachat;

// The callback outbox on its own: endpoint settings on the wire, order per recipient, retries,
// the retry window and the memory bound.
class tst_Outbox : public QObject
{
    Q_OBJECT
private slots:
    void postsWithEndpointSettings();
    void perRecipientOrderAcrossRetries();
    void givesUpAfterRetryWindow();
    void boundedMemoryDropsWithReason();
    void refusalIsNotRetried();
    void abandonSaysHowManyForHowManySenders();
    void senderIdCannotForgeALogLine();
};

namespace {

// Collects the log lines written while it lives.
class LogCapture
{
public:
    LogCapture()
    {
        s_lines.clear();
        m_previous = qInstallMessageHandler(&LogCapture::handle);
    }
    ~LogCapture() { qInstallMessageHandler(m_previous); }
    const QStringList &lines() const { return s_lines; }

private:
    static void handle(QtMsgType, const QMessageLogContext &context, const QString &message)
    {
        s_lines.append(QString::fromLatin1(context.category) + QStringLiteral(": ") + message);
    }
    static inline QStringList s_lines;
    QtMessageHandler m_previous;
};

} // namespace

static quint16 unusedPort()
{
    QTcpServer s;
    s.listen(QHostAddress::LocalHost, 0);
    return s.serverPort();
}

void tst_Outbox::postsWithEndpointSettings()
{
    HttpServer receiver;
    QList<HttpRequest> got;
    receiver.setFallback([&got](const HttpRequest &r, HttpResponder *resp) {
        got.append(r);
        resp->send(HttpResponse::json(200, "{}"));
    });
    QVERIFY(receiver.listen(QHostAddress::LocalHost, 0));
    CallbackSettings settings;
    settings.url = QStringLiteral("http://127.0.0.1:%1/bot").arg(receiver.serverPort());
    settings.headers.insert(QStringLiteral("X-Api-Key"), QStringLiteral("abc"));
    settings.params.insert(QStringLiteral("tenant"), QStringLiteral("t1"));
    settings.token = QStringLiteral("secret");
    settings.basicAuthUser = QStringLiteral("user");
    settings.basicAuthPassword = QStringLiteral("pass");
    Outbox outbox(settings, OutboxOptions{});
    outbox.post(QStringLiteral("u1"), R"({"recipient_id": "u1", "text": "hi"})");
    QTRY_COMPARE(got.size(), 1);
    const HttpRequest &r = got.first();
    QCOMPARE(r.method, QByteArray("POST"));
    QCOMPARE(r.path, QStringLiteral("/bot"));
    QCOMPARE(r.query.queryItemValue(QStringLiteral("tenant")), QStringLiteral("t1"));
    QCOMPARE(r.query.queryItemValue(QStringLiteral("token")), QStringLiteral("secret"));
    QCOMPARE(r.header("x-api-key"), QByteArray("abc"));
    QCOMPARE(r.header("content-type"), QByteArray("application/json"));
    QCOMPARE(r.header("authorization"), "Basic " + QByteArray("user:pass").toBase64());
    QCOMPARE(r.body, QByteArray(R"({"recipient_id": "u1", "text": "hi"})"));
}

void tst_Outbox::perRecipientOrderAcrossRetries()
{
    const quint16 port = unusedPort();
    CallbackSettings settings;
    settings.url = QStringLiteral("http://127.0.0.1:%1/").arg(port);
    OutboxOptions options;
    options.firstRetryMs = 10;
    options.maxRetryMs = 50;
    Outbox outbox(settings, options);
    QSignalSpy retrying(&outbox, &Outbox::retrying);
    for (int i = 0; i < 4; ++i) {
        outbox.post(QStringLiteral("a"), "a" + QByteArray::number(i));
        outbox.post(QStringLiteral("b"), "b" + QByteArray::number(i));
    }
    QTRY_VERIFY(retrying.size() >= 4); // both recipients found the receiver down

    HttpServer receiver;
    QByteArrayList got;
    receiver.setFallback([&got](const HttpRequest &r, HttpResponder *resp) {
        got.append(r.body);
        resp->send(HttpResponse::json(200, "{}"));
    });
    QVERIFY(receiver.listen(QHostAddress::LocalHost, port));
    QTRY_COMPARE(got.size(), 8);
    QByteArrayList a, b;
    for (const QByteArray &body : got)
        (body.startsWith('a') ? a : b).append(body);
    QCOMPARE(a, QByteArrayList({"a0", "a1", "a2", "a3"}));
    QCOMPARE(b, QByteArrayList({"b0", "b1", "b2", "b3"}));
    QTRY_COMPARE(outbox.queuedMessages(), 0);
}

void tst_Outbox::givesUpAfterRetryWindow()
{
    CallbackSettings settings;
    settings.url = QStringLiteral("http://127.0.0.1:%1/").arg(unusedPort());
    OutboxOptions options;
    options.firstRetryMs = 10;
    options.maxRetryMs = 20;
    options.retryWindowMs = 150;
    Outbox outbox(settings, options);
    QSignalSpy dropped(&outbox, &Outbox::dropped);
    outbox.post(QStringLiteral("a"), "1");
    outbox.post(QStringLiteral("a"), "2");
    QTRY_COMPARE(dropped.size(), 2);
    QVERIFY2(dropped.at(0).at(1).toString().startsWith(QStringLiteral("not delivered after")),
             qPrintable(dropped.at(0).at(1).toString()));
    QCOMPARE(outbox.queuedMessages(), 0);
}

void tst_Outbox::boundedMemoryDropsWithReason()
{
    CallbackSettings settings;
    settings.url = QStringLiteral("http://127.0.0.1:%1/").arg(unusedPort());
    OutboxOptions options;
    options.maxQueuedMessages = 3;
    Outbox outbox(settings, options);
    QSignalSpy dropped(&outbox, &Outbox::dropped);
    for (int i = 0; i < 5; ++i)
        outbox.post(QStringLiteral("a"), "x");
    QCOMPARE(dropped.size(), 2);
    QVERIFY(dropped.at(0).at(1).toString().startsWith(QStringLiteral("outbox full (3 messages")));
    QCOMPARE(outbox.queuedMessages(), 3);
}

void tst_Outbox::refusalIsNotRetried()
{
    HttpServer receiver;
    int calls = 0;
    receiver.setFallback([&calls](const HttpRequest &, HttpResponder *resp) {
        ++calls;
        resp->send(HttpResponse::error(403, QStringLiteral("Forbidden"), QStringLiteral("no")));
    });
    QVERIFY(receiver.listen(QHostAddress::LocalHost, 0));
    CallbackSettings settings;
    settings.url = QStringLiteral("http://127.0.0.1:%1/").arg(receiver.serverPort());
    Outbox outbox(settings, OutboxOptions{});
    QSignalSpy delivered(&outbox, &Outbox::delivered);
    QSignalSpy retrying(&outbox, &Outbox::retrying);
    outbox.post(QStringLiteral("a"), "1");
    outbox.post(QStringLiteral("a"), "2");
    QTRY_COMPARE(delivered.size(), 2); // as Rasa: logged, and the next message still goes out
    QCOMPARE(delivered.at(0).at(1).toInt(), 403);
    QCOMPARE(retrying.size(), 0);
    QCOMPARE(calls, 2);
}

// At shutdown, what could not be delivered in the drain period is given up with one line saying how much.
void tst_Outbox::abandonSaysHowManyForHowManySenders()
{
    CallbackSettings settings;
    settings.url = QStringLiteral("http://127.0.0.1:%1/bot").arg(unusedPort());
    OutboxOptions options;
    options.firstRetryMs = 10;
    Outbox outbox(settings, options);
    QSignalSpy retrying(&outbox, &Outbox::retrying);
    QSignalSpy emptied(&outbox, &Outbox::emptied);
    for (const char *recipient : {"a", "b", "a"})
        outbox.post(QString::fromLatin1(recipient), "x");
    QTRY_VERIFY(retrying.size() >= 2);
    QCOMPARE(outbox.queuedMessages(), 3);
    QCOMPARE(outbox.queuedRecipients(), 2);
    {
        LogCapture log;
        outbox.abandon(QStringLiteral("shutting down"));
        QCOMPARE(log.lines(),
                 QStringList(
                     QStringLiteral("rasa.callback: callback: 3 messages for 2 senders were not delivered to "
                                    "%1: shutting down")
                         .arg(settings.url)));
    }
    QCOMPARE(outbox.queuedMessages(), 0);
    QCOMPARE(outbox.queuedRecipients(), 0);
    QTest::qWait(50); // retries that were waiting find nothing to send (and do not crash)
    QCOMPARE(emptied.size(), 0);
}

// A sender id is the client's to choose; in the log it cannot start a line of its own.
void tst_Outbox::senderIdCannotForgeALogLine()
{
    CallbackSettings settings;
    settings.url = QStringLiteral("http://127.0.0.1:%1/").arg(unusedPort());
    OutboxOptions options;
    options.maxQueuedMessages = 0;
    Outbox outbox(settings, options);
    LogCapture log;
    outbox.post(QStringLiteral("x)\nrasa.callback: FORGED\x1b[2K"), "x");
    QCOMPARE(log.lines().size(), 1);
    const QString line = log.lines().first();
    QVERIFY2(!line.contains(u'\n') && !line.contains(QChar(0x1b)), qPrintable(line));
    QVERIFY2(line.contains(QStringLiteral("for x)\\nrasa.callback: FORGED\\x1b[2K - outbox full")),
             qPrintable(line));
}

QTEST_GUILESS_MAIN(tst_Outbox)
#include "tst_outbox.moc"
