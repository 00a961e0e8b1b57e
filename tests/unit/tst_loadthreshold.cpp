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

QTEST_APPLESS_MAIN(tst_LoadThreshold)
#include "tst_loadthreshold.moc"
