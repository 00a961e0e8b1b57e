// rasa-mock: a mock Rasa server with the REST, callback and Socket.IO channels on one port
// (channels/server/mockcommandline.h).
#include "server/mockcommandline.h"

#include <QCoreApplication>
#include <QTextStream>

int main(int argc, char *argv[])
{
    // Qt's own event dispatcher, not GLib's: GLib signals its eventfd each time a socket notifier is
    // switched on or off (the write notifier, once per reply), two extra syscalls per Socket.IO round
    // trip (tests/bench/results.md). Nothing in the mock needs GLib.
    qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("rasa-mock"));
    QCoreApplication::setApplicationVersion(QStringLiteral(RASACHAT_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);
    return rasachat::runMockCommandLine(app, out, err);
}
