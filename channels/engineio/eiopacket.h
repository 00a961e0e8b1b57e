#pragma once

// Engine.IO protocol v4 packets (docs/socketio.md, part 1).
//
//   text packet   = type-digit [data]          e.g. "4hello", "2", "3probe", "0{...}"
//   binary packet = raw bytes (WebSocket binary frame) | "b" base64 (inside a polling payload)
//   payload       = packet *( "\x1e" packet )   (polling bodies only; never on a WebSocket)
//
// Pure value code: no sockets, no timers; server and client share it.

#include <QByteArray>
#include <QList>
#include <QString>
#include <limits>
#include <optional>

namespace rasachat {

enum class EioType { Open = 0, Close = 1, Ping = 2, Pong = 3, Message = 4, Upgrade = 5, Noop = 6 };

QString eioTypeName(EioType type);

struct EioPacket
{
    EioType type = EioType::Message;
    QByteArray data;     // text (UTF-8) or, when binary, raw bytes
    bool binary = false; // only for Message

    static EioPacket text(EioType type, const QByteArray &data = {}) { return {type, data, false}; }
    static EioPacket bytes(const QByteArray &data) { return {EioType::Message, data, true}; }
    friend bool operator==(const EioPacket &, const EioPacket &) = default;
};

// A decoding failure, with what a log line or a close reason should say.
struct EioDecodeError
{
    QString message;
};

// Encodes a text packet for a WebSocket text frame or a payload; binary packets as "b"+base64
// (use the raw bytes in a WebSocket binary frame instead).
QByteArray encodeEioPacket(const EioPacket &packet);
// Decodes one WebSocket text frame or one payload element.
std::optional<EioPacket> decodeEioPacket(QByteArrayView text, EioDecodeError *error);

// A number of packets. Its own type, so that a byte count (maxPayload) cannot be passed for it.
enum class EioPacketCount : int {
    PythonEngineIo = 16, // python-engineio's max_decode_packets: interoperable with both servers
    Unlimited = std::numeric_limits<int>::max() // node's engine.io: the body's byte limit bounds the work
};

struct EioPayloadLimits
{
    EioPacketCount maxPackets = EioPacketCount::PythonEngineIo;
};

QByteArray encodeEioPayload(const QList<EioPacket> &packets);
// An empty body decodes to no packets.
std::optional<QList<EioPacket>> decodeEioPayload(QByteArrayView body, EioDecodeError *error,
                                                 const EioPayloadLimits &limits = {});

} // namespace rasachat
