#include "chatcommandline.h"

#include "config/commandline.h"

#include <QTextStream>

namespace RasaChat {

bool ChatCommandLine::parse(const QStringList &arguments, QTextStream &out, QTextStream &err,
                            ChatOptions *options, int *exitCode)
{
    rasachat::CommandLine cli(QStringLiteral("rasa-chat"), out, err);
    QCommandLineParser &parser = cli.parser();
    parser.setApplicationDescription(
        QStringLiteral("Chat with a Rasa assistant over REST, callback or Socket.IO."));
    cli.addVersionOption();
    const QCommandLineOption demo(
        QStringLiteral("demo"),
        QStringLiteral("Start the built-in mock server with the demo bot (the default "
                       "without --url)."));
    const QCommandLineOption url(QStringLiteral("url"),
                                 QStringLiteral("The Rasa server, e.g. http://localhost:5005."),
                                 QStringLiteral("URL"));
    const QCommandLineOption channel(QStringLiteral("channel"),
                                     QStringLiteral("socketio, rest or callback (default socketio)."),
                                     QStringLiteral("NAME"), QStringLiteral("socketio"));
    const QCommandLineOption receiverPort(
        QStringLiteral("receiver-port"),
        QStringLiteral("callback: the port on which replies are received; it must be the port of the "
                       "`callback: url:` in the server's credentials.yml (default: any free port)."),
        QStringLiteral("PORT"));
    const QCommandLineOption play(QStringLiteral("play"),
                                  QStringLiteral("Send these messages (separated by ';') once connected."),
                                  QStringLiteral("MESSAGES"));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                        QStringLiteral("After --play, save the window as a PNG and quit."),
                                        QStringLiteral("FILE"));
    const QCommandLineOption timeoutMs(
        QStringLiteral("timeout-ms"),
        QStringLiteral("--play: give up when the server has not confirmed a session within MS; the window "
                       "shows why, the screenshot is taken and rasa-chat exits 3."),
        QStringLiteral("MS"), QStringLiteral("30000"));
    const QCommandLineOption inspector(QStringLiteral("inspector"),
                                       QStringLiteral("Show the Inspector dock."));
    const QCommandLineOption conversations(QStringLiteral("conversations"),
                                           QStringLiteral("Open the Conversations list (with --screenshot: "
                                                          "its picture is taken too)."));
    const QCommandLineOption database(
        QStringLiteral("database"),
        QStringLiteral("The SQLite file that keeps the conversations (default: conversations.sqlite in the "
                       "application's data folder)."),
        QStringLiteral("FILE"));
    const QCommandLineOption size(QStringLiteral("size"),
                                  QStringLiteral("The window's first size, e.g. 1900x1000 (the screen still "
                                                 "bounds it)."),
                                  QStringLiteral("WIDTHxHEIGHT"));
    const QCommandLineOption lang(QStringLiteral("lang"),
                                  QStringLiteral("The language of the window, e.g. de or en (default: the "
                                                 "system's, from LANG/LC_ALL)."),
                                  QStringLiteral("LANGUAGE"));
    const QCommandLineOption theme(
        QStringLiteral("theme"),
        QStringLiteral(
            "Colours: system (the desktop's, the default), light, dark or high-contrast. Without it "
            "the choice of View → Theme is used."),
        QStringLiteral("THEME"));
    const QCommandLineOption caCert(
        QStringLiteral("cacert"),
        QStringLiteral("https: also trust the CA certificate(s) of this PEM file (as the profile's TLS CA "
                       "certificate)."),
        QStringLiteral("FILE"));
    parser.addOptions({demo, url, channel, receiverPort, caCert, play, screenshot, timeoutMs, inspector,
                       conversations, database, theme, size, lang});
    if (!cli.parse(arguments)) {
        *exitCode = cli.exitCode();
        return false;
    }

    ChatOptions o;
    o.url = parser.value(url);
    o.channel = parser.value(channel);
    if (parser.isSet(receiverPort)) {
        int port = 0;
        cli.read(receiverPort, &port, 1, 65535);
        o.receiverPort = quint16(port);
    }
    o.caCertFile = parser.value(caCert);
    o.play = parser.value(play).split(u';', Qt::SkipEmptyParts);
    o.screenshot = parser.value(screenshot);
    cli.read(timeoutMs, &o.timeoutMs, 1, std::numeric_limits<int>::max(),
             rasachat::CommandLine::Unit::Milliseconds);
    o.inspector = parser.isSet(inspector);
    o.conversations = parser.isSet(conversations);
    o.database = parser.value(database);
    if (parser.isSet(size)) {
        const QStringList wh = parser.value(size).split(u'x');
        bool wOk = false;
        bool hOk = false;
        o.size = wh.size() == 2 ? QSize(wh.at(0).toInt(&wOk), wh.at(1).toInt(&hOk)) : QSize();
        if (!wOk || !hOk || o.size.width() < 1 || o.size.height() < 1)
            cli.fail(QStringLiteral("--size must be WIDTHxHEIGHT, e.g. 1900x1000, not '%1'")
                         .arg(parser.value(size)));
    }
    o.lang = parser.value(lang);
    if (parser.isSet(theme)) {
        o.theme = Themes::fromName(parser.value(theme));
        if (!o.theme)
            cli.fail(QStringLiteral("--theme must be system, light, dark or high-contrast, not '%1'")
                         .arg(parser.value(theme)));
    }
    if (cli.failed()) {
        *exitCode = cli.exitCode();
        return false;
    }
    *options = o;
    return true;
}

} // namespace RasaChat
