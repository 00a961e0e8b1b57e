// The Engine.IO payload decoder (a polling body: packets joined by \x1e): the packet limit holds,
// malformed input is an error with a reason, and what decodes encodes back to the same packets.

#include "engineio/eiopacket.h"
#include "fuzzsupport.h"

using namespace rasachat;

RASACHAT_FUZZ_TARGET(eio_payload)
{
    const QByteArray input = FUZZ_BYTES;
    // The first byte picks the packet limit, so that small limits are reached too.
    const EioPayloadLimits limits{EioPacketCount(input.isEmpty() ? 16 : 1 + quint8(input[0]) % 32)};
    const QByteArray body = input.mid(1);
    EioDecodeError error;
    const auto packets = decodeEioPayload(body, &error, limits);
    if (!packets) {
        FUZZ_CHECK(!error.message.isEmpty(), body);
        return 0;
    }
    FUZZ_CHECK(packets->size() <= qsizetype(limits.maxPackets), body);
    FUZZ_CHECK(body.isEmpty() == packets->isEmpty(), body);
    const QByteArray wire = encodeEioPayload(*packets);
    const auto again = decodeEioPayload(wire, &error, limits);
    FUZZ_CHECK(again && *again == *packets, body + " -> " + wire);
    return 0;
}
