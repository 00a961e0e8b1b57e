#pragma once

#include "../client/chatchannel.h"
#include "../client/tlsoptions.h"

#include <QUrl>
#include <memory>

namespace rasachat {

class CallbackReceiver;

// Everything needed to reach a Rasa server over one of its website channels.
struct ChannelSettings
{
    QString kind = QStringLiteral("rest"); // rest | callback | socketio
    QUrl serverUrl;
    QString senderId;         // rest/callback: the sender; socketio: the session id to offer
    quint16 receiverPort = 0; // callback only
    std::shared_ptr<CallbackReceiver> callbackReceiver; // callback: shared by several senders (or null)
    // socketio only
    QString transport = QStringLiteral("auto"); // auto | polling | websocket
    QString token;
    QString userMessageEvt = QStringLiteral("user_uttered");
    QString botMessageEvt = QStringLiteral("bot_uttered");
    QString metadataKey = QStringLiteral("metadata");
    QString socketioPath = QStringLiteral("/socket.io");
    bool rememberSession = false; // keep the confirmed session id for this server (QSettings)
    bool reconnect = true;
    bool lean = false;   // rest: the lean client for load generation (RawRestChannel)
    TlsOptions tls = {}; // how an https:// server is checked
    // rest and callback: a longer answer is refused unread (0: no limit); each answer must be complete
    // within timeoutMs (0: no deadline). Socket.IO is bounded by the server's maxPayload instead.
    qint64 maxReplyBytes = kDefaultMaxReplyBytes;
    int timeoutMs = 0;
};

QStringList channelKinds();
// nullptr with *error set for an unknown kind.
std::unique_ptr<ChatChannel> makeChannel(const ChannelSettings &settings, QString *error);

} // namespace rasachat
