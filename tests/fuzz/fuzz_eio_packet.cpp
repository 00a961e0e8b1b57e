// The Engine.IO packet decoder (one WebSocket text frame or one polling payload element): malformed
// input is an error with a reason, and what decodes encodes back to the same packet.

#include "engineio/eiopacket.h"
#include "fuzzsupport.h"

using namespace rasachat;

RASACHAT_FUZZ_TARGET(eio_packet)
{
    const QByteArray input = FUZZ_BYTES;
    EioDecodeError error;
    const auto packet = decodeEioPacket(input, &error);
    if (!packet) {
        FUZZ_CHECK(!error.message.isEmpty(), input);
        return 0;
    }
    FUZZ_CHECK(!eioTypeName(packet->type).isEmpty(), input);
    const QByteArray wire = encodeEioPacket(*packet);
    const auto again = decodeEioPacket(wire, &error);
    FUZZ_CHECK(again && *again == *packet, input + " -> " + wire);
    return 0;
}
