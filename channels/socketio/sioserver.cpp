#include "sioserver.h"

#include "../engineio/engineserver.h"
#include "../engineio/enginesession.h"
#include "../message/jsonwriter.h"
#include "siopacket.h"

#include <QLoggingCategory>
#include <QPointer>
#include <QRandomGenerator>

Q_LOGGING_CATEGORY(lcSio, "rasa.sio", QtInfoMsg)

namespace rasachat {

namespace {

QString newSocketId()
{
    QByteArray bytes(15, Qt::Uninitialized);
    for (char &c : bytes)
        c = char(QRandomGenerator::system()->generate());
    return QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding));
}

QByteArray messagePayload(const QString &message)
{
    JsonWriter w(JsonStyle::PythonCompact);
    w.beginObject().key(u"message").value(message).endObject();
    return w.data();
}

} // namespace

// The Socket.IO side of one Engine.IO session: decodes its messages, keeps its namespace sockets and
// reassembles binary packets.
class SioConnection : public QObject
{
public:
    SioConnection(EngineSession *engine, SioServer *server)
        : QObject(engine), m_engine(engine), m_server(server)
    {
        connect(engine, &EngineSession::messageReceived, this, &SioConnection::onText);
        connect(engine, &EngineSession::binaryReceived, this, &SioConnection::onBinary);
        connect(engine, &EngineSession::closed, this, [this](EioCloseReason reason) {
            const QString why = eioCloseReasonName(reason);
            for (SioSocket *s : std::as_const(m_sockets))
                m_server->socketGone(s, why);
            m_sockets.clear();
        });
    }

    void remove(SioSocket *socket) { m_sockets.remove(socket->nsp()); }

private:
    void onText(const QByteArray &text)
    {
        SioDecodeError error;
        auto packet = decodeSioPacket(text, &error);
        if (!packet || m_assembler.state() == SioBinaryAssembler::State::Collecting) {
            const QString why =
                packet ? QStringLiteral("text packet while binary attachments were expected") : error.message;
            qCWarning(lcSio).noquote() << m_engine->sid() << "closing on a malformed packet:" << why;
            m_engine->close(EioCloseReason::ParseError, why);
            return;
        }
        if (packet->type == SioType::BinaryEvent || packet->type == SioType::BinaryAck) {
            if (auto complete = m_assembler.start(std::move(*packet)))
                dispatch(*complete);
            return;
        }
        dispatch(*packet);
    }

    void onBinary(const QByteArray &data)
    {
        if (m_assembler.state() != SioBinaryAssembler::State::Collecting) {
            m_engine->close(EioCloseReason::ParseError,
                            QStringLiteral("binary data without a binary packet"));
            return;
        }
        if (auto complete = m_assembler.add(data))
            dispatch(*complete);
    }

    void dispatch(const SioPacket &p)
    {
        qCDebug(lcSio).noquote() << m_engine->sid() << "received" << sioTypeName(p.type) << p.nsp
                                 << p.json.left(200);
        switch (p.type) {
        case SioType::Connect:
            return onConnect(p);
        case SioType::Disconnect:
            if (SioSocket *s = m_sockets.take(p.nsp))
                m_server->socketGone(s, QStringLiteral("client namespace disconnect"));
            return;
        case SioType::Event:
        case SioType::BinaryEvent:
            if (SioSocket *s = m_sockets.value(p.nsp)) {
                QJsonArray args = p.data.toArray();
                const QString name = args.first().toVariant().toString();
                args.removeFirst();
                emit m_server->eventReceived(s, name, args, p.id);
            } // else: not connected to that namespace; ignored as node does
            return;
        case SioType::Ack:
        case SioType::BinaryAck:
            if (SioSocket *s = m_sockets.value(p.nsp); s && p.id) {
                if (auto callback = s->m_acks.take(*p.id))
                    callback(p.data.toArray());
            }
            return;
        case SioType::ConnectError:
            return; // only servers send these
        }
    }

    void onConnect(const SioPacket &p)
    {
        if (m_sockets.contains(p.nsp))
            return;
        if (!m_server->hasNamespace(p.nsp)) {
            refuse(p.nsp, messagePayload(QStringLiteral("Invalid namespace")));
            return;
        }
        if (auto refusal = m_server->authorize(p.nsp, p.data, m_engine->handshake())) {
            refuse(p.nsp, *refusal);
            return;
        }
        auto *socket = new SioSocket(newSocketId(), p.nsp, p.data, m_engine, m_server);
        socket->setParent(this);
        m_sockets.insert(p.nsp, socket);
        ++m_server->m_socketCount;
        socket->join(socket->id());
        JsonWriter w(JsonStyle::PythonCompact);
        w.beginObject().key(u"sid").value(socket->id()).endObject();
        m_engine->sendMessage(encodeSioPacket(SioPacket::make(SioType::Connect, p.nsp, w.data())));
        emit m_server->connected(socket);
    }

    void refuse(const QString &nsp, const QByteArray &payload)
    {
        qCDebug(lcSio).noquote() << m_engine->sid() << "refused CONNECT to" << nsp << payload;
        m_engine->sendMessage(encodeSioPacket(SioPacket::make(SioType::ConnectError, nsp, payload)));
    }

    EngineSession *m_engine;
    SioServer *m_server;
    QHash<QString, SioSocket *> m_sockets; // nsp -> socket
    SioBinaryAssembler m_assembler;
};

SioSocket::SioSocket(const QString &id, const QString &nsp, const QJsonValue &auth, EngineSession *engine,
                     SioServer *server)
    : m_id(id), m_nsp(nsp), m_auth(auth), m_engine(engine), m_server(server)
{}

const HttpRequest &SioSocket::handshake() const
{
    return m_engine->handshake();
}

void SioSocket::sendPacket(const QByteArray &encoded)
{
    m_engine->sendMessage(encoded);
}

void SioSocket::emitRaw(const QByteArray &eventArray, AckCallback onAck)
{
    std::optional<quint64> id;
    if (onAck) {
        id = m_nextAckId++;
        m_acks.insert(*id, std::move(onAck));
    }
    sendPacket(encodeSioPacket(SioPacket::make(SioType::Event, m_nsp, eventArray, id)));
}

void SioSocket::ack(quint64 id, const QByteArray &argsArray)
{
    sendPacket(encodeSioPacket(SioPacket::make(SioType::Ack, m_nsp, argsArray, id)));
}

void SioSocket::join(const QString &room)
{
    if (m_rooms.contains(room))
        return;
    m_rooms.insert(room);
    m_server->addToRoom(this, room);
}

void SioSocket::leave(const QString &room)
{
    if (m_rooms.remove(room))
        m_server->removeFromRoom(this, room);
}

void SioSocket::disconnectFromServer()
{
    sendPacket(encodeSioPacket(SioPacket::make(SioType::Disconnect, m_nsp, {})));
    if (auto *connection = static_cast<SioConnection *>(parent()))
        connection->remove(this);
    m_server->socketGone(this, QStringLiteral("server namespace disconnect"));
}

SioServer::SioServer(EngineServer *engine, QObject *parent) : QObject(parent)
{
    m_namespaces.insert(QStringLiteral("/"));
    connect(engine, &EngineServer::sessionOpened, this, &SioServer::attach);
}

void SioServer::addNamespace(const QString &nsp)
{
    m_namespaces.insert(nsp.startsWith(u'/') ? nsp : u'/' + nsp);
}

void SioServer::attach(EngineSession *session)
{
    new SioConnection(session, this);
}

std::optional<QByteArray> SioServer::authorize(const QString &nsp, const QJsonValue &auth,
                                               const HttpRequest &handshake)
{
    return m_authorizer ? m_authorizer(nsp, auth, handshake) : std::nullopt;
}

void SioServer::addToRoom(SioSocket *socket, const QString &room)
{
    m_rooms[socket->nsp()][room].insert(socket);
}

void SioServer::removeFromRoom(SioSocket *socket, const QString &room)
{
    auto nsp = m_rooms.find(socket->nsp());
    if (nsp == m_rooms.end())
        return;
    auto members = nsp->find(room);
    if (members == nsp->end())
        return;
    members->remove(socket);
    if (members->isEmpty())
        nsp->erase(members);
}

void SioServer::socketGone(SioSocket *socket, const QString &reason)
{
    for (const QString &room : std::as_const(socket->m_rooms))
        removeFromRoom(socket, room);
    socket->m_rooms.clear();
    --m_socketCount;
    emit disconnected(socket, reason);
    socket->deleteLater();
}

int SioServer::emitToRoom(const QString &nsp, const QString &room, const QByteArray &eventArray)
{
    const QSet<SioSocket *> members = m_rooms.value(nsp).value(room);
    for (SioSocket *s : members)
        s->emitRaw(eventArray);
    return int(members.size());
}

} // namespace rasachat
