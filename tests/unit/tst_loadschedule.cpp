#include "probe/loadschedule.h"

#include <QTest>
#include <cmath>

using namespace rasachat;

class tst_LoadSchedule : public QObject
{
    Q_OBJECT
private slots:
    void constantRateSendsAtEveryInterval();
    void stagesRampLinearly();
    void stagesStartFromTheGivenRate();
    void durations_data();
    void durations();
    void badStagesAreRefused_data();
    void badStagesAreRefused();
};

void tst_LoadSchedule::constantRateSendsAtEveryInterval()
{
    const LoadSchedule s = LoadSchedule::constant(10, 2);
    QCOMPARE(s.total(), 20);
    QCOMPARE(s.dueBy(0), 1); // the first message goes at once
    QCOMPARE(s.dueBy(0.099), 1);
    QCOMPARE(s.dueBy(0.1), 2);
    QCOMPARE(s.dueBy(1.95), 20);
    QCOMPARE(s.dueBy(2), 20);
    QCOMPARE(s.dueBy(99), 20);
    QCOMPARE(s.rateAt(1), 10.0);
    QCOMPARE(s.timeOf(0), 0.0);
    QVERIFY(qAbs(s.timeOf(7) - 0.7) < 1e-6);
    QCOMPARE(s.timeOf(20), 2.0); // never: the end
    QCOMPARE(LoadSchedule::constant(400, 2).total(), 800);
    QCOMPARE(LoadSchedule::constant(3, 0.5).total(), 2); // at 0 and 1/3 s
}

void tst_LoadSchedule::stagesRampLinearly()
{
    QString error;
    const auto s = LoadSchedule::parseStages(QStringLiteral("10s:100,20s:100,10s:0"), 0, &error);
    QVERIFY2(s, qPrintable(error));
    QCOMPARE(s->durationS(), 40.0);
    QCOMPARE(s->peakRate(), 100.0);
    QCOMPARE(s->rateAt(5), 50.0);
    QCOMPARE(s->rateAt(20), 100.0);
    QCOMPARE(s->rateAt(35), 50.0);
    QCOMPARE(s->expected(10), 500.0);  // the ramp's triangle
    QCOMPARE(s->expected(30), 2500.0); // and the plateau's rectangle
    QCOMPARE(s->total(), 3000);
    QCOMPARE(s->dueBy(1), 6); // 0.5 * 10/s * 1 s = 5 messages due: indexes 0..5
    QCOMPARE(s->dueBy(40), 3000);
    QVERIFY(qAbs(s->timeOf(500) - 10) < 1e-6); // the end of the ramp
    QVERIFY(qAbs(s->timeOf(125) - 5) < 1e-6);  // a quarter of the triangle: half its time
    QVERIFY(qAbs(s->timeOf(2999) - (40 - std::sqrt(0.2))) <
            1e-5); // the ramp down: 1 left at 40 - sqrt(2/10) s
    QCOMPARE(s->dueBy(s->timeOf(777)), 778);
}

void tst_LoadSchedule::stagesStartFromTheGivenRate()
{
    QString error;
    const auto s = LoadSchedule::parseStages(QStringLiteral("0s:50, 2s:50"), 0, &error);
    QVERIFY2(s, qPrintable(error));
    QCOMPARE(s->total(), 100);
    const auto down = LoadSchedule::parseStages(QStringLiteral("4s:0"), 100, &error);
    QVERIFY2(down, qPrintable(error));
    QCOMPARE(down->total(), 200);
    QCOMPARE(down->rateAt(1), 75.0);
}

void tst_LoadSchedule::durations_data()
{
    QTest::addColumn<QString>("stage");
    QTest::addColumn<double>("seconds");
    QTest::newRow("seconds") << QStringLiteral("30s:1") << 30.0;
    QTest::newRow("bare number") << QStringLiteral("2.5:1") << 2.5;
    QTest::newRow("minutes") << QStringLiteral("2m:1") << 120.0;
    QTest::newRow("compound") << QStringLiteral("1m30s:1") << 90.0;
    QTest::newRow("milliseconds") << QStringLiteral("500ms:1") << 0.5;
    QTest::newRow("hours") << QStringLiteral("1h:1") << 3600.0;
}

void tst_LoadSchedule::durations()
{
    QFETCH(QString, stage);
    QFETCH(double, seconds);
    QString error;
    const auto s = LoadSchedule::parseStages(stage, 0, &error);
    QVERIFY2(s, qPrintable(error));
    QCOMPARE(s->durationS(), seconds);
}

void tst_LoadSchedule::badStagesAreRefused_data()
{
    QTest::addColumn<QString>("stages");
    QTest::newRow("empty") << QString();
    QTest::newRow("no target") << QStringLiteral("30s");
    QTest::newRow("no duration") << QStringLiteral(":100");
    QTest::newRow("unknown unit") << QStringLiteral("30d:100");
    QTest::newRow("negative rate") << QStringLiteral("30s:-5");
    QTest::newRow("trailing comma") << QStringLiteral("30s:5,");
    QTest::newRow("bare number then more") << QStringLiteral("30 5s:5");
    QTest::newRow("no time at all") << QStringLiteral("0s:100");
}

void tst_LoadSchedule::badStagesAreRefused()
{
    QFETCH(QString, stages);
    QString error;
    QVERIFY(!LoadSchedule::parseStages(stages, 0, &error));
    QVERIFY2(error.startsWith(u"--stages: "), qPrintable(error));
}

QTEST_APPLESS_MAIN(tst_LoadSchedule)
#include "tst_loadschedule.moc"
