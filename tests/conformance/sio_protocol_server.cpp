// sio-protocol-server: our Engine.IO and Socket.IO servers serving the reference applications that the
// protocol authors' compliance suites (engine.io-protocol and socket.io-protocol, test-suite/) talk to:
//
//   /engine.io/  a bare Engine.IO server that sends every message back, text and binary
//   /socket.io/  a Socket.IO server: on connection to "/" or "/custom" it emits "auth" with the CONNECT
//                payload ({} when none); in "/", "message" is answered with "message-back" and the same
//                arguments, "message-with-ack" is acknowledged with the same arguments (binary included)
//
// with pingInterval 300 ms, pingTimeout 200 ms, maxPayload 1,000,000, connectTimeout 1,000 ms and CORS *.
// Not installed; tests/conformance/check.js runs the same checks in our own CI.
#include "engineio/engineserver.h"
#include "engineio/enginesession.h"
#include "http/httpserver.h"
#include "message/jsonwriter.h"
#include "server/shutdownsignals.h"
#include "socketio/sioserver.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QTextStream>

using namespace rasachat;

namespace {

EngineOptions suiteOptions(const QString &path, int pingIntervalMs, int pingTimeoutMs)
{
    EngineOptions o;
    o.path = path;
    o.pingIntervalMs = pingIntervalMs;
    o.pingTimeoutMs = pingTimeoutMs;
    o.maxPayload = 1'000'000;
    return o;
}

QByteArray eventArray(const QString &name, const QJsonArray &args)
{
    QJsonArray all = args;
    all.prepend(name);
    return JsonWriter::encode(all, JsonStyle::Compact);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("sio-protocol-server"));
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("The reference applications of the Engine.IO and Socket.IO protocol test suites, "
                       "served by rasa-chat's own servers."));
    parser.addHelpOption();
    const QCommandLineOption port(QStringLiteral("port"), QStringLiteral("Port (0: any free port)."),
                                  QStringLiteral("PORT"), QStringLiteral("3000"));
    const QCommandLineOption host(QStringLiteral("host"), QStringLiteral("Address to bind."),
                                  QStringLiteral("HOST"), QStringLiteral("127.0.0.1"));
    // The suites' timings are the defaults; our own check runs them slower, so that a loaded CI machine
    // (or a sanitizer build) answering a ping in 250 ms is not taken for a dead client.
    const QCommandLineOption pingInterval(QStringLiteral("ping-interval"),
                                          QStringLiteral("Engine.IO ping interval."), QStringLiteral("MS"),
                                          QStringLiteral("300"));
    const QCommandLineOption pingTimeout(QStringLiteral("ping-timeout"),
                                         QStringLiteral("Engine.IO ping timeout."), QStringLiteral("MS"),
                                         QStringLiteral("200"));
    const QCommandLineOption connectTimeout(QStringLiteral("connect-timeout"),
                                            QStringLiteral("Socket.IO connect timeout."),
                                            QStringLiteral("MS"), QStringLiteral("1000"));
    parser.addOptions({port, host, pingInterval, pingTimeout, connectTimeout});
    parser.process(app);

    auto positive = [&parser](const QCommandLineOption &option) {
        bool ok = false;
        const int value = parser.value(option).toInt(&ok);
        return ok && value > 0 ? value : -1;
    };
    const int intervalMs = positive(pingInterval);
    const int timeoutMs = positive(pingTimeout);
    const int connectMs = positive(connectTimeout);
    if (intervalMs < 0 || timeoutMs < 0 || connectMs < 0) {
        QTextStream(stderr) << "sio-protocol-server: the timings must be positive numbers of milliseconds\n";
        return 3;
    }

    bool portOk = false;
    const uint portNumber = parser.value(port).toUInt(&portOk);
    const QHostAddress address(parser.value(host));
    if (!portOk || portNumber > 65535 || address.isNull()) {
        QTextStream(stderr) << "sio-protocol-server: --port must be 0-65535 and --host an IP address\n";
        return 3;
    }

    HttpServer http;
    http.setCorsPolicy(CorsPolicy({QStringLiteral("*")}));

    EngineServer echo(&http, suiteOptions(QStringLiteral("/engine.io/"), intervalMs, timeoutMs));
    QObject::connect(&echo, &EngineServer::sessionOpened, &echo, [](EngineSession *session) {
        QObject::connect(session, &EngineSession::messageReceived, session,
                         [session](const QByteArray &text) { session->sendMessage(text); });
        QObject::connect(session, &EngineSession::binaryReceived, session,
                         [session](const QByteArray &data) { session->sendBinary(data); });
    });

    EngineServer engine(&http, suiteOptions(QStringLiteral("/socket.io/"), intervalMs, timeoutMs));
    SioServer sio(&engine);
    sio.addNamespace(QStringLiteral("/custom"));
    sio.setConnectTimeout(connectMs);
    QObject::connect(&sio, &SioServer::connected, &sio, [](SioSocket *socket) {
        const QJsonValue auth = socket->auth().isUndefined() ? QJsonValue(QJsonObject()) : socket->auth();
        socket->emitRaw(eventArray(QStringLiteral("auth"), {auth}));
    });
    QObject::connect(&sio, &SioServer::eventReceived, &sio,
                     [](SioSocket *socket, const QString &name, const QJsonArray &args,
                        std::optional<quint64> ackId, const QList<QByteArray> &attachments) {
                         if (socket->nsp() != u"/")
                             return;
                         if (name == u"message")
                             socket->emitRaw(eventArray(QStringLiteral("message-back"), args), {},
                                             attachments);
                         else if (name == u"message-with-ack" && ackId)
                             socket->ack(*ackId, JsonWriter::encode(args, JsonStyle::Compact), attachments);
                     });

    if (!http.listen(address, quint16(portNumber))) {
        QTextStream(stderr) << "sio-protocol-server: cannot listen on " << address.toString() << ':'
                            << portNumber << ": " << http.errorString() << '\n';
        return 3;
    }
    ShutdownSignals signals_;
    QObject::connect(&signals_, &ShutdownSignals::shutdownRequested, &app, [] { QCoreApplication::quit(); });
    QTextStream(stdout) << "sio-protocol-server listening on http://" << address.toString() << ':'
                        << http.serverPort() << Qt::endl;
    return app.exec();
}
