#include "fakeservers.h"
#include "probe/sendcommand.h"

#include <QSignalSpy>
#include <QTest>
#include <QTextStream>

using namespace rasachat;

// `rasa-probe send` (SendCommand, in process) against servers that misbehave: its exit code and the
// one line on stderr are what a user and a CI script rely on. Exit 0 only when everything asked for
// happened; 3 with the reason otherwise.
class tst_SendCommand : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void serverDisconnect_data();
    void serverDisconnect();

private:
    struct Outcome
    {
        int exitCode = -1;
        QString out;
        QString err;
    };
    static Outcome run(const SendOptions &options);
    static SendOptions socketio(const QUrl &url, const QStringList &messages);
};

void tst_SendCommand::initTestCase()
{
    qRegisterMetaType<ChannelError>();
}

tst_SendCommand::Outcome tst_SendCommand::run(const SendOptions &options)
{
    Outcome o;
    QTextStream out(&o.out);
    QTextStream err(&o.err);
    SendCommand command(options, out, err);
    QSignalSpy finished(&command, &SendCommand::finished);
    command.start();
    if (finished.isEmpty() && !finished.wait(options.timeoutMs + 10'000))
        return o;
    o.exitCode = finished.at(0).at(0).toInt();
    return o;
}

SendOptions tst_SendCommand::socketio(const QUrl &url, const QStringList &messages)
{
    SendOptions o;
    o.channel.kind = QStringLiteral("socketio");
    o.channel.serverUrl = url;
    o.channel.transport = QStringLiteral("websocket");
    o.messages = messages;
    o.quietMs = 200;
    o.timeoutMs = 10'000;
    return o;
}

void tst_SendCommand::serverDisconnect_data()
{
    QTest::addColumn<QStringList>("frames"); // what the server answers to the user message
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("out");
    QTest::newRow("before any answer") << QStringList{QStringLiteral("41")} << 3 << QString();
    QTest::newRow("after the answer, unacked")
        << QStringList{QStringLiteral(R"(42["bot_uttered",{"text":"bye"}])"), QStringLiteral("41")} << 0
        << QStringLiteral("{\"text\":\"bye\"}\n");
    QTest::newRow("after the answer and the ack")
        << QStringList{QStringLiteral(R"(42["bot_uttered",{"text":"bye"}])"), QStringLiteral("430[]"),
                       QStringLiteral("41")}
        << 0 << QStringLiteral("{\"text\":\"bye\"}\n");
}

void tst_SendCommand::serverDisconnect()
{
    // python-socketio's disconnect(sid) is a normal server action: it crashed rasa-probe (SIGSEGV).
    QFETCH(QStringList, frames);
    QFETCH(int, exitCode);
    QFETCH(QString, out);
    FakeSioServer server;
    QVERIFY(server.listen());
    server.onFrame = [frames](FakeSioServer &s, const QString &frame) {
        if (frame.startsWith(uR"(420["user_uttered")"))
            for (const QString &f : frames)
                s.sendText(f);
    };
    const Outcome o = run(socketio(server.url(), {QStringLiteral("hi")}));
    QCOMPARE(o.exitCode, exitCode);
    QCOMPARE(o.out, out);
    QVERIFY2(o.err.contains(QStringLiteral("the server ended the session (io server disconnect)")) ==
                 (exitCode != 0),
             qPrintable(o.err));
    QCOMPARE(server.connections, 1); // and no reconnect
}

QTEST_GUILESS_MAIN(tst_SendCommand)
#include "tst_sendcommand.moc"
