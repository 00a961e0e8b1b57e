#pragma once

#include "rasachat_widget_export.h"

#include <QSharedDataPointer>
#include <QString>
#include <QUrl>

namespace RasaChat {

class ConnectionOptionsData;

// Where and how ChatWidget::connectTo() reaches a Rasa server: the values of the channel's section in
// the server's credentials.yml (docs/rasa-channels.md). A value type, cheap to copy.
class RASACHAT_WIDGET_EXPORT ConnectionOptions
{
public:
    // `channel`: rest, callback or socketio (the names of credentials.yml).
    explicit ConnectionOptions(const QUrl &serverUrl = {},
                               const QString &channel = QStringLiteral("socketio"));
    ConnectionOptions(const ConnectionOptions &other);
    ConnectionOptions(ConnectionOptions &&other) noexcept;
    ConnectionOptions &operator=(const ConnectionOptions &other);
    ConnectionOptions &operator=(ConnectionOptions &&other) noexcept;
    ~ConnectionOptions();

    QUrl serverUrl() const;
    void setServerUrl(const QUrl &url);
    QString channel() const;
    void setChannel(const QString &channel);

    // socketio: the JWT sent with the connection (`jwt_key` on the server), empty for none.
    QString token() const;
    void setToken(const QString &token);
    // socketio: `user_message_evt`, `bot_message_evt`, `metadata_key`, `socketio_path`.
    QString userMessageEvent() const;
    void setUserMessageEvent(const QString &event);
    QString botMessageEvent() const;
    void setBotMessageEvent(const QString &event);
    QString metadataKey() const;
    void setMetadataKey(const QString &key);
    QString socketIoPath() const;
    void setSocketIoPath(const QString &path);

    // callback: the loopback port the bot's answers are POSTed to (0: any free port).
    quint16 receiverPort() const;
    void setReceiverPort(quint16 port);

    // https:// and wss://: a PEM file of CA certificates trusted besides the system's (a Qt resource path
    // such as ":/ca.pem" too), for a server whose certificate a private CA signed; empty: none.
    // connectTo() fails, saying why, if it cannot be read or holds no certificate.
    QString caCertificateFile() const;
    void setCaCertificateFile(const QString &path);

private:
    QSharedDataPointer<ConnectionOptionsData> d;
};

} // namespace RasaChat
