#include "channelfactory.h"

#include "../callback/callbackchannel.h"
#include "../rasa/socketiochannel.h"
#include "../rest/rawrestchannel.h"
#include "../rest/restchannel.h"

namespace rasachat {

QStringList channelKinds()
{
    return {QStringLiteral("rest"), QStringLiteral("callback"), QStringLiteral("socketio")};
}

std::unique_ptr<ChatChannel> makeChannel(const ChannelSettings &settings, QString *error)
{
    if (settings.kind == u"rest" && settings.lean)
        return std::make_unique<RawRestChannel>(settings.serverUrl, settings.senderId, settings.maxReplyBytes,
                                                settings.tls);
    if (settings.kind == u"rest")
        return std::make_unique<RestChannel>(RestChannelOptions{
            settings.serverUrl, settings.senderId, settings.maxReplyBytes, settings.timeoutMs, settings.tls});
    if (settings.kind == u"callback") {
        CallbackChannelOptions o;
        o.serverUrl = settings.serverUrl;
        o.senderId = settings.senderId;
        o.receiverPort = settings.receiverPort;
        o.receiver = settings.callbackReceiver;
        o.maxReplyBytes = settings.maxReplyBytes;
        o.timeoutMs = settings.timeoutMs;
        o.tls = settings.tls;
        return std::make_unique<CallbackChannel>(o);
    }
    if (settings.kind == u"socketio") {
        bool ok = false;
        SocketIoChannelOptions o;
        o.serverUrl = settings.serverUrl;
        o.transport = transportFromName(settings.transport, &ok);
        if (!ok) {
            *error = QStringLiteral("unknown transport '%1' (one of: auto, polling, websocket)")
                         .arg(settings.transport);
            return nullptr;
        }
        o.sessionId = settings.senderId;
        o.token = settings.token;
        o.tls = settings.tls;
        o.userMessageEvt = settings.userMessageEvt;
        o.botMessageEvt = settings.botMessageEvt;
        o.metadataKey = settings.metadataKey;
        o.socketioPath = settings.socketioPath;
        o.rememberSession = settings.rememberSession;
        o.reconnect = settings.reconnect;
        return std::make_unique<SocketIoChannel>(o);
    }
    *error =
        QStringLiteral("unknown channel '%1' (one of: %2)").arg(settings.kind, channelKinds().join(u", "));
    return nullptr;
}

} // namespace rasachat
