#include "siopacket.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QVariantList>
#include <QVariantMap>
#include <algorithm>

namespace rasachat {

namespace {

constexpr int kMaxAttachmentDigits = 10; // as python-socketio: "too many attachments"
constexpr int kMaxIdDigits = 18;         // fits in 64 bits; python-socketio allows up to 100

// QJsonDocument takes only objects and arrays; a bare string (CONNECT_ERROR from python) is JSON too.
// Takes the QByteArray the packet keeps, so that the payload is not copied once more to be parsed.
std::optional<QJsonValue> parseJson(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error == QJsonParseError::NoError)
        return doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
    const QJsonDocument wrapped = QJsonDocument::fromJson('[' + json + ']', &error);
    if (error.error == QJsonParseError::NoError && wrapped.array().size() == 1)
        return wrapped.array().first();
    return std::nullopt;
}

bool isValidPayload(const SioPacket &p, QString *why)
{
    const QJsonValue &d = p.data;
    switch (p.type) {
    case SioType::Connect:
        if (d.isUndefined() || d.isObject())
            return true;
        *why = QStringLiteral("CONNECT payload must be an object");
        return false;
    case SioType::Disconnect:
        if (d.isUndefined())
            return true;
        *why = QStringLiteral("DISCONNECT carries no payload");
        return false;
    case SioType::ConnectError:
        if (d.isObject() || d.isString())
            return true;
        *why = QStringLiteral("CONNECT_ERROR payload must be an object or a string");
        return false;
    case SioType::Event:
    case SioType::BinaryEvent: {
        const QJsonArray a = d.toArray();
        if (!d.isArray() || a.isEmpty() || !(a.first().isString() || a.first().isDouble())) {
            *why = QStringLiteral("EVENT payload must be a list starting with the event name");
            return false;
        }
        if (a.first().isString() && isReservedEventName(a.first().toString())) {
            *why = QStringLiteral("'%1' is a reserved event name").arg(a.first().toString());
            return false;
        }
        return true;
    }
    case SioType::Ack:
    case SioType::BinaryAck:
        if (d.isArray())
            return true;
        *why = QStringLiteral("ACK payload must be a list");
        return false;
    }
    return false;
}

} // namespace

QString sioTypeName(SioType type)
{
    switch (type) {
    case SioType::Connect:
        return QStringLiteral("CONNECT");
    case SioType::Disconnect:
        return QStringLiteral("DISCONNECT");
    case SioType::Event:
        return QStringLiteral("EVENT");
    case SioType::Ack:
        return QStringLiteral("ACK");
    case SioType::ConnectError:
        return QStringLiteral("CONNECT_ERROR");
    case SioType::BinaryEvent:
        return QStringLiteral("BINARY_EVENT");
    case SioType::BinaryAck:
        return QStringLiteral("BINARY_ACK");
    }
    return QStringLiteral("UNKNOWN");
}

SioPacket SioPacket::make(SioType type, const QString &nsp, const QByteArray &json, std::optional<quint64> id)
{
    SioPacket p;
    p.type = type;
    p.nsp = nsp.isEmpty() ? QStringLiteral("/") : nsp;
    p.json = json;
    p.id = id;
    return p;
}

bool isReservedEventName(const QString &name)
{
    static const QStringList reserved = {QStringLiteral("connect"),     QStringLiteral("connect_error"),
                                         QStringLiteral("disconnect"),  QStringLiteral("disconnecting"),
                                         QStringLiteral("newListener"), QStringLiteral("removeListener")};
    return reserved.contains(name);
}

QByteArray encodeSioPacket(const SioPacket &packet)
{
    QByteArray out;
    out += char('0' + int(packet.type));
    if (packet.type == SioType::BinaryEvent || packet.type == SioType::BinaryAck)
        out += QByteArray::number(packet.attachments) + '-';
    if (packet.nsp != u"/")
        out += packet.nsp.toUtf8() + ',';
    if (packet.id)
        out += QByteArray::number(*packet.id);
    out += packet.json;
    return out;
}

std::optional<SioPacket> decodeSioPacket(QByteArrayView text, SioDecodeError *error)
{
    auto fail = [error](const QString &why) {
        *error = {why};
        return std::nullopt;
    };
    if (text.isEmpty())
        return fail(QStringLiteral("empty packet"));
    const char t = text.front();
    if (t < '0' || t > '6')
        return fail(QStringLiteral("unknown packet type '%1'").arg(QLatin1Char(t)));
    SioPacket p;
    p.type = SioType(t - '0');
    qsizetype i = 1;

    if (p.type == SioType::BinaryEvent || p.type == SioType::BinaryAck) {
        const qsizetype dash = text.indexOf('-', i);
        if (dash < 0)
            return fail(QStringLiteral("binary packet without attachment count"));
        const QByteArrayView digits = text.sliced(i, dash - i);
        if (digits.isEmpty() || digits.size() > kMaxAttachmentDigits)
            return fail(QStringLiteral("too many attachments"));
        bool ok = false;
        p.attachments = digits.toInt(&ok);
        if (!ok || p.attachments < 0)
            return fail(QStringLiteral("illegal attachment count"));
        i = dash + 1;
    }
    if (i < text.size() && text[i] == '/') {
        qsizetype comma = text.indexOf(',', i);
        if (comma < 0)
            comma = text.size();
        p.nsp = QString::fromUtf8(text.sliced(i, comma - i));
        const qsizetype query = p.nsp.indexOf(u'?'); // v4 clients sent a query here; v5 ignores it
        if (query >= 0)
            p.nsp.truncate(query);
        i = comma + 1;
    }
    qsizetype idEnd = i;
    while (idEnd < text.size() && text[idEnd] >= '0' && text[idEnd] <= '9')
        ++idEnd;
    if (idEnd > i) {
        if (idEnd - i > kMaxIdDigits)
            return fail(QStringLiteral("id field is too long"));
        p.id = text.sliced(i, idEnd - i).toULongLong();
        i = idEnd;
    }
    if (i < text.size()) {
        p.json = text.sliced(i).toByteArray();
        auto data = parseJson(p.json);
        if (!data)
            return fail(QStringLiteral("invalid JSON payload"));
        p.data = *data;
    }
    QString why;
    if (!isValidPayload(p, &why))
        return fail(why);
    return p;
}

std::optional<qsizetype> sioPlaceholderIndex(const QJsonValue &value)
{
    if (!value.isObject())
        return std::nullopt;
    const QJsonObject o = value.toObject();
    const QJsonValue num = o.value(u"num");
    if (o.size() != 2 || o.value(u"_placeholder") != QJsonValue(true) || !num.isDouble())
        return std::nullopt;
    const double n = num.toDouble();
    if (n < 0 || n != double(qint64(n)))
        return std::nullopt;
    return qsizetype(n);
}

std::optional<QVariant> sioReconstruct(const QJsonValue &value, const QList<QByteArray> &attachments)
{
    if (auto index = sioPlaceholderIndex(value)) {
        if (*index >= attachments.size())
            return std::nullopt;
        return QVariant(attachments.at(*index));
    }
    if (value.isArray()) {
        QVariantList list;
        const QJsonArray array = value.toArray();
        list.reserve(array.size());
        for (const QJsonValue &v : array) {
            auto item = sioReconstruct(v, attachments);
            if (!item)
                return std::nullopt;
            list.append(*item);
        }
        return QVariant(list);
    }
    if (value.isObject()) {
        QVariantMap map;
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            auto item = sioReconstruct(it.value(), attachments);
            if (!item)
                return std::nullopt;
            map.insert(it.key(), *item);
        }
        return QVariant(map);
    }
    return value.toVariant();
}

QJsonValue sioDeconstruct(const QVariant &value, QList<QByteArray> *attachments)
{
    switch (value.metaType().id()) {
    case QMetaType::QByteArray: {
        QJsonObject placeholder{{QStringLiteral("_placeholder"), true},
                                {QStringLiteral("num"), attachments->size()}};
        attachments->append(value.toByteArray());
        return placeholder;
    }
    case QMetaType::QVariantList: {
        QJsonArray array;
        for (const QVariant &v : value.toList())
            array.append(sioDeconstruct(v, attachments));
        return array;
    }
    case QMetaType::QVariantMap: {
        QJsonObject object;
        const QVariantMap map = value.toMap();
        for (auto it = map.begin(); it != map.end(); ++it)
            object.insert(it.key(), sioDeconstruct(it.value(), attachments));
        return object;
    }
    default:
        return QJsonValue::fromVariant(value);
    }
}

std::optional<SioPacket> SioBinaryAssembler::start(SioPacket packet)
{
    if (packet.attachments == 0)
        return packet;
    m_packet = std::move(packet);
    return std::nullopt;
}

std::optional<SioPacket> SioBinaryAssembler::add(const QByteArray &attachment)
{
    if (!m_packet)
        return std::nullopt;
    m_packet->buffers.append(attachment);
    if (m_packet->buffers.size() < m_packet->attachments)
        return std::nullopt;
    std::optional<SioPacket> done = std::move(m_packet);
    m_packet.reset();
    return done;
}

SioPacket sioWithAttachments(const SioPacket &packet, const QList<QByteArray> &attachments)
{
    if (attachments.isEmpty())
        return packet;
    SioPacket binary = packet;
    binary.type = packet.type == SioType::Ack || packet.type == SioType::BinaryAck ? SioType::BinaryAck
                                                                                   : SioType::BinaryEvent;
    binary.attachments = int(attachments.size());
    return binary;
}

SioStreamReader::Result SioStreamReader::readText(QByteArrayView text)
{
    if (isCollecting())
        return refuse(Status::OutOfStep,
                      QStringLiteral("a text packet while binary attachments were expected"));
    SioDecodeError error;
    auto packet = decodeSioPacket(text, &error);
    if (!packet)
        return {Status::Malformed, std::nullopt, error.message};
    if (packet->type != SioType::BinaryEvent && packet->type != SioType::BinaryAck)
        return {Status::Packet, std::move(packet), {}};
    if (packet->attachments > m_maxAttachmentBytes)
        return refuse(Status::TooLarge, QStringLiteral("a binary packet announces %1 attachments, more than "
                                                       "the limit of %2 (maxPayload)")
                                            .arg(packet->attachments)
                                            .arg(m_maxAttachmentBytes));
    m_attachmentBytes = 0;
    if (auto done = m_assembler.start(std::move(*packet)))
        return complete(std::move(*done));
    return {};
}

SioStreamReader::Result SioStreamReader::readBinary(const QByteArray &data)
{
    if (!isCollecting())
        return refuse(Status::OutOfStep, QStringLiteral("binary data without a binary packet"));
    m_attachmentBytes += std::max<qsizetype>(data.size(), 1);
    if (m_attachmentBytes > m_maxAttachmentBytes)
        return refuse(Status::TooLarge,
                      QStringLiteral("the attachments of one binary packet exceed %1 bytes (maxPayload)")
                          .arg(m_maxAttachmentBytes));
    if (auto done = m_assembler.add(data))
        return complete(std::move(*done));
    return {};
}

void SioStreamReader::reset()
{
    m_assembler.reset();
    m_attachmentBytes = 0;
}

SioStreamReader::Result SioStreamReader::complete(SioPacket packet)
{
    if (!sioReconstruct(packet.data, packet.buffers)) {
        const QString why = QStringLiteral("a placeholder refers to a missing attachment (%1 attached)")
                                .arg(packet.buffers.size());
        return {Status::Malformed, std::move(packet), why};
    }
    return {Status::Packet, std::move(packet), {}};
}

SioStreamReader::Result SioStreamReader::refuse(Status status, const QString &why)
{
    reset();
    return {status, std::nullopt, why};
}

} // namespace rasachat
