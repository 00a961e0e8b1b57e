#pragma once

#include "../script/conversationscript.h"
#include "../wiring/channelfactory.h"

#include <QElapsedTimer>
#include <QObject>
#include <QSet>
#include <QTimer>

class QSocketNotifier;
class QTextStream;

namespace rasachat {

struct WatchOptions
{
    ChannelSettings channel; // kind "socketio"
    bool colour = false;
    QString recordPath; // --record: when stdin ends and the bot is quiet, write the conversation there
    int quietMs = 1000; // how long the bot must be silent before the recording is written
};

// `rasa-probe watch`: connects over Socket.IO and prints every Engine.IO/Socket.IO frame in both
// directions with a timestamp (coloured on a terminal) until interrupted. Lines typed on standard input
// are sent as user messages, so one can poke a bot by hand and see the whole exchange. With a record
// path, the end of standard input ends the session: once every message was accepted and the bot has
// been quiet for quietMs, the conversation is written as a script (saveRecording) and it exits 0;
// stop() (Ctrl-C, SIGTERM) writes what was said so far. A record path that cannot be written is refused
// before anything is sent (exit 2).
class WatchCommand : public QObject
{
    Q_OBJECT
public:
    WatchCommand(const WatchOptions &options, QTextStream &out, QTextStream &err, QObject *parent = nullptr);
    ~WatchCommand() override;

    void start();
    void stop();

signals:
    void finished(int exitCode);

private:
    void print(const WireRecord &r);
    void maybeWriteRecording();
    void saveRecording();

    WatchOptions m_options;
    QTextStream &m_out;
    QTextStream &m_err;
    std::unique_ptr<ChatChannel> m_channel;
    QSocketNotifier *m_stdin = nullptr;
    QElapsedTimer m_clock;
    QList<RecordedMessage> m_recording;
    QSet<QString> m_unaccepted; // ids of sent messages the server has not accepted yet
    bool m_inputEnded = false;
    QTimer m_quiet;
};

} // namespace rasachat
