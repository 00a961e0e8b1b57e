#pragma once

#include "../wiring/channelfactory.h"

#include <QElapsedTimer>
#include <QJsonValue>
#include <QObject>
#include <QTimer>

class QTextStream;

namespace rasachat {

struct SendOptions
{
    ChannelSettings channel;
    QStringList messages;
    QJsonValue metadata = QJsonValue::Undefined;
    int quietMs = 1000;
    int timeoutMs = 30'000;
    bool trace = false;
};

// `rasa-probe send`: sends the messages in order and prints every bot message as one JSON line on
// `out`. Done when the last reply is complete (REST), or when the bot has been silent for quietMs
// after the last message was accepted (callback), or after timeoutMs. With trace, every request and
// response goes to `err` with a timestamp.
class SendCommand : public QObject
{
    Q_OBJECT
public:
    enum ExitCode { Ok = 0, UsageError = 2, ConnectionError = 3 };

    SendCommand(const SendOptions &options, QTextStream &out, QTextStream &err, QObject *parent = nullptr);
    ~SendCommand() override;

    void start();

signals:
    void finished(int exitCode);

private:
    void fail(const QString &reason);
    void finish(int code);
    void onDelivered();
    void onError(const ChannelError &error);

    SendOptions m_options;
    QTextStream &m_out;
    QTextStream &m_err;
    std::unique_ptr<ChatChannel> m_channel;
    QTimer m_quiet;
    QTimer m_timeout;
    QElapsedTimer m_clock;
    int m_delivered = 0;
    int m_repliesSinceDelivery = 0; // bot messages since the last messageDelivered()
    bool m_done = false;
};

} // namespace rasachat
