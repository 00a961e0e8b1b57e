#pragma once

// Socket.IO protocol v5 packets (docs/socketio.md, part 2), carried in Engine.IO messages.
//
//   packet      = type [attachments "-"] [namespace ","] [ack-id] [json]
//   type        = "0".."6"          CONNECT DISCONNECT EVENT ACK CONNECT_ERROR BINARY_EVENT BINARY_ACK
//   attachments = 1*DIGIT           only for 5 and 6, always present there
//   namespace   = "/" *(not ",")    omitted when it is "/"
//   ack-id      = 1*DIGIT
//   json        = compact JSON      object for 0 (optional), object or string for 4, array for 2/3/5/6,
//                                   absent for 1
// A binary packet is followed by `attachments` Engine.IO binary messages whose places in the JSON are
// {"_placeholder":true,"num":N}.
//
// Pure value code shared by server and client. Decoding is as strict as node's socket.io-parser: a
// malformed packet is an error value, and the session closes with reason "parse error".

#include <QByteArray>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QVariant>
#include <optional>

namespace rasachat {

enum class SioType {
    Connect = 0,
    Disconnect = 1,
    Event = 2,
    Ack = 3,
    ConnectError = 4,
    BinaryEvent = 5,
    BinaryAck = 6
};

QString sioTypeName(SioType type);

struct SioPacket
{
    SioType type = SioType::Event;
    QString nsp = QStringLiteral("/");
    std::optional<quint64> id;
    QByteArray json;                         // the payload as written on the wire (empty: none)
    QJsonValue data = QJsonValue::Undefined; // the payload parsed (undefined: none); set by the decoder
    int attachments = 0;                     // binary packets: how many binary messages follow
    QList<QByteArray> buffers;               // binary packets: the attachments once collected

    static SioPacket make(SioType type, const QString &nsp, const QByteArray &json,
                          std::optional<quint64> id = {});
};

struct SioDecodeError
{
    QString message;
};

// The text part of the packet; binary packets carry their attachments separately.
QByteArray encodeSioPacket(const SioPacket &packet);
std::optional<SioPacket> decodeSioPacket(QByteArrayView text, SioDecodeError *error);

// Event names an application can never receive or emit (socket.io-parser's RESERVED_EVENTS).
bool isReservedEventName(const QString &name);

// Binary arguments. On the wire each one is a placeholder {"_placeholder":true,"num":N} standing for the
// N-th attachment; an application sees the bytes in its place (a QByteArray in a QVariant tree, as
// socket.io hands a Buffer to JavaScript).
//
// The index a placeholder stands for, or nullopt when `value` is not a placeholder.
std::optional<qsizetype> sioPlaceholderIndex(const QJsonValue &value);
// `value` with every placeholder replaced by its attachment; nullopt when a placeholder points past
// `attachments` (socket.io-parser's "illegal attachments").
std::optional<QVariant> sioReconstruct(const QJsonValue &value, const QList<QByteArray> &attachments);
// The reverse, for sending: every QByteArray in `value` becomes a placeholder and is appended to
// *attachments, depth first, in the order socket.io numbers them.
QJsonValue sioDeconstruct(const QVariant &value, QList<QByteArray> *attachments);

// Collects the binary attachments of a BINARY_EVENT/BINARY_ACK packet, in order.
class SioBinaryAssembler
{
public:
    enum class State { Idle, Collecting };
    State state() const { return m_packet ? State::Collecting : State::Idle; }
    // Starts collecting for a binary packet; returns it at once when it has no attachments.
    std::optional<SioPacket> start(SioPacket packet);
    // Adds the next attachment; returns the packet once it is complete.
    std::optional<SioPacket> add(const QByteArray &attachment);
    void reset() { m_packet.reset(); }

private:
    std::optional<SioPacket> m_packet;
};

// The packet to send for `packet` with `attachments`: the same packet when there are none, else its
// binary twin (EVENT -> BINARY_EVENT, ACK -> BINARY_ACK) announcing them. The attachments follow it as
// Engine.IO binary messages, in order.
SioPacket sioWithAttachments(const SioPacket &packet, const QList<QByteArray> &attachments);

// Reads the Socket.IO packets of one Engine.IO connection from its messages, text and binary, in the
// order they came: decodes text packets, collects a binary packet's attachments and checks that its
// placeholders point at them. One binary packet's attachments are bounded by `maxAttachmentBytes`
// (Engine.IO's maxPayload), in number and in total bytes, an empty one counting as a byte, so nothing
// is reserved for a count no payload could carry. Server and client read with it; what an error costs
// (the packet, or the connection) is theirs to decide.
class SioStreamReader
{
public:
    enum class Status {
        Packet,    // `packet` is complete; a binary one carries its attachments in `buffers`
        Pending,   // a binary packet waits for more attachments
        Malformed, // a text packet that cannot be decoded, or a placeholder past the attachments: the
                   // packet is lost, but the stream is still in step
        OutOfStep, // a text packet where an attachment was due, or an attachment nobody announced
        TooLarge,  // a binary packet's attachments are over maxAttachmentBytes
    };
    struct Result
    {
        Status status = Status::Pending;
        std::optional<SioPacket> packet; // with Packet; with Malformed when it could be decoded
        QString error;                   // why, for a person, with every status but Packet and Pending
    };

    explicit SioStreamReader(qint64 maxAttachmentBytes) : m_maxAttachmentBytes(maxAttachmentBytes) {}
    void setMaxAttachmentBytes(qint64 bytes) { m_maxAttachmentBytes = bytes; }
    qint64 maxAttachmentBytes() const { return m_maxAttachmentBytes; }

    Result readText(QByteArrayView text);
    Result readBinary(const QByteArray &data);
    bool isCollecting() const { return m_assembler.state() == SioBinaryAssembler::State::Collecting; }
    // Forgets a binary packet half collected (the connection ended, or was found out of step).
    void reset();

private:
    Result complete(SioPacket packet);
    Result refuse(Status status, const QString &why);

    SioBinaryAssembler m_assembler;
    qint64 m_maxAttachmentBytes;
    qint64 m_attachmentBytes = 0; // of the binary packet being collected
};

} // namespace rasachat
