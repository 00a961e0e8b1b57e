#include "mockcommandline.h"

#include "../config/commandline.h"
#include "../config/credentials.h"
#include "../http/httpserver.h"
#include "../http/logsafe.h"
#include "../http/servertls.h"
#include "mockserver.h"
#include "shutdownsignals.h"

#include <QCoreApplication>
#include <QTextStream>
#include <QTimer>
#include <limits>
#include <utility>

namespace rasachat {

int runMockCommandLine(QCoreApplication &app, QTextStream &out, QTextStream &err)
{

    CommandLine cli(QStringLiteral("rasa-mock"), out, err);
    QCommandLineParser &parser = cli.parser();
    parser.setApplicationDescription(QStringLiteral(
        "A mock Rasa server: Rasa's REST, callback and Socket.IO website channels on one port, "
        "answered by a deterministic bot."));
    cli.addVersionOption();
    const QCommandLineOption portOption({QStringLiteral("p"), QStringLiteral("port")},
                                        QStringLiteral("Port to listen on (0: any free port)."),
                                        QStringLiteral("PORT"), QStringLiteral("5005"));
    const QCommandLineOption host(QStringLiteral("host"), QStringLiteral("Address to bind."),
                                  QStringLiteral("HOST"), QStringLiteral("127.0.0.1"));
    const QCommandLineOption credentials(
        QStringLiteral("credentials"),
        QStringLiteral("Rasa credentials.yml. Without it every channel is on with Rasa's defaults."),
        QStringLiteral("FILE"));
    const QCommandLineOption callbackUrl(
        QStringLiteral("callback-url"),
        QStringLiteral("Where the callback channel POSTs bot messages (overrides callback.url)."),
        QStringLiteral("URL"));
    const QCommandLineOption bot(
        QStringLiteral("bot"), QStringLiteral("The bot: demo, echo, or script (then give the script file)."),
        QStringLiteral("NAME"), QStringLiteral("demo"));
    const QCommandLineOption delay(QStringLiteral("delay"),
                                   QStringLiteral("Simulated thinking time per turn."), QStringLiteral("MS"),
                                   QStringLiteral("0"));
    const QCommandLineOption cors(QStringLiteral("cors"),
                                  QStringLiteral("Allowed CORS origin, as `rasa run --cors` (repeatable; "
                                                 "default *; \"none\" turns CORS off)."),
                                  QStringLiteral("ORIGIN"));
    const QCommandLineOption pingInterval(QStringLiteral("ping-interval"),
                                          QStringLiteral("Engine.IO ping interval (default 25000, as Rasa)."),
                                          QStringLiteral("MS"), QStringLiteral("25000"));
    const QCommandLineOption pingTimeout(QStringLiteral("ping-timeout"),
                                         QStringLiteral("Engine.IO ping timeout (default 20000, as Rasa)."),
                                         QStringLiteral("MS"), QStringLiteral("20000"));
    const QCommandLineOption drainMs(
        QStringLiteral("drain-ms"),
        QStringLiteral("At SIGINT/SIGTERM, how long the callback outbox may keep delivering (default 5000)."),
        QStringLiteral("MS"), QStringLiteral("5000"));
    const QCommandLineOption enableApi(
        QStringLiteral("enable-api"),
        QStringLiteral("Serve Rasa's tracker API: GET /conversations/{sender}/tracker and POST "
                       "/conversations/{sender}/tracker/events (as rasa run --enable-api)."));
    const QCommandLineOption authToken(
        QStringLiteral("auth-token"),
        QStringLiteral("With --enable-api: the API and /status require ?token=TOKEN (as rasa run)."),
        QStringLiteral("TOKEN"));
    const QCommandLineOption maxConnections(
        QStringLiteral("max-connections"),
        QStringLiteral("Open connections, WebSockets included; more get 503 (default 4096)."),
        QStringLiteral("N"), QStringLiteral("4096"));
    const QCommandLineOption maxSessions(
        QStringLiteral("max-sessions"),
        QStringLiteral("Live Engine.IO sessions; more get 503 (default 10000)."), QStringLiteral("N"),
        QStringLiteral("10000"));
    const QCommandLineOption maxRooms(QStringLiteral("max-rooms"),
                                      QStringLiteral("Rooms (Rasa sessions) one Socket.IO socket may join "
                                                     "(default 100)."),
                                      QStringLiteral("N"), QStringLiteral("100"));
    const QCommandLineOption tlsCert(
        QStringLiteral("tls-cert"),
        QStringLiteral(
            "Serve HTTPS and WSS with this PEM certificate (then any intermediates); needs --tls-key."),
        QStringLiteral("FILE"));
    const QCommandLineOption tlsKey(QStringLiteral("tls-key"),
                                    QStringLiteral("The unencrypted PEM private key of --tls-cert."),
                                    QStringLiteral("FILE"));
    const QCommandLineOption quiet({QStringLiteral("q"), QStringLiteral("quiet")},
                                   QStringLiteral("No log line per request."));
    parser.addOptions({portOption, host, credentials, callbackUrl, bot, delay, cors, pingInterval,
                       pingTimeout, drainMs, enableApi, authToken, maxConnections, maxSessions, maxRooms,
                       tlsCert, tlsKey, quiet});
    parser.addPositionalArgument(QStringLiteral("script"),
                                 QStringLiteral("With --bot script: the conversation script."),
                                 QStringLiteral("[SCRIPT]"));
    if (!cli.parse(app.arguments()))
        return cli.exitCode();
    auto usage = [&cli](const QString &message) { return cli.fail(message); };

    MockOptions options;
    int port = 0;
    cli.read(portOption, &port, 0, 65535);
    options.port = quint16(port);
    if (!cli.failed() && !options.host.setAddress(parser.value(host)))
        return usage(QStringLiteral("--host must be an IP address, e.g. 127.0.0.1 or 0.0.0.0"));
    using Unit = CommandLine::Unit;
    constexpr int kMaxInt = std::numeric_limits<int>::max();
    cli.read(delay, &options.delayMs, 0, kMaxInt, Unit::Milliseconds);
    cli.read(pingInterval, &options.engine.pingIntervalMs, 1, kMaxInt, Unit::Milliseconds);
    cli.read(pingTimeout, &options.engine.pingTimeoutMs, 1, kMaxInt, Unit::Milliseconds);
    int drainPeriodMs = 0;
    cli.read(drainMs, &drainPeriodMs, 0, kMaxInt, Unit::Milliseconds);
    cli.read(maxConnections, &options.limits.maxConnections, 1);
    cli.read(maxSessions, &options.engine.maxSessions, 1);
    cli.read(maxRooms, &options.maxRoomsPerSocket, 1);
    if (cli.failed())
        return cli.exitCode();
    options.bot = parser.value(bot);
    if (options.bot == u"script") {
        if (parser.positionalArguments().size() != 1)
            return usage(
                QStringLiteral("--bot script needs one conversation script: rasa-mock --bot script FILE"));
        options.botScript = parser.positionalArguments().first();
    } else if (!parser.positionalArguments().isEmpty()) {
        return usage(QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().first()));
    }
    options.enableApi = parser.isSet(enableApi);
    options.authToken = parser.value(authToken);
    if (parser.isSet(authToken) && !options.enableApi)
        return usage(QStringLiteral("--auth-token protects the HTTP API: give --enable-api too"));
    if (parser.isSet(authToken) && options.authToken.isEmpty())
        return usage(QStringLiteral("--auth-token must not be empty"));
    if (parser.isSet(cors))
        options.corsOrigins =
            parser.values(cors).contains(QStringLiteral("none")) ? QStringList() : parser.values(cors);

    if (parser.isSet(credentials)) {
        QString error;
        auto loaded = Credentials::load(parser.value(credentials), &error);
        if (!loaded)
            return usage(error);
        options.credentials = *loaded;
    }
    if (parser.isSet(callbackUrl)) {
        options.credentials.callback.url = parser.value(callbackUrl);
        options.credentials.callback.enabled = true;
    }

    if (parser.isSet(tlsCert) != parser.isSet(tlsKey))
        return usage(
            QStringLiteral("--tls-cert and --tls-key go together: give both, or neither for plain HTTP"));
    if (parser.isSet(tlsCert)) {
        // A file named on the command line that cannot be used is a usage error, as a credentials file,
        // a bot script, or rasa-probe's --cacert.
        QString error;
        options.tls = loadServerTls(parser.value(tlsCert), parser.value(tlsKey), &error);
        if (!options.tls)
            return usage(error);
    }

    // The request log is written in batches: a flush (a write() to the terminal or pipe) per request
    // cost as much as the request. Lines go out at most 50 ms late, and all of them at exit (every other
    // line uses Qt::endl, which flushes them in order). Declared before the server, which it outlives.
    QTimer logFlush;
    logFlush.setSingleShot(true);
    logFlush.setInterval(50);
    QObject::connect(&logFlush, &QTimer::timeout, &app, [&out] { out.flush(); });
    MockServer server(options);
    QString error;
    MockServer::StartFailure failure = MockServer::StartFailure::Configuration;
    if (!server.start(&error, &failure)) {
        // Not listening is the network failing, as rasa-probe's exit 3 for a server it cannot reach.
        err << "rasa-mock: " << error << Qt::endl;
        return failure == MockServer::StartFailure::Listen ? 3 : 2;
    }

    if (!parser.isSet(quiet)) {
        QObject::connect(server.http(), &HttpServer::requestFinished,
                         [&out, &logFlush](const HttpRequest &r, int status, qint64 bytes) {
                             out << r.peerAddress.toString() << ':' << r.peerPort << " - \""
                                 << QString::fromLatin1(r.method) << ' ' << logSafe(r.target) << " HTTP/"
                                 << r.httpMajor << '.' << r.httpMinor << "\" " << status << ' ' << bytes
                                 << '\n';
                             if (!logFlush.isActive())
                                 logFlush.start();
                         });
    }
    ShutdownSignals signals_;
    bool stopping = false;
    QObject::connect(&signals_, &ShutdownSignals::shutdownRequested, &app, [&](int) {
        const int queued = server.outbox() ? server.outbox()->queuedMessages() : 0;
        if (std::exchange(stopping, true))
            out << "rasa-mock: stopping now" << Qt::endl;
        else if (queued > 0)
            out << "rasa-mock: shutting down; delivering " << queued
                << " queued callback message(s) for up to " << drainPeriodMs << " ms (again to stop now)"
                << Qt::endl;
        else
            out << "rasa-mock: shutting down" << Qt::endl;
        server.shutDown(drainPeriodMs);
    });
    QObject::connect(&server, &MockServer::shutDownFinished, &app, &QCoreApplication::quit);

    const Credentials &c = options.credentials;
    QStringList channels;
    if (c.rest.enabled)
        channels << QStringLiteral("rest");
    if (c.callback.enabled)
        channels << QStringLiteral("callback -> %1").arg(c.callback.url);
    if (c.socketio.enabled)
        channels << QStringLiteral("socketio at %1").arg(c.socketio.socketioPath);
    out << "rasa-mock listening on " << server.url().toString() << Qt::endl;
    out << "rasa-mock: bot '" << options.bot
        << "', channels: " << (channels.isEmpty() ? QStringLiteral("none") : channels.join(u", "));
    if (options.enableApi)
        out << ", API: /conversations/{sender}/tracker" << (options.authToken.isEmpty() ? "" : " (token)");
    out << Qt::endl;
    const int code = app.exec();
    out.flush();
    return code;
}

} // namespace rasachat
