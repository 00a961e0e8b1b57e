#include "http/logsafe.h"

#include <QTest>

using namespace rasachat;

// What clients send reaches the log through logSafe(): nothing in it can start a line, move the cursor
// or reorder the text; everything else is shown as it is.
class tst_LogSafe : public QObject
{
    Q_OBJECT
private slots:
    void text_data();
    void text();
    void bytes_data();
    void bytes();
};

void tst_LogSafe::text_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("logged");
    QTest::newRow("plain") << QStringLiteral("alice-42") << QStringLiteral("alice-42");
    QTest::newRow("forged line") << QStringLiteral("x)\nrasa.callback: FORGED")
                                 << QStringLiteral("x)\\nrasa.callback: FORGED");
    QTest::newRow("cr, tab") << QStringLiteral("a\rb\tc") << QStringLiteral("a\\rb\\tc");
    QTest::newRow("escape sequence") << QStringLiteral("\x1b[2Kgone") << QStringLiteral("\\x1b[2Kgone");
    QTest::newRow("nul, del") << QString(QChar(0)) + QStringLiteral("a\x7f") << QStringLiteral("\\x00a\\x7f");
    QTest::newRow("C1 CSI") << QStringLiteral("a") + QChar(0x9b) + QStringLiteral("31m")
                            << QStringLiteral("a\\x9b31m");
    QTest::newRow("line separator") << QStringLiteral("a") + QChar(0x2028) + QStringLiteral("b")
                                    << QStringLiteral("a\\u{2028}b");
    QTest::newRow("bidi override") << QChar(0x202e) + QStringLiteral("txt.exe")
                                   << QStringLiteral("\\u{202e}txt.exe");
    QTest::newRow("backslash is doubled") << QStringLiteral("a\\nb") << QStringLiteral("a\\\\nb");
    QTest::newRow("letters stay") << QStringLiteral("Grüße, 日本, 🙂")
                                  << QStringLiteral("Grüße, 日本, 🙂");
    QTest::newRow("lone surrogate") << QString(QChar(0xd800)) << QStringLiteral("\\u{d800}");
}

void tst_LogSafe::text()
{
    QFETCH(QString, input);
    QFETCH(QString, logged);
    QCOMPARE(logSafe(input), logged);
}

void tst_LogSafe::bytes_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("logged");
    QTest::newRow("path") << QByteArray("/webhooks/rest/webhook?x=1")
                          << QStringLiteral("/webhooks/rest/webhook?x=1");
    QTest::newRow("newline") << QByteArray("/a\nb") << QStringLiteral("/a\\nb");
    QTest::newRow("high bytes") << QByteArray("/\xc3\xa9\x9b") << QStringLiteral("/\\xc3\\xa9\\x9b");
    QTest::newRow("nul") << QByteArray("a\0b", 3) << QStringLiteral("a\\x00b");
}

void tst_LogSafe::bytes()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, logged);
    QCOMPARE(logSafe(input), logged);
}

QTEST_GUILESS_MAIN(tst_LogSafe)
#include "tst_logsafe.moc"
