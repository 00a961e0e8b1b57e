#include "probe/loadcommand.h"
#include "server/mockserver.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>
#include <QTextStream>
#include <QTimer>

using namespace rasachat;

// rasa-probe load against an in-process rasa-mock: every figure of the report has a known answer.
class tst_LoadCommand : public QObject
{
    Q_OBJECT
private slots:
    void latencyStartsWhenTheMessageIsSent_data();
    void latencyStartsWhenTheMessageIsSent();
    void lateRepliesAreNeverAnswers_data();
    void lateRepliesAreNeverAnswers();
    void aProbeThatCannotKeepUpSaysSo();
    void sendsRefusedAfterTheServerDiedAreErrors_data();
    void sendsRefusedAfterTheServerDiedAreErrors();
    void sessionsBeyondTheConnectionCapAreErrors();

private:
    struct Run
    {
        int exitCode = -1;
        QJsonObject report;
        QString err;
    };
    static std::unique_ptr<MockServer> startMock(int delayMs, int maxConnections = 4096);
    // whileRunning is called once the probe has said that it started sending.
    static Run run(LoadOptions options, const std::function<void()> &whileRunning = {});
};

std::unique_ptr<MockServer> tst_LoadCommand::startMock(int delayMs, int maxConnections)
{
    MockOptions options;
    options.port = 0;
    options.bot = QStringLiteral("echo");
    options.delayMs = delayMs;
    options.limits.maxConnections = maxConnections;
    auto mock = std::make_unique<MockServer>(options);
    QString error;
    if (!mock->start(&error))
        qFatal("%s", qPrintable(error));
    return mock;
}

tst_LoadCommand::Run tst_LoadCommand::run(LoadOptions options, const std::function<void()> &whileRunning)
{
    Run r;
    QString out;
    QTextStream outStream(&out);
    QTextStream errStream(&r.err);
    options.json = true;
    LoadCommand command(options, outStream, errStream);
    QSignalSpy finished(&command, &LoadCommand::finished);
    command.start();
    if (whileRunning) {
        if (!QTest::qWaitFor([&r] { return r.err.contains(u"sessions open"); }, 30'000))
            return r; // never started: exitCode stays -1 and the caller's checks fail
        whileRunning();
    }
    // Generous: the runs below take 1-5 s, longer under a sanitizer on a busy machine.
    if (!finished.wait(60'000) && finished.isEmpty())
        return r;
    r.exitCode = finished.first().first().toInt();
    outStream.flush();
    errStream.flush();
    r.report = QJsonDocument::fromJson(out.toUtf8()).object();
    return r;
}

static LoadOptions options(const QUrl &url, const QString &channel, int sessions, double rate,
                           double duration, int timeoutMs)
{
    LoadOptions o;
    o.channel.kind = channel;
    o.channel.serverUrl = url;
    o.channel.transport = QStringLiteral("websocket");
    o.sessions = sessions;
    o.rate = rate;
    o.durationS = duration;
    o.timeoutMs = timeoutMs;
    return o;
}

static qint64 count(const QJsonObject &report, QStringView key)
{
    return qint64(report.value(key).toDouble(-1));
}

void tst_LoadCommand::latencyStartsWhenTheMessageIsSent_data()
{
    QTest::addColumn<QString>("channel");
    QTest::newRow("rest") << QStringLiteral("rest");
    QTest::newRow("socketio") << QStringLiteral("socketio");
}

// The bot thinks for 100 ms and messages go every 500 ms: each latency is 100 ms and a little, never
// 100 ms plus a send interval (the schedule's slot before the message left).
void tst_LoadCommand::latencyStartsWhenTheMessageIsSent()
{
    QFETCH(QString, channel);
    auto mock = startMock(100);
    const Run r = run(options(mock->url(), channel, 1, 2, 2, 5000));
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(count(r.report, u"sent"), 4);
    QCOMPARE(count(r.report, u"answered"), 4);
    const double p50 = r.report.value(u"p50_ms").toDouble();
    QVERIFY2(p50 >= 100 && p50 < 350, qPrintable(QString::number(p50)));
    QVERIFY2(r.report.value(u"max_ms").toDouble() < 350, qPrintable(r.report.value(u"max_ms").toString()));
}

// The bot needs 600 ms, the probe waits 300: nothing is answered in time, however the replies pair up;
// the replies that do come are late.
void tst_LoadCommand::lateRepliesAreNeverAnswers_data()
{
    QTest::addColumn<QString>("channel");
    QTest::newRow("rest") << QStringLiteral("rest");
    QTest::newRow("socketio") << QStringLiteral("socketio");
}

void tst_LoadCommand::lateRepliesAreNeverAnswers()
{
    QFETCH(QString, channel);
    auto mock = startMock(600);
    const Run r = run(options(mock->url(), channel, 2, 10, 2, 300));
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(count(r.report, u"sent"), 20);
    QCOMPARE(count(r.report, u"answered"), 0);
    QCOMPARE(count(r.report, u"timeouts"), 20);
    QCOMPARE(count(r.report, u"errors"), 0);
    QVERIFY2(count(r.report, u"late") >= 1, qPrintable(r.err));
    QVERIFY(count(r.report, u"late") <= 20);
    QCOMPARE(r.report.value(u"p50_ms").toDouble(), 0.0);
}

// Ten million messages a second cannot be sent: the report says how many were due and how many went,
// and a warning says that the probe, not the server, was the limit.
void tst_LoadCommand::aProbeThatCannotKeepUpSaysSo()
{
    auto mock = startMock(0);
    const Run r = run(options(mock->url(), QStringLiteral("rest"), 1, 10'000'000, 0.3, 200));
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(count(r.report, u"scheduled"), 3'000'000);
    QVERIFY(count(r.report, u"sent") > 0);
    QVERIFY2(count(r.report, u"sent") < 3'000'000 * 95 / 100,
             qPrintable(QString::number(count(r.report, u"sent"))));
    QVERIFY2(r.err.contains(u"could not keep up"), qPrintable(r.err));
}

void tst_LoadCommand::sendsRefusedAfterTheServerDiedAreErrors_data()
{
    QTest::addColumn<QString>("channel");
    QTest::newRow("rest") << QStringLiteral("rest");
    QTest::newRow("socketio") << QStringLiteral("socketio");
}

// The server goes away half-way: what was sent after that was refused (an error), not unanswered.
void tst_LoadCommand::sendsRefusedAfterTheServerDiedAreErrors()
{
    QFETCH(QString, channel);
    auto mock = startMock(0);
    const Run r = run(options(mock->url(), channel, 2, 20, 2, 10'000),
                      [&] { QTimer::singleShot(600, [&] { mock.reset(); }); });
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(count(r.report, u"sent"), 40);
    QCOMPARE(count(r.report, u"timeouts"), 0);
    QVERIFY2(count(r.report, u"answered") >= 1, qPrintable(r.err));
    QVERIFY2(count(r.report, u"errors") >= 10, qPrintable(r.err));
    QCOMPARE(count(r.report, u"answered") + count(r.report, u"errors"), 40);
}

// The server takes two connections; the other two sessions are refused (503). The run goes on with the
// two, and what the refused ones would have sent counts as errors, not as "cannot reach".
void tst_LoadCommand::sessionsBeyondTheConnectionCapAreErrors()
{
    auto mock = startMock(0, 2);
    const Run r = run(options(mock->url(), QStringLiteral("rest"), 4, 20, 1, 5000));
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(count(r.report, u"sent"), 20);
    QCOMPARE(count(r.report, u"answered"), 10);
    QCOMPARE(count(r.report, u"errors"), 10);
    QCOMPARE(count(r.report, u"timeouts"), 0);
    QVERIFY2(r.err.contains(u"2 of 4 sessions"), qPrintable(r.err));
}

QTEST_GUILESS_MAIN(tst_LoadCommand)
#include "tst_loadcommand.moc"
