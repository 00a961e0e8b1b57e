// rasa-chat: the desktop chat window for any Rasa server, or for the built-in demo bot.
#include "chatwidget.h"
#include "chatwindow.h"
#include "client/channelfactory.h"
#include "client/chatchannel.h"
#include "inspectorview.h"
#include "transcriptmodel.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDockWidget>
#include <QLineEdit>
#include <QListView>
#include <QMessageBox>
#include <QTimer>
#include <cstdio>

using namespace RasaChat;

int main(int argc, char *argv[])
{
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
    const QCommandLineOption play(QStringLiteral("play"),
                                  QStringLiteral("Send these messages (separated by ';') once connected."),
                                  QStringLiteral("MESSAGES"));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                        QStringLiteral("After --play, save the window as a PNG and quit."),
                                        QStringLiteral("FILE"));
    const QCommandLineOption inspector(QStringLiteral("inspector"),
                                       QStringLiteral("Show the Inspector dock."));
    parser.addOptions({demo, url, channel, play, screenshot, inspector});
    parser.process(app);

    ChatWindow window;
    QString error;
    const bool ok = parser.isSet(url)
                        ? window.connectTo(QUrl(parser.value(url)), parser.value(channel), &error)
                        : window.startDemo(&error);
    if (!ok) {
        QMessageBox::critical(nullptr, QStringLiteral("rasa-chat"), error);
        return 2;
    }
    if (parser.isSet(inspector)) {
        window.findChild<QDockWidget *>(QStringLiteral("inspector"))->show();
        window.resize(1360, 820);
    }
    window.show();

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
        QObject::connect(window.chat()->channel(), &rasachat::ChatChannel::sessionConfirmed, &window,
                         sendNext, Qt::SingleShotConnection);
        QObject::connect(window.chat()->channel(), &rasachat::ChatChannel::botMessage, &window,
                         [quiet] { quiet->start(); });
        const QString shot = parser.value(screenshot);
        QObject::connect(quiet, &QTimer::timeout, &window, [&window, messages, next, sendNext, shot, &app] {
            if (*next < messages.size())
                return sendNext();
            if (!shot.isEmpty()) {
                window.chat()->transcriptView()->scrollToBottom();
                window.inspector()->filterBox()->setText(QStringLiteral("bot_uttered"));
                window.inspector()->selectLast();
                window.grab().save(shot);
                app.quit();
            }
        });
    }
    return app.exec();
}
