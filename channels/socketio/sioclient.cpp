#include "sioclient.h"

#include "../message/jsonwriter.h"

#include <QJsonObject>

namespace rasachat {

SioClient::SioClient(EngineClient *engine, QObject *parent)
    : QObject(parent), m_engine(engine), m_reader(kDefaultMaxPayload)
{
    connect(engine, &EngineClient::opened, this, &SioClient::onOpened);
    connect(engine, &EngineClient::messageReceived, this, &SioClient::onMessage);
    connect(engine, &EngineClient::binaryReceived, this, &SioClient::onBinary);
    connect(engine, &EngineClient::closed, this, &SioClient::onEngineClosed);
}

void SioClient::connectTo(const QString &nsp, const QJsonValue &auth)
{
    m_wanted.insert(nsp, auth);
    if (m_engine && m_engine->state() == EngineClient::State::Open)
        sendConnect(nsp);
}

void SioClient::sendConnect(const QString &nsp)
{
    const QJsonValue auth = m_wanted.value(nsp, QJsonValue::Undefined);
    const QByteArray json = auth.isUndefined() ? QByteArray() : JsonWriter::encode(auth, JsonStyle::Compact);
    send(encodeSioPacket(SioPacket::make(SioType::Connect, nsp, json)));
}

void SioClient::onOpened()
{
    m_reader.reset();
    if (m_engine)
        m_reader.setMaxAttachmentBytes(m_engine->maxIncomingMessage());
    for (auto it = m_wanted.cbegin(); it != m_wanted.cend(); ++it)
        sendConnect(it.key());
}

void SioClient::disconnectFrom(const QString &nsp)
{
    m_wanted.remove(nsp);
    if (m_connected.remove(nsp)) {
        send(encodeSioPacket(SioPacket::make(SioType::Disconnect, nsp, {})));
        m_acks.remove(nsp);
        emit disconnected(nsp, DisconnectReason::ClientDisconnect);
    }
}

void SioClient::emitRaw(const QByteArray &eventArray, AckCallback onAck, const QString &nsp,
                        const QList<QByteArray> &attachments)
{
    std::optional<quint64> id;
    if (onAck) {
        id = m_nextAckId[nsp]++;
        m_acks[nsp].insert(*id, std::move(onAck));
    }
    sendPacket(SioPacket::make(SioType::Event, nsp, eventArray, id), attachments);
}

void SioClient::ack(quint64 id, const QByteArray &argsArray, const QString &nsp,
                    const QList<QByteArray> &attachments)
{
    sendPacket(SioPacket::make(SioType::Ack, nsp, argsArray, id), attachments);
}

void SioClient::sendPacket(const SioPacket &packet, const QList<QByteArray> &attachments)
{
    send(encodeSioPacket(sioWithAttachments(packet, attachments)));
    if (m_engine)
        for (const QByteArray &data : attachments)
            m_engine->sendBinary(data);
}

void SioClient::onMessage(const QByteArray &text)
{
    handle(m_reader.readText(text), text);
}

void SioClient::onBinary(const QByteArray &data)
{
    handle(m_reader.readBinary(data), {});
}

void SioClient::handle(SioStreamReader::Result r, const QByteArray &text)
{
    switch (r.status) {
    case SioStreamReader::Status::Pending:
        return;
    case SioStreamReader::Status::Packet:
        return dispatch(*r.packet);
    case SioStreamReader::Status::Malformed:
        emit malformedPacket(r.error, r.packet ? encodeSioPacket(*r.packet) : text);
        return;
    case SioStreamReader::Status::OutOfStep:
        return failStream(EngineClient::CloseReason::ParseError, r.error);
    case SioStreamReader::Status::TooLarge:
        return failStream(EngineClient::CloseReason::TooLarge, r.error);
    }
}

void SioClient::failStream(EngineClient::CloseReason reason, const QString &why)
{
    m_reader.reset();
    if (m_engine)
        m_engine->abort(reason, why);
}

void SioClient::dispatch(const SioPacket &p)
{
    switch (p.type) {
    case SioType::Connect: {
        const QString sid = p.data.toObject().value(u"sid").toString();
        if (sid.isEmpty()) { // a v2 server: socket.io-client refuses it the same way
            emit connectError(p.nsp, QJsonObject{{QStringLiteral("message"),
                                                  QStringLiteral("the server answered CONNECT without a sid; "
                                                                 "is it a Socket.IO v2 server?")}});
            return;
        }
        m_connected.insert(p.nsp, sid);
        emit connected(p.nsp, sid);
        return;
    }
    case SioType::ConnectError:
        m_wanted.remove(p.nsp);
        emit connectError(p.nsp, p.data);
        return;
    case SioType::Disconnect:
        if (m_connected.remove(p.nsp)) {
            m_wanted.remove(p.nsp); // the server sent us away: no automatic reconnect
            m_acks.remove(p.nsp);
            emit disconnected(p.nsp, DisconnectReason::ServerDisconnect);
        }
        return;
    case SioType::Event:
    case SioType::BinaryEvent: {
        if (!m_connected.contains(p.nsp))
            return;
        QJsonArray args = p.data.toArray();
        const QString name = args.first().toVariant().toString();
        args.removeFirst();
        emit eventReceived(p.nsp, name, args, p.id, p.buffers);
        return;
    }
    case SioType::Ack:
    case SioType::BinaryAck:
        if (p.id) {
            if (auto callback = m_acks[p.nsp].take(*p.id))
                callback(p.data.toArray(), p.buffers);
        }
        return;
    }
}

void SioClient::send(const QByteArray &packet)
{
    if (m_engine)
        m_engine->sendMessage(packet);
}

void SioClient::onEngineClosed()
{
    m_reader.reset();
    const QStringList namespaces = m_connected.keys();
    m_connected.clear();
    m_acks.clear();
    for (const QString &nsp : namespaces)
        emit disconnected(nsp, DisconnectReason::EngineClosed);
}

QString sioDisconnectReasonName(SioClient::DisconnectReason reason)
{
    switch (reason) {
    case SioClient::DisconnectReason::ServerDisconnect:
        return QStringLiteral("io server disconnect");
    case SioClient::DisconnectReason::ClientDisconnect:
        return QStringLiteral("io client disconnect");
    case SioClient::DisconnectReason::EngineClosed:
        return QStringLiteral("transport close");
    }
    return {};
}

} // namespace rasachat
