#pragma once

#include "eiopacket.h"

#include <QBasicTimer>
#include <QObject>
#include <QPointer>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;
class QWebSocket;

namespace rasachat {

struct EngineClientOptions
{
    enum class Transport { Auto, Polling, WebSocket }; // Auto: polling, then upgrade, as socket.io-client

    QUrl url; // http(s)://host:port; the path comes from `path`
    QString path = QStringLiteral("/socket.io/");
    Transport transport = Transport::Auto;
    int connectTimeoutMs = 20'000; // socket.io-client's `timeout`
};

// The client side of one Engine.IO v4 connection: handshake over polling or WebSocket, the upgrade from
// polling to WebSocket (probe, pause polling, "5"), answers to the server's pings, a dead connection
// detected after pingInterval + pingTimeout of silence, and writes batched into POSTs that respect
// maxPayload and python-engineio's 16 packets per payload.
//
// States: Closed -> Opening -> Open -> Closed; `closed()` is emitted once per open() that got anywhere.
class EngineClient : public QObject
{
    Q_OBJECT
public:
    enum class State { Closed, Opening, Open };
    Q_ENUM(State)

    explicit EngineClient(const EngineClientOptions &options, QObject *parent = nullptr);
    ~EngineClient() override;

    void open();
    // Sends CLOSE and ends the connection; emits closed("io client disconnect", false).
    void close();
    void sendMessage(const QByteArray &text);

    State state() const { return m_state; }
    QString sid() const { return m_sid; }
    // "polling" or "websocket": the transport in use now.
    QString transportName() const;

signals:
    void opened();
    void messageReceived(const QByteArray &text);
    void binaryReceived(const QByteArray &data);
    // `error` is true when the connection failed rather than was closed on purpose.
    void closed(const QString &reason, bool error);
    // Every Engine.IO packet both ways, for traces: outgoing true when we sent it.
    void packet(bool outgoing, const QString &transport, const QByteArray &encoded);

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    enum class Transport { None, Polling, WebSocket };

    QUrl endpoint(const QString &transport, bool withSid) const;
    void startPolling();
    void startWebSocket();
    void poll();
    void flush();
    // A polling POST of `body` (a payload) for this session.
    QNetworkReply *postPayload(const QByteArray &body);
    // Fails the connection ("xhr poll error: HTTP 400", as socket.io-client names it) unless `reply` is a
    // 200.
    bool failed(QNetworkReply *reply, const char *what);
    void handlePacket(const EioPacket &packet, Transport from);
    void handleOpen(const QByteArray &json, Transport from);
    void armHeartbeat();
    void send(const EioPacket &packet);
    void fail(const QString &reason);
    void finish(const QString &reason, bool error);
    void startUpgrade();
    void onProbeText(const QString &text);
    void maybeCompleteUpgrade();
    void abortUpgrade();
    void wireWebSocket(QWebSocket *ws);

    EngineClientOptions m_options;
    QNetworkAccessManager *m_nam;
    State m_state = State::Closed;
    Transport m_transport = Transport::None;
    QString m_sid;
    int m_pingIntervalMs = 25'000;
    int m_pingTimeoutMs = 20'000;
    int m_maxPayload = 1'000'000;
    bool m_canUpgrade = false;

    QList<EioPacket> m_writeQueue;
    QPointer<QNetworkReply> m_pollReply;
    QPointer<QNetworkReply> m_postReply;
    QWebSocket *m_socket = nullptr; // the WebSocket transport
    QWebSocket *m_probe = nullptr;  // a WebSocket being probed for the upgrade
    bool m_pollingPaused = false;   // upgrading: no new GET or POST until the switch
    QBasicTimer m_heartbeat;        // pingInterval + pingTimeout without a ping: dead
    QBasicTimer m_connectTimer;
};

} // namespace rasachat
