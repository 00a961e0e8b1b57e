#include "eiopacket.h"

namespace rasachat {

QString eioTypeName(EioType type)
{
    switch (type) {
    case EioType::Open:
        return QStringLiteral("OPEN");
    case EioType::Close:
        return QStringLiteral("CLOSE");
    case EioType::Ping:
        return QStringLiteral("PING");
    case EioType::Pong:
        return QStringLiteral("PONG");
    case EioType::Message:
        return QStringLiteral("MESSAGE");
    case EioType::Upgrade:
        return QStringLiteral("UPGRADE");
    case EioType::Noop:
        return QStringLiteral("NOOP");
    }
    return QStringLiteral("UNKNOWN");
}

QByteArray encodeEioPacket(const EioPacket &packet)
{
    if (packet.binary)
        return 'b' + packet.data.toBase64();
    return char('0' + int(packet.type)) + packet.data;
}

std::optional<EioPacket> decodeEioPacket(QByteArrayView text, EioDecodeError *error)
{
    if (text.isEmpty()) {
        *error = {QStringLiteral("empty packet")};
        return std::nullopt;
    }
    const char first = text.front();
    if (first == 'b') {
        const auto decoded = QByteArray::fromBase64Encoding(text.sliced(1).toByteArray(),
                                                            QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded) {
            *error = {QStringLiteral("binary packet with invalid base64")};
            return std::nullopt;
        }
        return EioPacket::bytes(*decoded);
    }
    if (first < '0' || first > '6') {
        *error = {QStringLiteral("unknown packet type '%1'").arg(QLatin1Char(first))};
        return std::nullopt;
    }
    return EioPacket::text(EioType(first - '0'), text.sliced(1).toByteArray());
}

QByteArray encodeEioPayload(const QList<EioPacket> &packets)
{
    QByteArray out;
    for (const EioPacket &p : packets) {
        if (!out.isEmpty())
            out += '\x1e';
        out += encodeEioPacket(p);
    }
    return out;
}

std::optional<QList<EioPacket>> decodeEioPayload(QByteArrayView body, EioDecodeError *error,
                                                 const EioPayloadLimits &limits)
{
    QList<EioPacket> packets;
    if (body.isEmpty())
        return packets;
    qsizetype start = 0;
    while (start <= body.size()) {
        qsizetype end = body.indexOf('\x1e', start);
        if (end < 0)
            end = body.size();
        if (packets.size() == qsizetype(limits.maxPackets)) {
            *error = {QStringLiteral("more than %1 packets in one payload").arg(int(limits.maxPackets))};
            return std::nullopt;
        }
        auto packet = decodeEioPacket(body.sliced(start, end - start), error);
        if (!packet)
            return std::nullopt;
        packets.append(*packet);
        start = end + 1;
    }
    return packets;
}

} // namespace rasachat
