// rasa-mock: a mock Rasa server with the REST, callback and Socket.IO channels on one port
// (channels/server/mockcommandline.h).
#include "server/mockcommandline.h"

#include <QCoreApplication>
#include <QTextStream>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("rasa-mock"));
    QCoreApplication::setApplicationVersion(QStringLiteral(RASACHAT_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);
    return rasachat::runMockCommandLine(app, out, err);
}
