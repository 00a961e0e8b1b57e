#include "probe/latencyhistogram.h"

#include <QJsonArray>
#include <QTest>

using namespace rasachat;

class tst_LatencyHistogram : public QObject
{
    Q_OBJECT
private slots:
    void bucketBounds_data();
    void bucketBounds();
    void everyBucketHoldsItsValues();
    void percentilesOfKnownValues();
    void mergingEqualsRecordingAll();
    void jsonRoundTrip();
    void malformedJsonIsRefused_data();
    void malformedJsonIsRefused();
};

void tst_LatencyHistogram::bucketBounds_data()
{
    QTest::addColumn<qint64>("micros");
    QTest::addColumn<qint64>("from");
    QTest::addColumn<qint64>("to");
    QTest::newRow("0") << qint64(0) << qint64(0) << qint64(1);
    QTest::newRow("127: exact") << qint64(127) << qint64(127) << qint64(128);
    QTest::newRow("128") << qint64(128) << qint64(128) << qint64(129);
    QTest::newRow("255") << qint64(255) << qint64(255) << qint64(256);
    QTest::newRow("256: width 2") << qint64(257) << qint64(256) << qint64(258);
    QTest::newRow("1 ms: width 4") << qint64(1003) << qint64(1000) << qint64(1004);
    QTest::newRow("100 ms") << qint64(100'000) << qint64(99'840) << qint64(100'352);
    QTest::newRow("1 h") << qint64(3'600'000'000) << qint64(3'590'324'224) << qint64(3'607'101'440);
}

void tst_LatencyHistogram::bucketBounds()
{
    QFETCH(qint64, micros);
    QFETCH(qint64, from);
    QFETCH(qint64, to);
    const int b = LatencyHistogram::bucketOf(micros);
    QCOMPARE(LatencyHistogram::bucketFrom(b), from);
    QCOMPARE(LatencyHistogram::bucketTo(b), to);
    QVERIFY(double(to - from) <= double(from) / 128 + 1); // never wider than 1/128 of its values
}

void tst_LatencyHistogram::everyBucketHoldsItsValues()
{
    for (int b = 0; b < 128 * 30; ++b) {
        QCOMPARE(LatencyHistogram::bucketOf(LatencyHistogram::bucketFrom(b)), b);
        QCOMPARE(LatencyHistogram::bucketOf(LatencyHistogram::bucketTo(b) - 1), b);
        QCOMPARE(LatencyHistogram::bucketFrom(b + 1), LatencyHistogram::bucketTo(b));
    }
}

void tst_LatencyHistogram::percentilesOfKnownValues()
{
    LatencyHistogram h;
    QCOMPARE(h.percentile(50), 0.0);
    for (int i = 1; i <= 100; ++i) // 1..100 µs: each value has its own bucket
        h.record(i);
    QCOMPARE(h.count(), 100);
    QCOMPARE(h.percentile(50), 50.0);
    QCOMPARE(h.percentile(99), 99.0);
    QCOMPARE(h.percentile(100), 100.0);
    QCOMPARE(h.min(), 1);
    QCOMPARE(h.max(), 100);

    LatencyHistogram ms; // 1000 values of 10 ms and 10 of 500 ms
    for (int i = 0; i < 1000; ++i)
        ms.record(10'000);
    for (int i = 0; i < 10; ++i)
        ms.record(500'000);
    // the middle of the bucket [9984, 10048), and the largest value for the top bucket
    QCOMPARE(ms.percentile(50), 10'015.5);
    QCOMPARE(ms.percentile(99), 10'015.5);
    QCOMPARE(ms.percentile(99.9), 500'000.0);
    LatencyHistogram one;
    one.record(12'345);
    QCOMPARE(one.percentile(50), 12'345.0);
    LatencyHistogram spread; // a bucket's middle, within 0.4 %
    spread.record(100'000);
    spread.record(100'300);
    spread.record(200'000);
    QVERIFY(qAbs(spread.percentile(50) - 100'100) < 0.004 * 100'100);
}

void tst_LatencyHistogram::mergingEqualsRecordingAll()
{
    LatencyHistogram a, b, all;
    for (qint64 v = 1; v < 5'000'000; v = v * 3 / 2 + 7) {
        (v % 2 ? a : b).record(v);
        all.record(v);
    }
    a.add(b);
    QCOMPARE(a.toJson(), all.toJson());
    for (double p : {50.0, 90.0, 95.0, 99.0, 99.9})
        QCOMPARE(a.percentile(p), all.percentile(p));
}

void tst_LatencyHistogram::jsonRoundTrip()
{
    LatencyHistogram h;
    h.record(900);
    h.record(1000);
    h.record(1003);
    const QJsonObject o = h.toJson();
    QCOMPARE(o.value(u"buckets").toArray(), (QJsonArray{QJsonArray{900, 904, 1}, QJsonArray{1000, 1004, 2}}));
    QCOMPARE(o.value(u"count").toInt(), 3);
    QString error;
    const auto back = LatencyHistogram::fromJson(o, &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(back->toJson(), o);
}

void tst_LatencyHistogram::malformedJsonIsRefused_data()
{
    QTest::addColumn<QByteArray>("change");
    QTest::newRow("other unit") << QByteArray("unit");
    QTest::newRow("bucket not on the grid") << QByteArray("grid");
    QTest::newRow("count does not add up") << QByteArray("count");
    QTest::newRow("max outside the buckets") << QByteArray("max");
}

void tst_LatencyHistogram::malformedJsonIsRefused()
{
    QFETCH(QByteArray, change);
    LatencyHistogram h;
    h.record(1000);
    QJsonObject o = h.toJson();
    if (change == "unit")
        o.insert(u"unit", QStringLiteral("ms"));
    else if (change == "grid")
        o.insert(u"buckets", QJsonArray{QJsonArray{1001, 1005, 1}});
    else if (change == "count")
        o.insert(u"count", 2);
    else
        o.insert(u"max", 5000);
    QString error;
    QVERIFY(!LatencyHistogram::fromJson(o, &error));
    QVERIFY(!error.isEmpty());
}

QTEST_APPLESS_MAIN(tst_LatencyHistogram)
#include "tst_latencyhistogram.moc"
