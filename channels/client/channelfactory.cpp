#include "channelfactory.h"

#include "../callback/callbackchannel.h"
#include "../rest/restchannel.h"

namespace rasachat {

QStringList channelKinds()
{
    return {QStringLiteral("rest"), QStringLiteral("callback")};
}

std::unique_ptr<ChatChannel> makeChannel(const ChannelSettings &settings, QString *error)
{
    if (settings.kind == u"rest")
        return std::make_unique<RestChannel>(RestChannelOptions{settings.serverUrl, settings.senderId});
    if (settings.kind == u"callback") {
        CallbackChannelOptions o;
        o.serverUrl = settings.serverUrl;
        o.senderId = settings.senderId;
        o.receiverPort = settings.receiverPort;
        return std::make_unique<CallbackChannel>(o);
    }
    *error =
        QStringLiteral("unknown channel '%1' (one of: %2)").arg(settings.kind, channelKinds().join(u", "));
    return nullptr;
}

} // namespace rasachat
