#pragma once

#include "../wiring/channelfactory.h"

#include <QCommandLineOption>
#include <QList>

class QCommandLineParser;

namespace rasachat {

// The command-line options that say how to reach a Rasa server, shared by rasa-probe's commands:
// --url, --channel, --sender/--session-id, --receiver-port, --transport, --token, --user-evt, --bot-evt,
// --metadata-key, --socketio-path, --cacert, --insecure.
class ChannelOptions
{
public:
    ChannelOptions();
    void addTo(QCommandLineParser &parser) const;
    // Reads them; on a bad value returns false with *error set to what is wrong.
    bool read(const QCommandLineParser &parser, ChannelSettings *settings, QString *error) const;

private:
    QCommandLineOption m_url, m_channel, m_sender, m_sessionId, m_receiverPort, m_transport, m_token,
        m_userEvt, m_botEvt, m_metadataKey, m_socketioPath, m_caCert, m_insecure;
};

} // namespace rasachat
