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
    void lostBotMessageIsAProtocolError_data();
    void lostBotMessageIsAProtocolError();
    void cutRestReply_data();
    void cutRestReply();
    void restReplyOverTheLimit();
    void cutCallbackAnswer();

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

void tst_SendCommand::lostBotMessageIsAProtocolError_data()
{
    QTest::addColumn<QStringList>("frames"); // what the server answers to the user message
    QTest::addColumn<QString>("error");
    const QString malformed = QStringLiteral(R"(42["bot_uttered",{"text":)");
    QTest::newRow("malformed, then the ack")
        << QStringList{malformed, QStringLiteral("430[]")}
        << QStringLiteral("rasa-probe: protocol error: a Socket.IO packet that cannot be decoded");
    QTest::newRow("the ack, then malformed")
        << QStringList{QStringLiteral("430[]"), malformed}
        << QStringLiteral("rasa-probe: protocol error: a Socket.IO packet that cannot be decoded");
    QTest::newRow("over maxPayload")
        << QStringList{QStringLiteral(R"(42["bot_uttered",{"text":"%1"}])").arg(QString(5000, u'x')),
                       QStringLiteral("430[]")}
        << QStringLiteral("rasa-probe: protocol error: a WebSocket message over the server's maxPayload of "
                          "1000 bytes");
}

void tst_SendCommand::lostBotMessageIsAProtocolError()
{
    // A bot message that cannot be shown ended `send` with exit 0 and no output; the malformed one made
    // it send the user message a second time after reconnecting.
    QFETCH(QStringList, frames);
    QFETCH(QString, error);
    FakeSioServer server;
    server.maxPayload = 1000;
    QVERIFY(server.listen());
    server.onFrame = [frames](FakeSioServer &s, const QString &frame) {
        if (frame.startsWith(uR"(420["user_uttered")"))
            for (const QString &f : frames)
                s.sendText(f);
    };
    const Outcome o = run(socketio(server.url(), {QStringLiteral("hi")}));
    QCOMPARE(o.exitCode, 3);
    QCOMPARE(o.out, QString());
    QVERIFY2(o.err.startsWith(error), qPrintable(o.err));
    QCOMPARE(server.frames.filter(QStringLiteral("user_uttered")).size(), 1); // sent once
}

namespace {

// A REST server whose health route answers and whose webhook answers with `reply`.
void serveRest(ScriptedHttpServer &server, std::function<ScriptedHttpServer::Answer(QTcpSocket *)> reply)
{
    server.respond = [reply](const QByteArray &head, QTcpSocket *socket) {
        if (head.startsWith("GET "))
            return ScriptedHttpServer::Answer{"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                              "Content-Length: 15\r\n\r\n{\"status\":\"ok\"}",
                                              ScriptedHttpServer::After::KeepOpen};
        return reply(socket);
    };
}

SendOptions rest(const QUrl &url)
{
    SendOptions o;
    o.channel.serverUrl = url;
    o.channel.senderId = QStringLiteral("a");
    o.messages = {QStringLiteral("hi")};
    o.timeoutMs = 10'000;
    return o;
}

} // namespace

void tst_SendCommand::cutRestReply_data()
{
    QTest::addColumn<bool>("lean");
    QTest::addColumn<QString>("error");
    QTest::newRow("RestChannel") << false
                                 << "rasa-probe: /webhooks/rest/webhook answered 200, but the connection "
                                    "closed after 38 of 1000 bytes";
    QTest::newRow("RawRestChannel") << true << "";
}

void tst_SendCommand::cutRestReply()
{
    // 38 bytes of valid JSON of an announced 1000: it was printed as the whole answer, with exit 0.
    QFETCH(bool, lean);
    QFETCH(QString, error);
    ScriptedHttpServer server;
    QVERIFY(server.listen());
    serveRest(server, [](QTcpSocket *) {
        return ScriptedHttpServer::Answer{
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            "Content-Length: 1000\r\n\r\n[{\"recipient_id\":\"a\",\"text\":\"hello!\"}]",
            ScriptedHttpServer::After::Close};
    });
    SendOptions o = rest(server.url());
    o.channel.lean = lean;
    const Outcome outcome = run(o);
    QCOMPARE(outcome.exitCode, 3);
    QCOMPARE(outcome.out, QString());
    if (error.isEmpty())
        error = QStringLiteral("rasa-probe: %1 answered, but the connection closed after 38 of 1000 bytes")
                    .arg(server.url().toString());
    QCOMPARE(outcome.err.trimmed(), error);
}

void tst_SendCommand::restReplyOverTheLimit()
{
    ScriptedHttpServer server;
    QVERIFY(server.listen());
    serveRest(server, [&server](QTcpSocket *socket) {
        socket->write(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1073741824\r\n\r\n[");
        server.stream(socket);
        return ScriptedHttpServer::Answer{{}, ScriptedHttpServer::After::KeepOpen};
    });
    SendOptions o = rest(server.url());
    o.channel.maxReplyBytes = 65536;
    const Outcome outcome = run(o);
    QCOMPARE(outcome.exitCode, 3);
    QCOMPARE(
        outcome.err.trimmed(),
        QStringLiteral("rasa-probe: protocol error: /webhooks/rest/webhook answered 200, but the reply is "
                       "over the limit of 65536 bytes (its Content-Length is 1073741824)"));
}

void tst_SendCommand::cutCallbackAnswer()
{
    // "success" of an announced 100 bytes: the webhook's answer is not known to be "success".
    ScriptedHttpServer server;
    QVERIFY(server.listen());
    serveRest(server, [](QTcpSocket *) {
        return ScriptedHttpServer::Answer{"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nsuccess",
                                          ScriptedHttpServer::After::Close};
    });
    SendOptions o = rest(server.url());
    o.channel.kind = QStringLiteral("callback");
    o.quietMs = 200;
    const Outcome outcome = run(o);
    QCOMPARE(outcome.exitCode, 3);
    QCOMPARE(outcome.err.trimmed(),
             QStringLiteral("rasa-probe: /webhooks/callback/webhook answered 200, but the "
                            "connection closed after 7 of 100 bytes"));
}

QTEST_GUILESS_MAIN(tst_SendCommand)
#include "tst_sendcommand.moc"
