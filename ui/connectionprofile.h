#pragma once

#include "wiring/channelfactory.h"

#include <QJsonValue>
#include <QList>
#include <QString>
#include <optional>

class QSettings;

namespace RasaChat {

// A saved way to reach a Rasa server: what the connection dialog edits and QSettings keeps.
struct ConnectionProfile
{
    QString name = QStringLiteral("Local Rasa");
    QString url = QStringLiteral("http://localhost:5005");
    QString channel = QStringLiteral("socketio"); // socketio | rest | callback
    QString userMessageEvt = QStringLiteral("user_uttered");
    QString botMessageEvt = QStringLiteral("bot_uttered");
    QString metadataKey = QStringLiteral("metadata");
    bool sessionPersistence = true; // keep the Socket.IO session id across restarts
    QString metadataJson;           // sent with every message; empty: none
    QString token;                  // JWT for Socket.IO
    int receiverPort = 0;           // callback receiver; 0: any free port
    QString transport = QStringLiteral("auto");
    QString caCertFile; // https: a PEM file of CA certificates trusted besides the system's; empty: none

    // What makeChannel() needs; nullopt with *error set when the CA file cannot be used.
    std::optional<rasachat::ChannelSettings> channelSettings(QString *error) const;
    // The metadata as JSON, or undefined; *error set when metadataJson is not a JSON object.
    QJsonValue metadata(QString *error = nullptr) const;

    friend bool operator==(const ConnectionProfile &, const ConnectionProfile &) = default;
};

// Profiles in QSettings (array "profiles"), plus the name of the last one used.
class ProfileStore
{
public:
    explicit ProfileStore(QSettings *settings) : m_settings(settings) {}

    QList<ConnectionProfile> load() const;
    void save(const QList<ConnectionProfile> &profiles);
    QString lastUsed() const;
    void setLastUsed(const QString &name);

private:
    QSettings *m_settings;
};

} // namespace RasaChat
