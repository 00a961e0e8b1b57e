#include "probe/loadresult.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace rasachat;

class tst_LoadResult : public QObject
{
    Q_OBJECT
private slots:
    void jsonHasEveryKey();
    void jsonRoundTrip();
    void mergeIsExact();
    void notAResultIsRefused_data();
    void notAResultIsRefused();
};

static LoadResult result(qint64 sent, qint64 latencyMicros)
{
    LoadResult r;
    r.channel = QStringLiteral("rest");
    r.sessions = 4;
    r.rate = 100;
    r.durationS = 10;
    r.scheduled = sent;
    r.sent = sent;
    r.answered = sent - 2;
    r.errors = 1;
    r.timeouts = 1;
    r.late = 1;
    r.throughput = 98.5;
    for (qint64 i = 0; i < r.answered; ++i)
        r.latency.record(latencyMicros);
    return r;
}

void tst_LoadResult::jsonHasEveryKey()
{
    const QJsonObject o = QJsonDocument::fromJson(result(100, 2000).toJson()).object();
    for (const char *key :
         {"channel", "sessions", "rate", "duration_s", "scheduled", "sent", "answered", "errors", "timeouts",
          "late", "throughput", "p50_ms", "p90_ms", "p95_ms", "p99_ms", "p999_ms", "max_ms", "histogram"})
        QVERIFY2(o.contains(QLatin1StringView(key)), key);
    QCOMPARE(o.value(u"sent").toInt(), 100);
    QCOMPARE(o.value(u"answered").toInt(), 98);
    QCOMPARE(o.value(u"p50_ms").toDouble(), 2.0);
    QCOMPARE(o.value(u"max_ms").toDouble(), 2.0);
    QVERIFY(!o.contains(u"conversations")); // only for --script runs
}

void tst_LoadResult::jsonRoundTrip()
{
    const LoadResult r = result(100, 2000);
    QString error;
    const auto back = LoadResult::fromJson(r.toJson(), &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(back->toJson(), r.toJson());
}

// Two machines: one fast (1 ms, 300 answers), one slow (50 ms, 100 answers). The merged p50 is the fast
// one's, the p90 the slow one's: percentiles come from the merged histogram, not from averaging.
void tst_LoadResult::mergeIsExact()
{
    LoadResult merged = result(302, 1000);
    merged.add(result(102, 50'000));
    QCOMPARE(merged.sent, 404);
    QCOMPARE(merged.answered, 400);
    QCOMPARE(merged.errors, 2);
    QCOMPARE(merged.timeouts, 2);
    QCOMPARE(merged.late, 2);
    QCOMPARE(merged.sessions, 8);
    QCOMPARE(merged.rate, 200.0);
    QCOMPARE(merged.throughput, 197.0);
    QCOMPARE(merged.latency.count(), 400);
    QCOMPARE(merged.percentileMs(50), 1.0015); // the middle of the bucket [1000, 1004) µs
    QCOMPARE(merged.percentileMs(75), 1.0015);
    QCOMPARE(merged.percentileMs(90), 50.0);
    QCOMPARE(merged.maxMs(), 50.0);
    QString error;
    const auto reread = LoadResult::fromJson(merged.toJson(), &error);
    QVERIFY2(reread, qPrintable(error));
    QCOMPARE(reread->toJson(), merged.toJson());
}

void tst_LoadResult::notAResultIsRefused_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("error");
    QTest::newRow("not json") << QByteArray("{") << QStringLiteral("not JSON");
    QTest::newRow("an array") << QByteArray("[]") << QStringLiteral("not a JSON object");
    QTest::newRow("old output") << QByteArray(R"({"sent":1,"answered":1})")
                                << QStringLiteral("no \"histogram\"");
    QTest::newRow("count missing")
        << QByteArray(R"({"histogram":{"unit":"us","sub_buckets":128,"count":0,"buckets":[]}})")
        << QStringLiteral("\"scheduled\" is missing");
}

void tst_LoadResult::notAResultIsRefused()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, error);
    QString got;
    QVERIFY(!LoadResult::fromJson(json, &got));
    QVERIFY2(got.startsWith(error), qPrintable(got));
}

QTEST_APPLESS_MAIN(tst_LoadResult)
#include "tst_loadresult.moc"
