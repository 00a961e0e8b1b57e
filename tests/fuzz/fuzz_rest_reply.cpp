// The body of a REST webhook reply as the REST client reads it: either a list of bot messages or an
// error with a reason; nothing crashes.

#include "fuzzsupport.h"
#include "rest/restchannel.h"

using namespace rasachat;

RASACHAT_FUZZ_TARGET(rest_reply)
{
    const QByteArray input = FUZZ_BYTES;
    QList<BotMessage> messages;
    QString error;
    if (!parseBotMessageList(input, &messages, &error)) {
        FUZZ_CHECK(!error.isEmpty(), input);
        return 0;
    }
    for (const BotMessage &m : std::as_const(messages)) {
        (void)m.kind();
        (void)m.toWire(JsonStyle::Compact);
    }
    return 0;
}
