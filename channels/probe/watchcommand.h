#pragma once

#include "../wiring/channelfactory.h"

#include <QElapsedTimer>
#include <QObject>

class QSocketNotifier;
class QTextStream;

namespace rasachat {

struct WatchOptions
{
    ChannelSettings channel; // kind "socketio"
    bool colour = false;
};

// `rasa-probe watch`: connects over Socket.IO and prints every Engine.IO/Socket.IO frame in both
// directions with a timestamp (coloured on a terminal) until interrupted. Lines typed on standard input
// are sent as user messages, so one can poke a bot by hand and see the whole exchange.
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

    WatchOptions m_options;
    QTextStream &m_out;
    QTextStream &m_err;
    std::unique_ptr<ChatChannel> m_channel;
    QSocketNotifier *m_stdin = nullptr;
    QElapsedTimer m_clock;
};

} // namespace rasachat
