#pragma once

#include <QHash>
#include <QJsonArray>
#include <QJsonValue>
#include <QObject>
#include <QPointer>
#include <functional>
#include <optional>

namespace rasachat {

class EngineClient;

// The client side of Socket.IO v5 over an EngineClient: CONNECT to namespaces with an auth payload,
// CONNECT_ERROR surfaced with the server's data, events in and out, acks both ways, DISCONNECT.
// A packet that cannot be decoded is reported (malformedPacket) and skipped. socket.io-client closes
// the connection instead and reconnects, but the Engine.IO framing around it is intact, and closing
// would make the user message in flight go to the bot twice.
class SioClient : public QObject
{
    Q_OBJECT
public:
    using AckCallback = std::function<void(const QJsonArray &args)>;
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

    // `eventArray` is the compact JSON list ["name", args...] as it goes on the wire.
    void emitRaw(const QByteArray &eventArray, AckCallback onAck = {},
                 const QString &nsp = QStringLiteral("/"));
    void ack(quint64 id, const QByteArray &argsArray = "[]", const QString &nsp = QStringLiteral("/"));

signals:
    void connected(const QString &nsp, const QString &sid);
    void connectError(const QString &nsp, const QJsonValue &data);
    void eventReceived(const QString &nsp, const QString &name, const QJsonArray &args,
                       std::optional<quint64> ackId);
    void disconnected(const QString &nsp, rasachat::SioClient::DisconnectReason reason);
    // `why` is the decoder's reason; `packet` what came (the message in it is lost).
    void malformedPacket(const QString &why, const QByteArray &packet);

private:
    void onOpened();
    void onMessage(const QByteArray &text);
    void onEngineClosed();
    void sendConnect(const QString &nsp);
    void send(const QByteArray &packet);

    QPointer<EngineClient> m_engine;     // owned by whoever owns us; may be deleted first
    QHash<QString, QJsonValue> m_wanted; // namespaces to connect, with their auth
    QHash<QString, QString> m_connected; // namespace -> socket id
    QHash<QString, quint64> m_nextAckId;
    QHash<QString, QHash<quint64, AckCallback>> m_acks;
};

QString sioDisconnectReasonName(SioClient::DisconnectReason reason);

} // namespace rasachat
