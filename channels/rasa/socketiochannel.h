#pragma once

#include "../client/chatchannel.h"
#include "../engineio/engineclient.h"
#include "../socketio/sioclient.h"

#include <QBasicTimer>
#include <QQueue>
#include <QUrl>

namespace rasachat {

struct SocketIoChannelOptions
{
    QUrl serverUrl;
    QString socketioPath = QStringLiteral("/socket.io");
    EngineClientOptions::Transport transport = EngineClientOptions::Transport::Auto;
    QString userMessageEvt = QStringLiteral("user_uttered");
    QString botMessageEvt = QStringLiteral("bot_uttered");
    QString metadataKey = QStringLiteral("metadata");
    QString socketNamespace = QStringLiteral("/");
    QString sessionId;   // offered in session_request; empty: the one stored for this server, else fresh
    QString token;       // JWT, sent as the CONNECT auth {"token": ...}
    TlsOptions tls = {}; // for an https:// server
    bool rememberSession = true; // store the confirmed id (QSettings) and offer it again next time
    QString settingsFile;        // an INI file for the stored ids; empty: the application's QSettings
    bool reconnect = true;
    int reconnectDelayMs = 1000;    // socket.io-client's backoff: doubling ...
    int reconnectDelayMaxMs = 5000; // ... up to this, each with +-50 % jitter
};

// The client of Rasa's socketio channel. Its handshake is a small state machine of signals and slots:
//   engine open -> CONNECT (auth) -> connected -> emit session_request {session_id}
//   -> session_confirm -> sessionConfirmed(id) -> queued user messages are sent, in order.
// Every user message is sent with an ack request and counts as delivered when the server acks it;
// one not acked when the connection drops is sent again after the next confirmation, so messages typed
// while offline are neither lost nor duplicated. Lost connections are retried with socket.io-client's
// backoff; a refused CONNECT (CONNECT_ERROR, e.g. a bad JWT) is not retried, nor is a session the
// server ended (DISCONNECT).
//
// What the server sends and cannot be read is a Protocol error, never silence: a packet that cannot be
// decoded (skipped; the connection goes on), a message over the server's maxPayload or a broken
// Engine.IO stream (the connection is dropped and retried; the oldest message in flight, whose answer
// is most likely what broke, is reported failed rather than sent again).
class SocketIoChannel : public ChatChannel
{
    Q_OBJECT
public:
    enum class Handshake { Idle, AwaitingConnect, AwaitingConfirm, Confirmed };
    Q_ENUM(Handshake)

    explicit SocketIoChannel(const SocketIoChannelOptions &options, QObject *parent = nullptr);
    ~SocketIoChannel() override;

    QString kindName() const override { return QStringLiteral("socketio"); }
    bool deliveryEndsTurn() const override { return true; }
    QString deliveryConfirmation() const override { return QStringLiteral("a Socket.IO ack"); }
    void open() override;
    void close() override;
    void send(const UserMessage &message) override;

    Handshake handshake() const { return m_handshake; }
    const SocketIoChannelOptions &options() const { return m_options; }
    // "polling" or "websocket" while connected; empty otherwise.
    QString transportName() const;
    int queuedMessages() const { return int(m_queue.size() + m_inFlight.size()); }
    // The id this channel offers in session_request.
    QString offeredSessionId() const { return m_offeredId; }
    // The id stored for a server, or empty.
    static QString storedSessionId(const SocketIoChannelOptions &options);
    // Forgets the stored id: the next open() starts a new conversation.
    void forgetSession();

signals:
    void handshakeChanged(rasachat::SocketIoChannel::Handshake handshake);
    void reconnectScheduled(int attempt, int delayMs);

protected:
    void timerEvent(QTimerEvent *event) override;
    // traffic() is relayed from the engine only while someone listens: without a listener the engine
    // does not encode its packets a second time for the trace.
    void connectNotify(const QMetaMethod &signal) override;

private:
    void relayTraffic();
    void connectEngine();
    void teardown();
    void setHandshake(Handshake h);
    void onConnected();
    void onEvent(const QString &nsp, const QString &name, const QJsonArray &args,
                 std::optional<quint64> ackId);
    void onConnectError(const QJsonValue &data);
    void onDisconnected(const QString &nsp, SioClient::DisconnectReason reason);
    void requeueInFlight();
    void onEngineClosed(EngineClient::CloseReason reason, const QString &detail);
    void onMalformedPacket(const QString &why, const QByteArray &packet);
    void scheduleReconnect();
    void flush();
    void storeSessionId(const QString &id) const;
    QByteArray userPayload(const UserMessage &m) const;

    SocketIoChannelOptions m_options;
    EngineClient *m_engine = nullptr;
    bool m_trafficRelayed = false; // m_engine's packet() reaches traffic()
    SioClient *m_sio = nullptr;
    Handshake m_handshake = Handshake::Idle;
    QString m_offeredId;
    QQueue<UserMessage> m_queue;    // not sent yet
    QQueue<UserMessage> m_inFlight; // sent, not acked yet
    bool m_userClosed = false;
    int m_attempt = 0;
    QBasicTimer m_reconnectTimer;
};

EngineClientOptions::Transport transportFromName(const QString &name, bool *ok);

} // namespace rasachat
