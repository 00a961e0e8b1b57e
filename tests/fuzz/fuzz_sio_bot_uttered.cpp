// What the Socket.IO client makes of a server's polling response body (or one WebSocket frame): Engine.IO
// packets, the Socket.IO packets in their messages, and each bot event's payload as a BotMessage, read as
// SioClient and SocketIoChannel read them. Nothing crashes; the raw payload the client keeps for its
// traces is valid JSON.

#include "engineio/eiopacket.h"
#include "fuzzsupport.h"
#include "message/jsonwriter.h"
#include "rasa/socketiooutput.h"
#include "socketio/siopacket.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace rasachat;

RASACHAT_FUZZ_TARGET(sio_bot_uttered)
{
    const QByteArray input = FUZZ_BYTES;
    EioDecodeError eioError;
    const auto packets = decodeEioPayload(input, &eioError);
    if (!packets)
        return 0;
    for (const EioPacket &e : *packets) {
        if (e.type != EioType::Message || e.binary)
            continue;
        SioDecodeError error;
        const auto p = decodeSioPacket(e.data, &error);
        if (!p)
            return 0; // the client closes the connection
        if (p->type != SioType::Event && p->type != SioType::BinaryEvent)
            continue;
        QJsonArray args = p->data.toArray();
        (void)args.first().toVariant().toString();
        args.removeFirst();
        const QJsonValue payload = args.isEmpty() ? QJsonValue() : args.first();
        const BotMessage m = botMessageFromSocketIo(payload);
        (void)m.kind();
        const QByteArray raw = JsonWriter::encode(payload, JsonStyle::Compact);
        QJsonParseError parseError;
        QJsonDocument::fromJson("[" + raw + "]", &parseError);
        FUZZ_CHECK(parseError.error == QJsonParseError::NoError, input + " -> " + raw);
    }
    return 0;
}
