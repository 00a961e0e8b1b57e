#pragma once

#include "../http/httprequest.h"
#include "siopacket.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonValue>
#include <QList>
#include <QObject>
#include <QSet>
#include <functional>
#include <optional>

namespace rasachat {

class EngineServer;
class EngineSession;
class SioConnection;
class SioServer;

// A client's connection to one namespace (what socket.io calls a socket).
class SioSocket : public QObject
{
    Q_OBJECT
public:
    // The client's ack arguments; binary ones are placeholders into `attachments` (see sioReconstruct()).
    using AckCallback = std::function<void(const QJsonArray &args, const QList<QByteArray> &attachments)>;

    QString id() const { return m_id; }
    QString nsp() const { return m_nsp; }
    const QJsonValue &auth() const { return m_auth; }
    const HttpRequest &handshake() const;

    // Sends an EVENT; `eventArray` is the compact JSON list ["name", args...] as it goes on the wire. With
    // `attachments` it is a BINARY_EVENT whose placeholders refer to them (see sioDeconstruct()).
    void emitRaw(const QByteArray &eventArray, AckCallback onAck = {},
                 const QList<QByteArray> &attachments = {});
    // Answers the client's ack request `id`; `argsArray` is a compact JSON list (a BINARY_ACK with
    // `attachments`).
    void ack(quint64 id, const QByteArray &argsArray = "[]", const QList<QByteArray> &attachments = {});
    // Returns false, with a log line, when the socket is in maxRoomsPerSocket rooms already.
    bool join(const QString &room);
    void leave(const QString &room);
    // Disconnects this socket from its namespace (DISCONNECT to the client).
    void disconnectFromServer();
    // Flow control: while held, nothing more the client sends is taken in, on any of its namespaces
    // (EngineSession::holdInput()). Released when the socket disconnects.
    void setInputHeld(bool held);
    bool isInputHeld() const { return m_inputHeld; }

private:
    friend class SioConnection;
    friend class SioServer;
    // Owned by `connection`, the Socket.IO side of `engine`.
    SioSocket(const QString &id, const QString &nsp, const QJsonValue &auth, EngineSession *engine,
              SioConnection *connection, SioServer *server);
    void sendPacket(const SioPacket &packet, const QList<QByteArray> &attachments = {});

    QString m_id;
    QString m_nsp;
    QJsonValue m_auth;
    EngineSession *m_engine;
    SioConnection *m_connection;
    SioServer *m_server;
    quint64 m_nextAckId = 0;
    QHash<quint64, AckCallback> m_acks;
    // Its own and the few the application puts it in (at most maxRoomsPerSocket): a list, as a set's
    // smallest table would cost each of thousands of idle sessions about 1 KB.
    QList<QString> m_rooms;
    bool m_inputHeld = false;
};

// The Socket.IO v5 server over an EngineServer: namespaces, CONNECT with auth (accepted with
// {"sid": ...}, refused with CONNECT_ERROR {"message": ...}), events, acks, rooms and DISCONNECT.
// A binary packet whose attachments exceed maxPayload in number or in bytes closes its session.
class SioServer : public QObject
{
    Q_OBJECT
public:
    // Decides on a CONNECT: nullopt accepts; otherwise the CONNECT_ERROR payload (a JSON object).
    using Authorizer = std::function<std::optional<QByteArray>(const QString &nsp, const QJsonValue &auth,
                                                               const HttpRequest &handshake)>;

    explicit SioServer(EngineServer *engine, QObject *parent = nullptr);
    // Detaches from the Engine.IO sessions, which may outlive it.
    ~SioServer() override;

    void addNamespace(const QString &nsp);
    bool hasNamespace(const QString &nsp) const { return m_namespaces.contains(nsp); }
    void setAuthorizer(Authorizer authorizer) { m_authorizer = std::move(authorizer); }
    // An Engine.IO session that has not connected to any namespace this long after it opened is closed,
    // so that connections which never speak Socket.IO do not stay forever (node's connectTimeout,
    // default 45 s). 0: never.
    void setConnectTimeout(int ms) { m_connectTimeoutMs = ms; }
    int connectTimeout() const { return m_connectTimeoutMs; }

    // Sends the EVENT to every socket of the namespace in the room; returns how many got it.
    int emitToRoom(const QString &nsp, const QString &room, const QByteArray &eventArray);
    int socketCount() const { return m_socketCount; }
    // Rooms one socket may be in, its own included (default 100).
    void setMaxRoomsPerSocket(int rooms) { m_maxRoomsPerSocket = rooms; }

signals:
    void connected(rasachat::SioSocket *socket);
    // `args` without the event name; binary arguments are placeholders into `attachments`
    // (sioReconstruct() puts the bytes in their place).
    void eventReceived(rasachat::SioSocket *socket, const QString &name, const QJsonArray &args,
                       std::optional<quint64> ackId, const QList<QByteArray> &attachments);
    void disconnected(rasachat::SioSocket *socket, const QString &reason);

private:
    friend class SioConnection;
    friend class SioSocket;
    void attach(EngineSession *session);
    std::optional<QByteArray> authorize(const QString &nsp, const QJsonValue &auth,
                                        const HttpRequest &handshake);
    void addToRoom(SioSocket *socket, const QString &room);
    void removeFromRoom(SioSocket *socket, const QString &room);
    void socketGone(SioSocket *socket, const QString &reason);

    QSet<QString> m_namespaces;
    Authorizer m_authorizer;
    QHash<QString, QHash<QString, QSet<SioSocket *>>> m_rooms; // nsp -> room -> sockets
    int m_socketCount = 0;
    int m_maxRoomsPerSocket = 100;
    bool m_roomCapLogged = false; // a socket reached m_maxRoomsPerSocket and it was said
    int m_connectTimeoutMs = 45'000;
    QSet<SioConnection *> m_connections; // children of their EngineSession, which we do not own
    // Bounds the count and the total bytes of one binary packet's attachments: Engine.IO's maxPayload.
    qint64 m_maxAttachmentBytes;
};

} // namespace rasachat
