#include "connectionoptions.h"

namespace RasaChat {

class ConnectionOptionsData : public QSharedData
{
public:
    QUrl serverUrl;
    QString channel;
    QString token;
    QString userMessageEvent = QStringLiteral("user_uttered");
    QString botMessageEvent = QStringLiteral("bot_uttered");
    QString metadataKey = QStringLiteral("metadata");
    QString socketIoPath = QStringLiteral("/socket.io");
    quint16 receiverPort = 0;
    QString caCertificateFile;
};

ConnectionOptions::ConnectionOptions(const QUrl &serverUrl, const QString &channel)
    : d(new ConnectionOptionsData)
{
    d->serverUrl = serverUrl;
    d->channel = channel;
}

ConnectionOptions::ConnectionOptions(const ConnectionOptions &other) = default;
ConnectionOptions::ConnectionOptions(ConnectionOptions &&other) noexcept = default;
ConnectionOptions &ConnectionOptions::operator=(const ConnectionOptions &other) = default;
ConnectionOptions &ConnectionOptions::operator=(ConnectionOptions &&other) noexcept = default;
ConnectionOptions::~ConnectionOptions() = default;

QUrl ConnectionOptions::serverUrl() const
{
    return d->serverUrl;
}
void ConnectionOptions::setServerUrl(const QUrl &url)
{
    d->serverUrl = url;
}
QString ConnectionOptions::channel() const
{
    return d->channel;
}
void ConnectionOptions::setChannel(const QString &channel)
{
    d->channel = channel;
}
QString ConnectionOptions::token() const
{
    return d->token;
}
void ConnectionOptions::setToken(const QString &token)
{
    d->token = token;
}
QString ConnectionOptions::userMessageEvent() const
{
    return d->userMessageEvent;
}
void ConnectionOptions::setUserMessageEvent(const QString &event)
{
    d->userMessageEvent = event;
}
QString ConnectionOptions::botMessageEvent() const
{
    return d->botMessageEvent;
}
void ConnectionOptions::setBotMessageEvent(const QString &event)
{
    d->botMessageEvent = event;
}
QString ConnectionOptions::metadataKey() const
{
    return d->metadataKey;
}
void ConnectionOptions::setMetadataKey(const QString &key)
{
    d->metadataKey = key;
}
QString ConnectionOptions::socketIoPath() const
{
    return d->socketIoPath;
}
void ConnectionOptions::setSocketIoPath(const QString &path)
{
    d->socketIoPath = path;
}
quint16 ConnectionOptions::receiverPort() const
{
    return d->receiverPort;
}
void ConnectionOptions::setReceiverPort(quint16 port)
{
    d->receiverPort = port;
}
QString ConnectionOptions::caCertificateFile() const
{
    return d->caCertificateFile;
}
void ConnectionOptions::setCaCertificateFile(const QString &path)
{
    d->caCertificateFile = path;
}

} // namespace RasaChat
