// rasa-probe: the headless harness for Rasa's website channels (channels/probe/probecommandline.h).
#include "probe/probecommandline.h"

#include <QCoreApplication>
#include <QTextStream>

int main(int argc, char *argv[])
{
    // The load generator's CPU time per request is one of its figures: Qt's own event dispatcher polls
    // sockets for about 15 % less than GLib's (tests/bench/results.md). Nothing in the probe needs GLib.
    if (argc > 1 && qstrcmp(argv[1], "load") == 0)
        qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("rasa-probe"));
    QCoreApplication::setApplicationVersion(QStringLiteral(RASACHAT_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);
    return rasachat::runProbeCommandLine(app, out, err);
}
