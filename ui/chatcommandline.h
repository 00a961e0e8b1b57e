#pragma once

#include "theme.h"

#include <QSize>
#include <QString>
#include <QStringList>
#include <optional>

class QTextStream;

namespace RasaChat {

// What rasa-chat was asked to do.
struct ChatOptions
{
    QString url;              // the Rasa server; empty: the built-in demo bot
    QString channel;          // socketio, rest or callback
    quint16 receiverPort = 0; // callback: 0 is any free port
    QString caCertFile;
    QStringList play;       // messages to send once connected
    QString screenshot;     // after play: save the window there and quit
    int timeoutMs = 30'000; // play: the session must be confirmed by then
    bool inspector = false;
    bool conversations = false;
    QString database; // empty: ConversationStore::defaultPath()
    QSize size;       // the window's first size; invalid: its own
    QString lang;     // empty: the system's language
    std::optional<Theme> theme;
};

// rasa-chat's command line, read as rasa-mock and rasa-probe read theirs (rasachat::CommandLine): --help
// and --version on out with exit code 0, any bad value one line "rasa-chat: <why>" on err with exit code 2.
// Needs no display, so that it runs before the GUI exists.
class ChatCommandLine
{
public:
    // False when the program should stop now with exitCode().
    static bool parse(const QStringList &arguments, QTextStream &out, QTextStream &err, ChatOptions *options,
                      int *exitCode);
};

} // namespace RasaChat
