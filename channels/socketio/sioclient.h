#pragma once

#include "../engineio/engineclient.h"
#include "siopacket.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonValue>
#include <QList>
#include <QObject>
#include <QPointer>
#include <functional>
#include <optional>

namespace rasachat {

// The client side of Socket.IO v5 over an EngineClient: CONNECT to namespaces with an auth payload,
// CONNECT_ERROR surfaced with the server's data, events in and out, acks both ways, DISCONNECT.
// A packet that cannot be decoded is reported (malformedPacket) and skipped. socket.io-client closes
// the connection instead and reconnects, but the Engine.IO framing around it is intact, and closing
// would make the user message in flight go to the bot twice.
//
// Binary events and acks (BINARY_EVENT, BINARY_ACK) are assembled from the text packet and the Engine.IO
// binary messages that follow it, and delivered with their attachments; the arguments keep the
// placeholders ({"_placeholder":true,"num":N}), and sioReconstruct() puts the bytes in their places, as
// SioServer does. One packet's attachments are bounded by the server's maxPayload, in number and in
// total bytes (an empty one counts as a byte); over it, or when the stream of attachments is broken (a
// text packet where an attachment was due, an attachment nobody announced), the connection is closed
// with the reason (TooLarge, ParseError), because what follows cannot be read in step. A complete packet
// whose placeholder points past its attachments is reported (malformedPacket) and skipped.
class SioClient : public QObject
{
    Q_OBJECT
public:
    // The server's ack arguments; binary ones are placeholders into `attachments` (see sioReconstruct()).
    using AckCallback = std::function<void(const QJsonArray &args, const QList<QByteArray> &attachments)>;
    // Why a namespace was left, as socket.io-client names it (sioDisconnectReasonName()).
    enum class DisconnectReason {
        ServerDisconnect, // "io server disconnect": the server sent DISCONNECT; do not reconnect
        ClientDisconnect, // "io client disconnect": disconnectFrom()
        EngineClosed,     // the Engine.IO connection ended (ping timeout, transport close...)
    };
    Q_ENUM(DisconnectReason)

    explicit SioClient(EngineClient *engine, QObject *parent = nullptr);

    // Sends CONNECT once the engine is open (at once if it is); `auth` undefined sends none.
    void connectTo(const QString &nsp = QStringLiteral("/"), const QJsonValue &auth = QJsonValue::Undefined);
    void disconnectFrom(const QString &nsp = QStringLiteral("/"));
    bool isConnected(const QString &nsp = QStringLiteral("/")) const { return m_connected.contains(nsp); }

    // `eventArray` is the compact JSON list ["name", args...] as it goes on the wire; with `attachments`
    // it is a BINARY_EVENT whose placeholders refer to them (see sioDeconstruct()).
    void emitRaw(const QByteArray &eventArray, AckCallback onAck = {},
                 const QString &nsp = QStringLiteral("/"), const QList<QByteArray> &attachments = {});
    // Acknowledges the server's event `id` (a BINARY_ACK with `attachments`).
    void ack(quint64 id, const QByteArray &argsArray = "[]", const QString &nsp = QStringLiteral("/"),
             const QList<QByteArray> &attachments = {});

signals:
    void connected(const QString &nsp, const QString &sid);
    void connectError(const QString &nsp, const QJsonValue &data);
    // `args` without the event name; binary arguments are placeholders into `attachments`.
    void eventReceived(const QString &nsp, const QString &name, const QJsonArray &args,
                       std::optional<quint64> ackId, const QList<QByteArray> &attachments);
    void disconnected(const QString &nsp, rasachat::SioClient::DisconnectReason reason);
    // `why` is the decoder's reason; `packet` what came (the message in it is lost).
    void malformedPacket(const QString &why, const QByteArray &packet);

private:
    void onOpened();
    void onMessage(const QByteArray &text);
    void onBinary(const QByteArray &data);
    void onEngineClosed();
    void handle(SioStreamReader::Result r, const QByteArray &text);
    void dispatch(const SioPacket &p);
    // The stream of attachments is broken or over the limit: the connection cannot go on in step.
    void failStream(EngineClient::CloseReason reason, const QString &why);
    void sendConnect(const QString &nsp);
    void send(const QByteArray &packet);
    void sendPacket(const SioPacket &packet, const QList<QByteArray> &attachments);

    QPointer<EngineClient> m_engine;     // owned by whoever owns us; may be deleted first
    QHash<QString, QJsonValue> m_wanted; // namespaces to connect, with their auth
    QHash<QString, QString> m_connected; // namespace -> socket id
    QHash<QString, quint64> m_nextAckId;
    QHash<QString, QHash<quint64, AckCallback>> m_acks;
    SioStreamReader m_reader; // bounded by the server's maxPayload once the handshake is done
};

QString sioDisconnectReasonName(SioClient::DisconnectReason reason);

} // namespace rasachat
