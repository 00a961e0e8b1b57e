#pragma once

#include "chatchannel.h"

#include <QUrl>
#include <memory>

namespace rasachat {

// Everything needed to reach a Rasa server over one of its website channels.
struct ChannelSettings
{
    QString kind = QStringLiteral("rest"); // rest | callback (socketio comes with its client)
    QUrl serverUrl;
    QString senderId;
    quint16 receiverPort = 0; // callback only
};

QStringList channelKinds();
// nullptr with *error set for an unknown kind.
std::unique_ptr<ChatChannel> makeChannel(const ChannelSettings &settings, QString *error);

} // namespace rasachat
