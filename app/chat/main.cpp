// rasa-chat: the desktop chat window for any Rasa server, or for the built-in demo bot.
#include "chatwidget.h"
#include "chatwidget_p.h"
#include "chatwindow.h"
#include "client/chatchannel.h"
#include "connectionprofile.h"
#include "conversationsdialog.h"
#include "conversationstore.h"
#include "inspectorview.h"
#include "screenfit.h"
#include "server/mockserver.h"
#include "theme.h"
#include "transcriptmodel.h"
#include "translation.h"
#include "wiring/channelfactory.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QLineEdit>
#include <QListView>
#include <QLocale>
#include <QMessageBox>
#include <QTimer>
#include <cstdio>
#include <memory>

using namespace RasaChat;

int main(int argc, char *argv[])
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Chat with a Rasa assistant over REST, callback or Socket.IO."));
    parser.addHelpOption();
    parser.addVersionOption();
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
    parser.addOptions({demo, url, channel, receiverPort, caCert, play, screenshot, inspector, conversations,
                       database, theme, size, lang});
    {
        // --help and --version need no display: answer them before the GUI exists.
        QCoreApplication core(argc, argv);
        QCoreApplication::setApplicationName(QStringLiteral("rasa-chat"));
        QCoreApplication::setApplicationVersion(QStringLiteral(RASACHAT_VERSION));
        parser.process(core);
    }
    quint16 port = 0;
    if (parser.isSet(receiverPort)) {
        bool ok = false;
        const uint p = parser.value(receiverPort).toUInt(&ok);
        if (!ok || p == 0 || p > 65535) {
            std::fprintf(stderr, "rasa-chat: --receiver-port must be a port number (1-65535), not '%s'\n",
                         qPrintable(parser.value(receiverPort)));
            return 2;
        }
        port = quint16(p);
    }
    QSize firstSize;
    if (parser.isSet(size)) {
        const QStringList wh = parser.value(size).split(u'x');
        firstSize = wh.size() == 2 ? QSize(wh.at(0).toInt(), wh.at(1).toInt()) : QSize();
        if (firstSize.width() < 1 || firstSize.height() < 1) {
            std::fprintf(stderr, "rasa-chat: --size must be WIDTHxHEIGHT, e.g. 1900x1000, not '%s'\n",
                         qPrintable(parser.value(size)));
            return 2;
        }
    }
    std::optional<Theme> chosenTheme;
    if (parser.isSet(theme)) {
        chosenTheme = Themes::fromName(parser.value(theme));
        if (!chosenTheme) {
            std::fprintf(stderr,
                         "rasa-chat: --theme must be system, light, dark or high-contrast, not '%s'\n",
                         qPrintable(parser.value(theme)));
            return 2;
        }
    }
    // Without a display Qt aborts with a core dump; say what to do instead.
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") &&
        qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        std::fputs(
            "rasa-chat: no display (DISPLAY and WAYLAND_DISPLAY are unset). On a headless machine run it "
            "under Xvfb (xvfb-run -a build/bin/rasa-chat --demo), or use build/bin/rasa-mock and "
            "build/bin/rasa-probe.\n",
            stderr);
        return 2;
    }
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("rasa-chat"));
    QApplication::setApplicationName(QStringLiteral("rasa-chat"));
    QApplication::setApplicationVersion(QStringLiteral(RASACHAT_VERSION));
    // The system's language unless --lang names one; English (the source) when there is no translation.
    const QLocale locale = parser.isSet(lang) ? QLocale(parser.value(lang)) : QLocale::system();
    if (parser.isSet(lang) && locale.language() == QLocale::C)
        std::fprintf(stderr, "rasa-chat: --lang: unknown language '%s', using English\n",
                     qPrintable(parser.value(lang)));
    QLocale::setDefault(locale);
    installTranslations(locale);
    if (const Theme t = chosenTheme.value_or(Themes::stored()); t != Theme::System)
        Themes::apply(t);

    // Declared before the window so that the demo bot outlives the channel that talks to it.
    std::unique_ptr<rasachat::MockServer> demoBot;
    ChatWindow window;
    QString error;
    if (!window.openStore(parser.isSet(database) ? parser.value(database) : ConversationStore::defaultPath(),
                          &error))
        QMessageBox::warning(
            &window, QStringLiteral("rasa-chat"),
            QCoreApplication::translate("main", "Conversations are not kept: %1").arg(error));
    bool ok = false;
    if (parser.isSet(url)) {
        ConnectionProfile profile;
        profile.name = parser.value(url);
        profile.url = parser.value(url);
        profile.channel = parser.value(channel);
        profile.receiverPort = port;
        profile.caCertFile = parser.value(caCert);
        ok = window.connectTo(profile, &error);
    } else {
        // The demo bot: rasa-mock's server inside the app on a free loopback port, over Socket.IO.
        rasachat::MockOptions options;
        options.port = 0;
        demoBot = std::make_unique<rasachat::MockServer>(options);
        ok = demoBot->start(&error) && window.connectTo(demoBot->url(), QStringLiteral("socketio"), &error);
        if (ok)
            ChatWidgetPrivate::transcriptOf(window.chat())
                ->appendSystem(
                    QCoreApplication::translate("main", "Demo bot at %1. Try: hi, /buttons, /quick, /image, "
                                                        "/carousel, /attachment, /custom, /multi, /meta")
                        .arg(demoBot->url().toString()));
    }
    if (!ok) {
        QMessageBox::critical(nullptr, QStringLiteral("rasa-chat"), error);
        return 2;
    }
    if (parser.isSet(inspector)) {
        window.showInspector();
        resizeToFit(&window, QSize(1360, 820));
    }
    if (firstSize.isValid())
        resizeToFit(&window, firstSize);
    window.show();
    if (parser.isSet(conversations))
        window.showConversations();

    if (parser.isSet(play)) {
        // Send one message at a time, each after the previous got its answer, so that the window shows
        // the conversation in order; then take the screenshot once the bot has been quiet for a moment.
        const QStringList messages = parser.value(play).split(u';', Qt::SkipEmptyParts);
        auto *quiet = new QTimer(&window);
        quiet->setSingleShot(true);
        quiet->setInterval(1500);
        auto next = std::make_shared<int>(0);
        auto sendNext = [&window, messages, next, quiet] {
            if (*next < messages.size())
                window.chat()->sendText(messages.at((*next)++));
            quiet->start();
        };
        QObject::connect(ChatWidgetPrivate::channelOf(window.chat()),
                         &rasachat::ChatChannel::sessionConfirmed, &window, sendNext,
                         Qt::SingleShotConnection);
        QObject::connect(ChatWidgetPrivate::channelOf(window.chat()), &rasachat::ChatChannel::botMessage,
                         &window, [quiet] { quiet->start(); });
        const QString shot = parser.value(screenshot);
        QObject::connect(quiet, &QTimer::timeout, &window, [&window, messages, next, sendNext, shot, &app] {
            if (*next < messages.size())
                return sendNext();
            if (!shot.isEmpty()) {
                ChatWidgetPrivate::transcriptViewOf(window.chat())->scrollToBottom();
                window.inspector()->filterBox()->setText(QStringLiteral("bot_uttered"));
                window.inspector()->selectLast();
                QWidget *shown = window.conversationsDialog();
                if (shown && shown->isVisible())
                    shown = window.showConversations(); // with the counts as they are now
                (shown && shown->isVisible() ? shown : static_cast<QWidget *>(&window))->grab().save(shot);
                app.quit();
            }
        });
    }
    return app.exec();
}
