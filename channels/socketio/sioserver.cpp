#include "sioserver.h"

#include "../engineio/engineserver.h"
#include "../engineio/enginesession.h"
#include "../http/logsafe.h"
#include "../message/jsonwriter.h"

#include <QBasicTimer>
#include <QLoggingCategory>
#include <QPointer>
#include <QRandomGenerator>
#include <QTimerEvent>
#include <utility>

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

// socket.io also takes a number as an event name (isValidPayload() lets nothing else through).
QString eventName(const QJsonValue &first)
{
    return first.isString() ? first.toString() : first.toVariant().toString();
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
        : QObject(engine), m_engine(engine), m_server(server), m_reader(server->m_maxAttachmentBytes)
    {
        connect(engine, &EngineSession::messageReceived, this, &SioConnection::onText);
        connect(engine, &EngineSession::binaryReceived, this, &SioConnection::onBinary);
        if (server->connectTimeout() > 0)
            m_connectTimer.start(server->connectTimeout(), this);
        connect(engine, &EngineSession::closed, this, [this](EioCloseReason reason) {
            m_connectTimer.stop();
            const QString why = eioCloseReasonName(reason);
            // Taken out first: a handler of disconnected() may disconnect another of them.
            const QList<SioSocket *> sockets = std::exchange(m_sockets, {});
            for (SioSocket *s : sockets)
                m_server->socketGone(s, why);
        });
    }

    ~SioConnection() override { m_server->m_connections.remove(this); }

    void remove(SioSocket *socket) { m_sockets.removeOne(socket); }

protected:
    void timerEvent(QTimerEvent *event) override
    {
        if (event->timerId() != m_connectTimer.timerId())
            return QObject::timerEvent(event);
        m_connectTimer.stop();
        qCInfo(lcSio).noquote() << m_engine->sid() << "closing: no CONNECT within"
                                << m_server->connectTimeout() << "ms";
        m_engine->close(EioCloseReason::ServerClose, QStringLiteral("no CONNECT within the connect timeout"));
    }

private:
    void onText(const QByteArray &text) { handle(m_reader.readText(text)); }
    void onBinary(const QByteArray &data) { handle(m_reader.readBinary(data)); }

    // Every broken packet closes the session, as node's socket.io does ("parse error").
    void handle(SioStreamReader::Result r)
    {
        if (r.status == SioStreamReader::Status::Pending)
            return;
        if (r.status != SioStreamReader::Status::Packet) {
            qCWarning(lcSio).noquote()
                << m_engine->sid() << "closing on a malformed packet:" << logSafe(r.error);
            m_engine->close(EioCloseReason::ParseError, r.error);
            return;
        }
        dispatch(*r.packet);
    }

    // Takes the packet's parsed payload apart (p.data is left undefined).
    void dispatch(SioPacket &p)
    {
        qCDebug(lcSio).noquote() << m_engine->sid() << "received" << sioTypeName(p.type) << logSafe(p.nsp)
                                 << logSafe(p.json.left(200));
        switch (p.type) {
        case SioType::Connect:
            return onConnect(p);
        case SioType::Disconnect:
            if (SioSocket *s = take(p.nsp))
                m_server->socketGone(s, QStringLiteral("client namespace disconnect"));
            return;
        case SioType::Event:
        case SioType::BinaryEvent:
            if (SioSocket *s = socketOf(p.nsp)) {
                // Once p.data lets go, `args` is the only owner of the parsed list and removeFirst()
                // shifts it in place instead of copying every argument.
                // (No QJsonValue of an element may outlive the name either: a string shares the list.)
                QJsonArray args = std::exchange(p.data, QJsonValue()).toArray();
                const QString name = eventName(args.first());
                args.removeFirst();
                emit m_server->eventReceived(s, name, args, p.id, p.buffers);
            } // else: not connected to that namespace; ignored as node does
            return;
        case SioType::Ack:
        case SioType::BinaryAck:
            if (SioSocket *s = socketOf(p.nsp); s && p.id) {
                if (auto callback = s->m_acks.take(*p.id))
                    callback(p.data.toArray(), p.buffers);
            }
            return;
        case SioType::ConnectError:
            return; // only servers send these
        }
    }

    void onConnect(const SioPacket &p)
    {
        if (socketOf(p.nsp))
            return;
        if (!m_server->hasNamespace(p.nsp)) {
            refuse(p.nsp, messagePayload(QStringLiteral("Invalid namespace")));
            return;
        }
        if (auto refusal = m_server->authorize(p.nsp, p.data, m_engine->handshake())) {
            refuse(p.nsp, *refusal);
            return;
        }
        auto *socket = new SioSocket(newSocketId(), p.nsp, p.data, m_engine, this, m_server);
        m_sockets.append(socket);
        m_connectTimer.stop();
        ++m_server->m_socketCount;
        socket->join(socket->id());
        JsonWriter w(JsonStyle::PythonCompact);
        w.beginObject().key(u"sid").value(socket->id()).endObject();
        m_engine->sendMessage(encodeSioPacket(SioPacket::make(SioType::Connect, p.nsp, w.data())));
        emit m_server->connected(socket);
    }

    void refuse(const QString &nsp, const QByteArray &payload)
    {
        qCDebug(lcSio).noquote() << m_engine->sid() << "refused CONNECT to" << logSafe(nsp)
                                 << logSafe(payload);
        m_engine->sendMessage(encodeSioPacket(SioPacket::make(SioType::ConnectError, nsp, payload)));
    }

    SioSocket *socketOf(const QString &nsp) const
    {
        for (SioSocket *s : m_sockets) {
            if (s->nsp() == nsp)
                return s;
        }
        return nullptr;
    }
    SioSocket *take(const QString &nsp)
    {
        SioSocket *s = socketOf(nsp);
        if (s)
            m_sockets.removeOne(s);
        return s;
    }

    EngineSession *m_engine;
    SioServer *m_server;
    // One per namespace the client connected to, of the server's few: a list, not a hash, whose smallest
    // table would cost each of thousands of idle sessions about 1 KB.
    QList<SioSocket *> m_sockets;
    SioStreamReader m_reader;
    QBasicTimer m_connectTimer; // until the first namespace is joined
};

SioSocket::SioSocket(const QString &id, const QString &nsp, const QJsonValue &auth, EngineSession *engine,
                     SioConnection *connection, SioServer *server)
    : QObject(connection), m_id(id), m_nsp(nsp), m_auth(auth), m_engine(engine), m_connection(connection),
      m_server(server)
{}

const HttpRequest &SioSocket::handshake() const
{
    return m_engine->handshake();
}

void SioSocket::sendPacket(const SioPacket &packet, const QList<QByteArray> &attachments)
{
    m_engine->sendMessage(encodeSioPacket(sioWithAttachments(packet, attachments)));
    for (const QByteArray &data : attachments)
        m_engine->sendBinary(data);
}

void SioSocket::emitRaw(const QByteArray &eventArray, AckCallback onAck, const QList<QByteArray> &attachments)
{
    std::optional<quint64> id;
    if (onAck) {
        id = m_nextAckId++;
        m_acks.insert(*id, std::move(onAck));
    }
    sendPacket(SioPacket::make(SioType::Event, m_nsp, eventArray, id), attachments);
}

void SioSocket::ack(quint64 id, const QByteArray &argsArray, const QList<QByteArray> &attachments)
{
    sendPacket(SioPacket::make(SioType::Ack, m_nsp, argsArray, id), attachments);
}

bool SioSocket::join(const QString &room)
{
    if (m_rooms.contains(room))
        return true;
    if (m_rooms.size() >= m_server->m_maxRoomsPerSocket) {
        // Once per server: a client that asks for room after room must not fill the log either.
        const QString line =
            QStringLiteral("socketio: socket %1 is in %2 rooms, the limit (--max-rooms); not "
                           "joining %3")
                .arg(m_id)
                .arg(m_rooms.size())
                .arg(logSafe(room));
        if (!std::exchange(m_server->m_roomCapLogged, true))
            qCWarning(lcSio).noquote() << line << "(said once; later ones at debug level)";
        else
            qCDebug(lcSio).noquote() << line;
        return false;
    }
    m_rooms.append(room);
    m_server->addToRoom(this, room);
    return true;
}

void SioSocket::leave(const QString &room)
{
    if (m_rooms.removeOne(room))
        m_server->removeFromRoom(this, room);
}

void SioSocket::disconnectFromServer()
{
    sendPacket(SioPacket::make(SioType::Disconnect, m_nsp, {}));
    m_connection->remove(this);
    m_server->socketGone(this, QStringLiteral("server namespace disconnect"));
}

void SioSocket::setInputHeld(bool held)
{
    if (std::exchange(m_inputHeld, held) == held)
        return;
    if (held)
        m_engine->holdInput();
    else
        m_engine->releaseInput();
}

SioServer::SioServer(EngineServer *engine, QObject *parent)
    : QObject(parent), m_maxAttachmentBytes(engine->options().maxPayload)
{
    m_namespaces.insert(QStringLiteral("/"));
    connect(engine, &EngineServer::sessionOpened, this, &SioServer::attach);
}

void SioServer::addNamespace(const QString &nsp)
{
    m_namespaces.insert(nsp.startsWith(u'/') ? nsp : u'/' + nsp);
}

SioServer::~SioServer()
{
    // The sessions belong to the EngineServer and may outlive us: their Socket.IO side must not.
    const QSet<SioConnection *> connections = std::exchange(m_connections, {});
    qDeleteAll(connections);
}

void SioServer::attach(EngineSession *session)
{
    m_connections.insert(new SioConnection(session, this));
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
    socket->setInputHeld(false); // the session may go on with other namespaces
    --m_socketCount;
    emit disconnected(socket, reason);
    socket->deleteLater();
}

int SioServer::emitToRoom(const QString &nsp, const QString &room, const QByteArray &eventArray)
{
    // A copy (shared, not deep) of the members: a send may end a session and change the rooms.
    const QSet<SioSocket *> members = m_rooms.value(nsp).value(room);
    if (members.isEmpty())
        return 0;
    // Encoded once for everyone: a room emit carries no ack id, so every member gets the same bytes.
    const QByteArray packet = encodeSioPacket(SioPacket::make(SioType::Event, nsp, eventArray));
    const QString frame = EngineSession::encodeWebSocketMessage(packet);
    for (SioSocket *s : members)
        s->m_engine->sendMessage(packet, frame);
    return int(members.size());
}

} // namespace rasachat
