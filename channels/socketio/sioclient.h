#pragma once

#include <QHash>
#include <QJsonArray>
#include <QJsonValue>
#include <QObject>
#include <functional>
#include <optional>

namespace rasachat {

class EngineClient;

// The client side of Socket.IO v5 over an EngineClient: CONNECT to namespaces with an auth payload,
// CONNECT_ERROR surfaced with the server's data, events in and out, acks both ways, DISCONNECT.
class SioClient : public QObject
{
    Q_OBJECT
public:
    using AckCallback = std::function<void(const QJsonArray &args)>;

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
    void disconnected(const QString &nsp, const QString &reason);

private:
    void onOpened();
    void onMessage(const QByteArray &text);
    void onEngineClosed(const QString &reason);
    void sendConnect(const QString &nsp);

    EngineClient *m_engine;
    QHash<QString, QJsonValue> m_wanted; // namespaces to connect, with their auth
    QHash<QString, QString> m_connected; // namespace -> socket id
    QHash<QString, quint64> m_nextAckId;
    QHash<QString, QHash<quint64, AckCallback>> m_acks;
};

} // namespace rasachat
