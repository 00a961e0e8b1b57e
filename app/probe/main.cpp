// rasa-probe: the headless harness for Rasa's website channels.
#include "probe/sendcommand.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QTextStream>

using namespace rasachat;

namespace {

int runSend(QCoreApplication &app, const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Send user messages to a Rasa server and print the bot's "
                                                    "messages, one JSON object per line."));
    parser.addHelpOption();
    const QCommandLineOption url(QStringLiteral("url"), QStringLiteral("The Rasa server."),
                                 QStringLiteral("URL"), QStringLiteral("http://127.0.0.1:5005"));
    const QCommandLineOption channel(QStringLiteral("channel"),
                                     QStringLiteral("Channel: %1.").arg(channelKinds().join(u", ")),
                                     QStringLiteral("NAME"), QStringLiteral("rest"));
    const QCommandLineOption sender(
        QStringLiteral("sender"), QStringLiteral("Sender id (default: a fresh one)."), QStringLiteral("ID"));
    const QCommandLineOption metadata(QStringLiteral("metadata"),
                                      QStringLiteral("JSON metadata for each message."),
                                      QStringLiteral("JSON"));
    const QCommandLineOption receiverPort(
        QStringLiteral("receiver-port"), QStringLiteral("callback: local port for the bot's POSTs (0: any)."),
        QStringLiteral("PORT"), QStringLiteral("0"));
    const QCommandLineOption quietMs(QStringLiteral("quiet-ms"),
                                     QStringLiteral("Done after the bot was silent this long (callback)."),
                                     QStringLiteral("MS"), QStringLiteral("1000"));
    const QCommandLineOption timeoutMs(QStringLiteral("timeout-ms"),
                                       QStringLiteral("Give up after this long."), QStringLiteral("MS"),
                                       QStringLiteral("30000"));
    const QCommandLineOption transport(
        QStringLiteral("transport"),
        QStringLiteral("socketio: auto (polling, then websocket), polling or websocket."),
        QStringLiteral("NAME"), QStringLiteral("auto"));
    const QCommandLineOption sessionId(
        QStringLiteral("session-id"),
        QStringLiteral("socketio: the session id to offer (default: a fresh one)."), QStringLiteral("ID"));
    const QCommandLineOption token(QStringLiteral("token"),
                                   QStringLiteral("socketio: JWT for the connect auth."),
                                   QStringLiteral("JWT"));
    const QCommandLineOption userEvt(QStringLiteral("user-evt"),
                                     QStringLiteral("socketio: user message event."), QStringLiteral("NAME"),
                                     QStringLiteral("user_uttered"));
    const QCommandLineOption botEvt(QStringLiteral("bot-evt"), QStringLiteral("socketio: bot message event."),
                                    QStringLiteral("NAME"), QStringLiteral("bot_uttered"));
    const QCommandLineOption metadataKey(QStringLiteral("metadata-key"),
                                         QStringLiteral("socketio: the key that carries metadata."),
                                         QStringLiteral("KEY"), QStringLiteral("metadata"));
    const QCommandLineOption socketioPath(QStringLiteral("socketio-path"),
                                          QStringLiteral("socketio: the Socket.IO path."),
                                          QStringLiteral("PATH"), QStringLiteral("/socket.io"));
    const QCommandLineOption trace(QStringLiteral("trace"),
                                   QStringLiteral("Print every request and response on stderr."));
    parser.addOptions({url, channel, sender, metadata, receiverPort, transport, sessionId, token, userEvt,
                       botEvt, metadataKey, socketioPath, quietMs, timeoutMs, trace});
    parser.addPositionalArgument(QStringLiteral("message"),
                                 QStringLiteral("The user message(s) to send, in order."),
                                 QStringLiteral("MESSAGE..."));
    if (!parser.parse(arguments)) {
        err << "rasa-probe send: " << parser.errorText() << Qt::endl;
        return SendCommand::UsageError;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out << parser.helpText();
        return 0;
    }
    auto usage = [&err](const QString &message) {
        err << "rasa-probe send: " << message << Qt::endl;
        return int(SendCommand::UsageError);
    };

    SendOptions options;
    options.messages = parser.positionalArguments().mid(1);
    if (options.messages.isEmpty())
        return usage(QStringLiteral("say what to send, e.g. rasa-probe send \"hi\""));
    options.channel.kind = parser.value(channel);
    options.channel.serverUrl = QUrl(parser.value(url));
    if (!options.channel.serverUrl.isValid() || options.channel.serverUrl.host().isEmpty() ||
        !options.channel.serverUrl.scheme().startsWith(u"http"))
        return usage(QStringLiteral("--url must be an http(s) URL like http://127.0.0.1:5005"));
    options.channel.senderId = parser.isSet(sessionId) ? parser.value(sessionId) : parser.value(sender);
    options.channel.transport = parser.value(transport);
    if (!QStringList{QStringLiteral("auto"), QStringLiteral("polling"), QStringLiteral("websocket")}.contains(
            options.channel.transport))
        return usage(QStringLiteral("--transport must be auto, polling or websocket"));
    options.channel.token = parser.value(token);
    options.channel.userMessageEvt = parser.value(userEvt);
    options.channel.botMessageEvt = parser.value(botEvt);
    options.channel.metadataKey = parser.value(metadataKey);
    options.channel.socketioPath = parser.value(socketioPath);
    bool ok = false;
    const uint port = parser.value(receiverPort).toUInt(&ok);
    if (!ok || port > 65535)
        return usage(QStringLiteral("--receiver-port must be a number from 0 to 65535"));
    options.channel.receiverPort = quint16(port);
    options.quietMs = parser.value(quietMs).toInt(&ok);
    if (!ok || options.quietMs < 0)
        return usage(QStringLiteral("--quiet-ms must be a number of milliseconds"));
    options.timeoutMs = parser.value(timeoutMs).toInt(&ok);
    if (!ok || options.timeoutMs <= 0)
        return usage(QStringLiteral("--timeout-ms must be a positive number of milliseconds"));
    if (parser.isSet(metadata)) {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(parser.value(metadata).toUtf8(), &error);
        if (error.error != QJsonParseError::NoError || !doc.isObject())
            return usage(QStringLiteral("--metadata must be a JSON object, e.g. '{\"lang\":\"en\"}'"));
        options.metadata = doc.object();
    }
    options.trace = parser.isSet(trace);
    if (!channelKinds().contains(options.channel.kind))
        return usage(QStringLiteral("--channel must be one of: %1").arg(channelKinds().join(u", ")));

    SendCommand command(options, out, err);
    int exitCode = 0;
    QObject::connect(&command, &SendCommand::finished, &app, [&](int code) {
        exitCode = code;
        app.quit();
    });
    QMetaObject::invokeMethod(&command, &SendCommand::start, Qt::QueuedConnection);
    app.exec();
    return exitCode;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("rasa-probe"));
    QCoreApplication::setApplicationVersion(QStringLiteral(RASACHAT_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);

    const QStringList args = app.arguments();
    const QString command = args.size() > 1 ? args.at(1) : QString();
    if (command == u"send")
        return runSend(app, args, out, err);
    if (command == u"--version" || command == u"-v") {
        out << "rasa-probe " << RASACHAT_VERSION << Qt::endl;
        return 0;
    }
    const bool help = command == u"--help" || command == u"-h" || command == u"help";
    (help ? out : err)
        << "usage: rasa-probe send [options] MESSAGE...\n"
           "       rasa-probe send --help\n\n"
           "  send   send user messages to a Rasa server (rest, callback or socketio) and print\n"
           "         the bot's messages as JSON lines\n";
    (help ? out : err).flush();
    return help ? 0 : 2;
}
