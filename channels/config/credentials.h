#pragma once

#include <QMap>
#include <QString>
#include <optional>

namespace rasachat {

struct RestSettings
{
    bool enabled = true;
};

// The `callback:` section: Rasa reads it as an outgoing endpoint (rasa/utils/endpoints.py).
struct CallbackSettings
{
    bool enabled = false; // Rasa refuses to start the channel without a url
    QString url;
    QMap<QString, QString> headers;
    QMap<QString, QString> params;
    QString basicAuthUser;
    QString basicAuthPassword;
    QString token;
    QString tokenName = QStringLiteral("token");
};

struct SocketIoSettings
{
    bool enabled = true;
    QString userMessageEvt = QStringLiteral("user_uttered");
    QString botMessageEvt = QStringLiteral("bot_uttered");
    bool sessionPersistence = false;
    QString socketNamespace; // empty: the default namespace "/"
    QString socketioPath = QStringLiteral("/socket.io");
    QString jwtKey;
    QString jwtMethod = QStringLiteral("HS256");
    QString metadataKey = QStringLiteral("metadata");
};

// Rasa's credentials.yml, one typed struct per website channel. A channel whose top-level key is
// missing from a file that exists is off, as in Rasa.
struct Credentials
{
    RestSettings rest;
    CallbackSettings callback;
    SocketIoSettings socketio;

    // No credentials file: every channel on with Rasa's defaults; callback only when a url is known.
    static Credentials defaults(const QString &callbackUrl = {});

    // Reads a credentials.yml. On failure returns nullopt and sets *error to "FILE:LINE: key 'K': what".
    static std::optional<Credentials> load(const QString &path, QString *error);
    static std::optional<Credentials> parse(const QByteArray &yaml, const QString &fileName, QString *error);
};

} // namespace rasachat
