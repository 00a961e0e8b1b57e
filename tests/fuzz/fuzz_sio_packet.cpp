// The Socket.IO packet decoder (the text of one Engine.IO message, from a client or a server):
// malformed input is an error with a reason; what decodes has the payload its type allows, and encodes
// back to the same packet.

#include "fuzzsupport.h"
#include "socketio/siopacket.h"

#include <QJsonArray>

using namespace rasachat;

RASACHAT_FUZZ_TARGET(sio_packet)
{
    const QByteArray input = FUZZ_BYTES;
    SioDecodeError error;
    const auto packet = decodeSioPacket(input, &error);
    if (!packet) {
        FUZZ_CHECK(!error.message.isEmpty(), input);
        return 0;
    }
    FUZZ_CHECK(!sioTypeName(packet->type).isEmpty(), input);
    FUZZ_CHECK(packet->nsp.startsWith(u'/'), input);
    FUZZ_CHECK(packet->attachments >= 0, input);
    if (packet->type == SioType::Event || packet->type == SioType::BinaryEvent) {
        // What the servers and clients rely on before they read the event name.
        const QJsonArray args = packet->data.toArray();
        FUZZ_CHECK(!args.isEmpty() && (args.first().isString() || args.first().isDouble()), input);
    }
    const QByteArray wire = encodeSioPacket(*packet);
    const auto again = decodeSioPacket(wire, &error);
    FUZZ_CHECK(again, input + " -> " + wire + ": " + error.message.toUtf8());
    FUZZ_CHECK(again->type == packet->type && again->nsp == packet->nsp && again->id == packet->id &&
                   again->data == packet->data && again->attachments == packet->attachments,
               input + " -> " + wire);
    return 0;
}
