#include "probe/loadresult.h"
#include "probe/loadthreshold.h"

#include <QTest>

using namespace rasachat;

class tst_LoadThreshold : public QObject
{
    Q_OBJECT
private slots:
    void verdicts_data();
    void verdicts();
    void malformed_data();
    void malformed();
    void verdictOfARun();
};

// 1000 sent of 1000 scheduled; 990 answered at 10 ms and one at 80 ms...; 5 errors, 4 timeouts, 1 late.
static LoadResult sample()
{
    LoadResult r;
    r.scheduled = 1000;
    r.sent = 1000;
    r.answered = 991;
    r.errors = 5;
    r.timeouts = 4;
    r.late = 1;
    r.throughput = 99.1;
    for (int i = 0; i < 990; ++i)
        r.latency.record(10'000);
    r.latency.record(80'000);
    return r;
}

void tst_LoadThreshold::verdicts_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("crossed"); // empty: it holds
    QTest::newRow("p99 holds") << QStringLiteral("p99<50ms") << QString();
    QTest::newRow("max crossed") << QStringLiteral("max<50ms")
                                 << QStringLiteral("max<50ms (max was 80.00 ms)");
    QTest::newRow("p99.9 in seconds") << QStringLiteral("p99.9<=1s") << QString();
    QTest::newRow("p999 as in the json")
        << QStringLiteral("p999<20ms") << QStringLiteral("p999<20ms (p999 was 80.00 ms)");
    QTest::newRow("p50 in microseconds")
        << QStringLiteral("p50 < 9000us") << QStringLiteral("p50<9000us (p50 was 10.02 ms)");
    QTest::newRow("error share") << QStringLiteral("errors<0.1%")
                                 << QStringLiteral("errors<0.1% (errors was 0.5%)");
    QTest::newRow("error share holds") << QStringLiteral("errors<=0.5%") << QString();
    QTest::newRow("timeouts none") << QStringLiteral("timeouts==0")
                                   << QStringLiteral("timeouts==0 (timeouts was 4)");
    QTest::newRow("late count") << QStringLiteral("late<2") << QString();
    QTest::newRow("sent share of scheduled") << QStringLiteral("sent>=95%") << QString();
    QTest::newRow("throughput") << QStringLiteral("throughput>100")
                                << QStringLiteral("throughput>100 (throughput was 99.1/s)");
    QTest::newRow("answered not equal")
        << QStringLiteral("answered!=991") << QStringLiteral("answered!=991 (answered was 991)");
}

void tst_LoadThreshold::verdicts()
{
    QFETCH(QString, text);
    QFETCH(QString, crossed);
    QString error;
    const auto t = LoadThreshold::parse(text, &error);
    QVERIFY2(t, qPrintable(error));
    QCOMPARE(t->crossed(sample()), crossed);
}

void tst_LoadThreshold::malformed_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("empty") << QString();
    QTest::newRow("no operator") << QStringLiteral("p99 50ms");
    QTest::newRow("unknown metric") << QStringLiteral("latency<50ms");
    QTest::newRow("percent latency") << QStringLiteral("p99<5%");
    QTest::newRow("unit on a count") << QStringLiteral("errors<5ms");
    QTest::newRow("percentile over 100") << QStringLiteral("p101<5ms");
    QTest::newRow("no value") << QStringLiteral("p99<");
    QTest::newRow("a single =") << QStringLiteral("timeouts=0");
}

void tst_LoadThreshold::malformed()
{
    QFETCH(QString, text);
    QString error;
    QVERIFY(!LoadThreshold::parse(text, &error));
    QVERIFY2(error.startsWith(u"--threshold \""), qPrintable(error));
}

void tst_LoadThreshold::verdictOfARun()
{
    QStringList why;
    QCOMPARE(LoadThreshold::verdict(sample(), {}, &why), 1); // errors and timeouts, no thresholds
    QCOMPARE(why, QStringList());
    LoadResult clean = sample();
    clean.errors = clean.timeouts = clean.late = 0;
    QCOMPARE(LoadThreshold::verdict(clean, {}, &why), 0);
    clean.sent = 949; // the probe fell behind
    QCOMPARE(LoadThreshold::verdict(clean, {}, &why), 1);
    QCOMPARE(why.size(), 1);
    QVERIFY2(why.first().startsWith(u"warning: sent 949 of 1000 scheduled messages (94.9 %)"),
             qPrintable(why.first()));
    why.clear();
    QString error;
    const QList<LoadThreshold> ts{*LoadThreshold::parse(QStringLiteral("errors<1%"), &error),
                                  *LoadThreshold::parse(QStringLiteral("p99<5ms"), &error)};
    QCOMPARE(LoadThreshold::verdict(sample(), ts, &why), 1); // thresholds decide: only p99 is crossed
    QCOMPARE(why, QStringList{QStringLiteral("threshold crossed: p99<5ms (p99 was 10.02 ms)")});
}

QTEST_APPLESS_MAIN(tst_LoadThreshold)
#include "tst_loadthreshold.moc"
