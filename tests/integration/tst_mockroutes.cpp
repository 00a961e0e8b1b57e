#include "agent/turnrunner.h"
#include "http/httpserver.h"
#include "rawhttp.h"
#include "server/mockserver.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace rasachat;

// rasa-mock's routes as a foreign client sees them: Rasa's bytes for good requests, a JSON reason for
// every bad one, and a server that keeps serving afterwards.
class tst_MockRoutes : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void infoRoutes_data();
    void infoRoutes();
    void restReplyIsRasasBytes();
    void restStreamIsNdjson();
    void callbackWebhookAnswersSuccess();
    void badInput_data();
    void badInput();
    void stillServesAfterBadInput();
    void corsOnWebhooks();
    void clientsThatLeaveDoNotQueueTurns_data();
    void clientsThatLeaveDoNotQueueTurns();

private:
    std::unique_ptr<MockServer> m_mock;
    quint16 m_port = 0;
};

void tst_MockRoutes::initTestCase()
{
    MockOptions options;
    options.port = 0;
    // A receiver that does not exist: the outbox retries in the background; these tests do not care.
    options.credentials = Credentials::defaults(QStringLiteral("http://127.0.0.1:9/none"));
    options.limits.maxBodyBytes = 4096;
    m_mock = std::make_unique<MockServer>(options);
    QString error;
    QVERIFY2(m_mock->start(&error), qPrintable(error));
    m_port = m_mock->port();
}

void tst_MockRoutes::infoRoutes_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("hello") << QByteArray("/") << QByteArray("text/plain; charset=utf-8")
                           << QByteArray("Hello from Rasa: 3.6.21");
    QTest::newRow("version") << QByteArray("/version") << QByteArray("application/json")
                             << QByteArray(R"({"version":"3.6.21","minimum_compatible_version":"3.5.0"})");
    QTest::newRow("status")
        << QByteArray("/status") << QByteArray("application/json")
        << QByteArray(
               R"({"model_file":"rasa-mock-demo.tar.gz","model_id":"rasa-mock-demo","num_active_training_jobs":0})");
    QTest::newRow("rest health") << QByteArray("/webhooks/rest/") << QByteArray("application/json")
                                 << QByteArray(R"({"status":"ok"})");
    QTest::newRow("callback health") << QByteArray("/webhooks/callback/") << QByteArray("application/json")
                                     << QByteArray(R"({"status":"ok"})");
}

void tst_MockRoutes::infoRoutes()
{
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    RawClient c(m_port);
    c.send(RawClient::request("GET", target));
    const auto r = c.read();
    QVERIFY(r);
    QCOMPARE(r->status, 200);
    QCOMPARE(r->header("content-type"), contentType);
    QCOMPARE(r->body, body);
}

void tst_MockRoutes::restReplyIsRasasBytes()
{
    RawClient c(m_port);
    c.send(RawClient::request("POST", "/webhooks/rest/webhook", R"({"sender":"u1","message":"/image"})"));
    const auto r = c.read();
    QVERIFY(r);
    QCOMPARE(r->status, 200);
    QCOMPARE(r->header("content-type"), QByteArray("application/json"));
    QCOMPARE(r->body, QByteArray(R"([{"recipient_id":"u1","image":"https:\/\/i.imgur.com\/nGF1K8f.jpg"}])"));
}

void tst_MockRoutes::restStreamIsNdjson()
{
    RawClient c(m_port);
    c.send(RawClient::request("POST", "/webhooks/rest/webhook?stream=TRUE",
                              R"({"sender":"u1","message":"/multi"})"));
    const auto r = c.read();
    QVERIFY(r);
    QCOMPARE(r->status, 200);
    QCOMPARE(r->header("content-type"), QByteArray("text/event-stream"));
    QCOMPARE(r->header("transfer-encoding"), QByteArray("chunked"));
    QCOMPARE(r->body, QByteArray("{\"recipient_id\": \"u1\", \"text\": \"first\"}\n"
                                 "{\"recipient_id\": \"u1\", \"text\": \"second\"}\n"));
}

void tst_MockRoutes::callbackWebhookAnswersSuccess()
{
    RawClient c(m_port);
    c.send(RawClient::request("POST", "/webhooks/callback/webhook", R"({"sender":"u1","message":"hi"})"));
    const auto r = c.read();
    QVERIFY(r);
    QCOMPARE(r->status, 200);
    QCOMPARE(r->header("content-type"), QByteArray("text/plain; charset=utf-8"));
    QCOMPARE(r->body, QByteArray("success"));
}

void tst_MockRoutes::badInput_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("messageContains");

    for (const QByteArray &webhook :
         {QByteArray("/webhooks/rest/webhook"), QByteArray("/webhooks/callback/webhook")}) {
        auto row = [&](const char *name) -> QTestData & {
            return QTest::addRow("%s %s", webhook.constData(), name);
        };
        row("not json") << RawClient::request("POST", webhook, "hello") << 400
                        << "the body is not valid JSON";
        row("empty body") << RawClient::request("POST", webhook, "") << 400 << "the request body is empty";
        row("json list") << RawClient::request("POST", webhook, R"([{"message":"hi"}])") << 400
                         << "the body must be a JSON object";
        row("json string") << RawClient::request("POST", webhook, R"("hi")") << 400
                           << "the body must be a JSON object";
        row("no message") << RawClient::request("POST", webhook, R"({"sender":"a"})") << 400
                          << "the body has no 'message'";
        row("message not a string") << RawClient::request("POST", webhook,
                                                          R"({"sender":"a","message":["hi"]})")
                                    << 400 << "'message' must be a string";
        row("sender an object") << RawClient::request("POST", webhook,
                                                      R"({"sender":{"id":1},"message":"hi"})")
                                << 400 << "'sender' must be a string or a number";
        row("body over the limit") << RawClient::request("POST", webhook, QByteArray(5000, ' ')) << 413
                                   << "larger than the limit of 4096 bytes";
        row("wrong method") << RawClient::request("GET", webhook) << 405 << "Method GET not allowed";
    }
    QTest::newRow("unknown route") << RawClient::request("POST", "/webhooks/nope/webhook", "{}") << 404
                                   << "Requested URL /webhooks/nope/webhook not found";
}

void tst_MockRoutes::badInput()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    QFETCH(QString, messageContains);
    RawClient c(m_port);
    c.send(request);
    const auto r = c.read();
    QVERIFY(r);
    QCOMPARE(r->status, status);
    QCOMPARE(r->header("content-type"), QByteArray("application/json"));
    const QJsonObject body = QJsonDocument::fromJson(r->body).object();
    QCOMPARE(body.value(u"status").toString(), QStringLiteral("failure"));
    QCOMPARE(body.value(u"code").toInt(), status);
    QVERIFY2(body.value(u"message").toString().contains(messageContains), r->body.constData());
}

void tst_MockRoutes::stillServesAfterBadInput()
{
    RawClient c(m_port);
    c.send(RawClient::request("POST", "/webhooks/rest/webhook", R"({"sender":7,"message":"hi"})"));
    const auto r = c.read();
    QVERIFY(r);
    QCOMPARE(r->status, 200);
    QCOMPARE(r->body, QByteArray(R"([{"recipient_id":"7","text":"Hey! How are you?"}])"));
}

void tst_MockRoutes::corsOnWebhooks()
{
    RawClient c(m_port);
    c.send(RawClient::request("OPTIONS", "/webhooks/rest/webhook", {},
                              "Origin: http://localhost:8080\r\nAccess-Control-Request-Method: POST\r\n"));
    const auto pre = c.read();
    QVERIFY(pre);
    QCOMPARE(pre->status, 204);
    QCOMPARE(pre->header("access-control-allow-origin"), QByteArray("http://localhost:8080"));
    c.send(RawClient::request("POST", "/webhooks/rest/webhook", R"({"message":"hi"})",
                              "Origin: http://localhost:8080\r\n"));
    const auto r = c.read();
    QVERIFY(r);
    QCOMPARE(r->header("access-control-allow-origin"), QByteArray("http://localhost:8080"));
    QCOMPARE(r->body, QByteArray(R"([{"recipient_id":"default","text":"Hey! How are you?"}])"));
}

void tst_MockRoutes::clientsThatLeaveDoNotQueueTurns_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::newRow("rest") << QByteArray("/webhooks/rest/webhook");
    QTest::newRow("callback") << QByteArray("/webhooks/callback/webhook");
}

// A slow bot (--delay) and clients that send and leave before the answer, one after another: what they
// left behind is not played, so the queue of turns holds no more than the requests still open (it grew
// by one per client that left).
void tst_MockRoutes::clientsThatLeaveDoNotQueueTurns()
{
    QFETCH(QByteArray, path);
    MockOptions options;
    options.port = 0;
    options.bot = QStringLiteral("echo");
    options.delayMs = 600'000; // the first turn is in progress throughout
    options.credentials = Credentials::defaults(QStringLiteral("http://127.0.0.1:9/none"));
    MockServer mock(options);
    QString error;
    QVERIFY2(mock.start(&error), qPrintable(error));
    for (int i = 0; i < 10; ++i) {
        RawClient c(mock.port());
        QVERIFY(c.isConnected());
        c.send(RawClient::request("POST", path, R"({"sender":"s","message":"hi"})"));
        // Closed after the request: the server reads it, then sees the end.
        c.socket().disconnectFromHost();
        QVERIFY(c.waitClosed());
        QTRY_COMPARE(mock.http()->connectionCount(), 0);
        QVERIFY2(mock.turns()->queuedTurns() <= 2,
                 qPrintable(QStringLiteral("%1 turns queued after %2 clients left")
                                .arg(mock.turns()->queuedTurns())
                                .arg(i + 1)));
    }
}

QTEST_GUILESS_MAIN(tst_MockRoutes)
#include "tst_mockroutes.moc"
