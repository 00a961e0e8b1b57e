// rasa-chat: the desktop chat window for any Rasa server, or for the built-in demo bot.
#include "chatapp.h"
#include "chatcommandline.h"

#include <QApplication>
#include <QCoreApplication>
#include <QTextStream>
#include <cstdio>

using namespace RasaChat;

int main(int argc, char *argv[])
{
    ChatOptions options;
    {
        // The command line needs no display: --help, --version and a bad value are answered before the
        // GUI exists.
        QCoreApplication core(argc, argv);
        QCoreApplication::setApplicationName(QStringLiteral("rasa-chat"));
        QCoreApplication::setApplicationVersion(QStringLiteral(RASACHAT_VERSION));
        QTextStream out(stdout);
        QTextStream err(stderr);
        int exitCode = 0;
        if (!ChatCommandLine::parse(QCoreApplication::arguments(), out, err, &options, &exitCode))
            return exitCode;
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
    return runChatWindow(app, options);
}
