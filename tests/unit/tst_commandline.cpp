// CommandLine: the one place rasa-mock and rasa-probe read numbers and report bad options.
#include "config/commandline.h"

#include <QTest>
#include <QTextStream>

using namespace rasachat;

class TstCommandLine : public QObject
{
    Q_OBJECT

private slots:
    void numbersInRangeAreRead();
    void badNumbersAreOneLineAndExitTwo_data();
    void badNumbersAreOneLineAndExitTwo();
    void firstErrorWins();
    void helpNamesTheCommand();
    void unknownOptionIsAUsageError();
};

namespace {

QStringList words(const char *text)
{
    return QString::fromLatin1(text).split(u' ');
}

struct Fixture
{
    QString out, err;
    QTextStream outStream{&out}, errStream{&err};
    CommandLine cli{QStringLiteral("rasa-probe load"), outStream, errStream};
    QCommandLineOption count{QStringLiteral("count"), QStringLiteral("N"), QStringLiteral("N"),
                             QStringLiteral("10")};
    QCommandLineOption delay{QStringLiteral("delay-ms"), QStringLiteral("MS"), QStringLiteral("MS"),
                             QStringLiteral("0")};
    QCommandLineOption port{QStringLiteral("port"), QStringLiteral("PORT"), QStringLiteral("PORT"),
                            QStringLiteral("5005")};
    QCommandLineOption rate{QStringLiteral("rate"), QStringLiteral("R"), QStringLiteral("R"),
                            QStringLiteral("100")};

    Fixture() { cli.parser().addOptions({count, delay, port, rate}); }
    bool parse(QStringList args)
    {
        args.prepend(QStringLiteral("build/bin/rasa-probe"));
        return cli.parse(args);
    }
};

} // namespace

void TstCommandLine::numbersInRangeAreRead()
{
    Fixture f;
    QVERIFY(f.parse(
        {QStringLiteral("--count"), QStringLiteral("3"), QStringLiteral("--rate"), QStringLiteral("0.5")}));
    int count = 0, delay = -1, port = 0;
    double rate = 0;
    f.cli.read(f.count, &count, 1);
    f.cli.read(f.delay, &delay, 0, std::numeric_limits<int>::max(), CommandLine::Unit::Milliseconds);
    f.cli.read(f.port, &port, 0, 65535);
    f.cli.read(f.rate, &rate, 0);
    QVERIFY(!f.cli.failed());
    QCOMPARE(count, 3);
    QCOMPARE(delay, 0); // the default
    QCOMPARE(port, 5005);
    QCOMPARE(rate, 0.5);
    QVERIFY(f.err.isEmpty());
}

void TstCommandLine::badNumbersAreOneLineAndExitTwo_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("error");
    QTest::newRow("zero where positive")
        << words("--count 0")
        << QStringLiteral("rasa-probe load: --count must be a positive number, not '0'\n");
    QTest::newRow("words") << words("--count ten")
                           << QStringLiteral(
                                  "rasa-probe load: --count must be a positive number, not 'ten'\n");
    QTest::newRow("fraction for a count")
        << words("--count 1.5")
        << QStringLiteral("rasa-probe load: --count must be a positive number, not '1.5'\n");
    QTest::newRow("beyond int")
        << words("--count 99999999999")
        << QStringLiteral("rasa-probe load: --count must be a positive number, not '99999999999'\n");
    QTest::newRow("negative delay")
        << words("--delay-ms -1")
        << QStringLiteral(
               "rasa-probe load: --delay-ms must be 0 or a positive number of milliseconds, not '-1'\n");
    QTest::newRow("port range")
        << words("--port 70000")
        << QStringLiteral("rasa-probe load: --port must be a number from 0 to 65535, not '70000'\n");
    QTest::newRow("rate nan") << words("--rate nan")
                              << QStringLiteral(
                                     "rasa-probe load: --rate must be a positive number, not 'nan'\n");
    QTest::newRow("rate inf") << words("--rate inf")
                              << QStringLiteral(
                                     "rasa-probe load: --rate must be a positive number, not 'inf'\n");
}

void TstCommandLine::badNumbersAreOneLineAndExitTwo()
{
    QFETCH(QStringList, args);
    QFETCH(QString, error);
    Fixture f;
    QVERIFY(f.parse(args));
    int count = 7, delay = 0, port = 0;
    double rate = 0;
    f.cli.read(f.count, &count, 1);
    f.cli.read(f.delay, &delay, 0, std::numeric_limits<int>::max(), CommandLine::Unit::Milliseconds);
    f.cli.read(f.port, &port, 0, 65535);
    f.cli.read(f.rate, &rate, 0);
    QVERIFY(f.cli.failed());
    QCOMPARE(f.cli.exitCode(), 2);
    QCOMPARE(f.err, error);
}

void TstCommandLine::firstErrorWins()
{
    Fixture f;
    QVERIFY(f.parse(
        {QStringLiteral("--count"), QStringLiteral("x"), QStringLiteral("--port"), QStringLiteral("y")}));
    int count = 0, port = 0;
    f.cli.read(f.count, &count, 1);
    f.cli.read(f.port, &port, 0, 65535);
    QCOMPARE(f.cli.fail(QStringLiteral("and another thing")), 2);
    QCOMPARE(f.err.count(u'\n'), 1);
    QVERIFY(f.err.contains(QStringLiteral("--count")));
}

void TstCommandLine::helpNamesTheCommand()
{
    Fixture f;
    QVERIFY(!f.parse({QStringLiteral("--help")}));
    QCOMPARE(f.cli.exitCode(), 0);
    QVERIFY2(f.out.startsWith(QStringLiteral("Usage: rasa-probe load [options]")), qPrintable(f.out));
    QVERIFY(f.out.contains(QStringLiteral("--delay-ms <MS>")));
    QVERIFY(f.err.isEmpty());
}

void TstCommandLine::unknownOptionIsAUsageError()
{
    Fixture f;
    QVERIFY(!f.parse({QStringLiteral("--frobnicate")}));
    QCOMPARE(f.cli.exitCode(), 2);
    QCOMPARE(f.err, QStringLiteral("rasa-probe load: Unknown option 'frobnicate'.\n"));
    QVERIFY(f.out.isEmpty());
}

QTEST_GUILESS_MAIN(TstCommandLine)
#include "tst_commandline.moc"
