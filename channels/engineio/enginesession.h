#pragma once

#include "../http/httprequest.h"
#include "eiopacket.h"
#include "engineoptions.h"

#include <QBasicTimer>
#include <QObject>
#include <QPointer>

class QTcpSocket;
class QWebSocket;

namespace rasachat {

class HttpResponder;
class WebSocketReadGate;
class TurnFlusher;

// One Engine.IO session: its transport (long-polling, then maybe WebSocket), the upgrade between them,
// the heartbeat and the queue of packets for the client. The server feeds it requests and sockets;
// the layer above sees messages in and out and one closed() at the end.
//
// States: Polling --(ws "2probe" answered "3probe")--> Upgrading --(ws "5")--> WebSocket; any --> Closed.
// A WebSocket-only session starts in WebSocket.
class EngineSession : public QObject
{
    Q_OBJECT
public:
    enum class State { Polling, Upgrading, WebSocket, Closed };
    Q_ENUM(State)

    // `flusher` (may be null) sends what the session wrote at the end of each event-loop turn.
    EngineSession(const QByteArray &sid, const EngineOptions &options, const HttpRequest &handshake,
                  TurnFlusher *flusher = nullptr, QObject *parent = nullptr);
    ~EngineSession() override;

    QByteArray sid() const { return m_sid; }
    State state() const { return m_state; }
    // The handshake request: its query, headers and peer, for the layers above.
    const HttpRequest &handshake() const { return m_handshake; }

    // Bytes for the client that it has not taken yet: the WebSocket's unsent bytes (encrypted or not), or the
    // packets waiting for a GET (backpressure bounds both by EngineOptions::maxUnsentBytes).
    qint64 unsentBytes() const;
    // WebSocket backpressure: whether the session has stopped reading from its client, and what it holds
    // of what the client sent (bounded by the transport's read buffer while reading is stopped).
    bool isReadPaused() const;
    qint64 heldIncomingBytes() const;

    // Flow control for the layers above, e.g. a bot that is behind with a client's messages: while any
    // hold is on, nothing more the client sends is taken in. Over WebSocket reading stops (as for
    // backpressure); over polling the rest of the POST in progress waits here and the POST is answered
    // once it has all been taken, so that the client sends no more meanwhile. Holds are counted: each
    // holdInput() needs its releaseInput().
    void holdInput();
    void releaseInput();
    bool isInputHeld() const { return m_inputHolds > 0; }

    void sendMessage(const QByteArray &text) { send(EioPacket::text(EioType::Message, text)); }
    // The same MESSAGE with its WebSocket frame already encoded (encodeWebSocketMessage()): a room's emit
    // encodes once for all its members.
    void sendMessage(const QByteArray &text, const QString &webSocketFrame);
    static QString encodeWebSocketMessage(const QByteArray &text);
    void sendBinary(const QByteArray &data) { send(EioPacket::bytes(data)); }
    // Closes from the server side: a CLOSE packet if the transport allows, then the end.
    void close(EioCloseReason reason = EioCloseReason::ServerClose, const QString &detail = {});

    // Driven by EngineServer.
    QByteArray openPacket(bool canUpgrade) const;
    void handlePoll(HttpResponder *responder);
    void handlePost(const HttpRequest &request, HttpResponder *responder);
    void attachWebSocket(QWebSocket *socket); // a WebSocket-only handshake
    void beginUpgrade(QWebSocket *socket);    // a probe for a polling session

signals:
    void messageReceived(const QByteArray &text);
    void binaryReceived(const QByteArray &data);
    void closed(rasachat::EioCloseReason reason, const QString &detail);

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    void send(const EioPacket &packet);
    void flushPoll();
    void answerPoll(const QByteArray &body);
    void receive(const EioPacket &packet);
    void receiveMessage(const QByteArray &text);
    void startHeartbeat();
    void sendPing();
    void finish(EioCloseReason reason, const QString &detail);
    void abortUpgrade(const QString &why);
    void onProbeText(const QString &text);
    void onWebSocketText(const QString &text);
    void onWebSocketBinary(const QByteArray &data);
    void onWebSocketGone();
    void writeToWebSocket(const EioPacket &packet);
    void wroteToWebSocket(); // schedules the flush, applies backpressure
    void dropStuckClient(int stuckForMs);
    void pauseReading();
    bool mayReadAgain() const;
    void takeHeldPackets();
    void answerPost();

    QByteArray m_sid;
    EngineOptions m_options;
    HttpRequest m_handshake;
    State m_state = State::Polling;
    QList<EioPacket> m_queue;            // polling: waiting for the next GET
    qint64 m_queuedBytes = 0;            // in m_queue
    bool m_queueOverflowed = false;      // over the backpressure bound: the session is closing
    QPointer<HttpResponder> m_poll;      // polling: the GET held until there is something to send
    int m_inputHolds = 0;                // holdInput() calls not released yet
    QList<EioPacket> m_heldPackets;      // polling: the rest of a POST, while input is held
    QPointer<HttpResponder> m_heldPost;  // polling: that POST, answered once its packets are taken
    QWebSocket *m_socket = nullptr;      // the WebSocket transport, once upgraded
    QPointer<QTcpSocket> m_transport;    // the TCP (or TLS) socket under m_socket
    QWebSocket *m_probe = nullptr;       // the WebSocket being probed
    WebSocketReadGate *m_gate = nullptr; // stops reading m_socket while the client does not read
    QPointer<TurnFlusher> m_flusher;     // the server's, which may go first when the server is deleted
    // QBasicTimer, not QTimer: a session is mostly idle, and thousands of them should stay small.
    QBasicTimer m_pingTimer; // next server ping
    QBasicTimer m_pongTimer; // the client's pong is due
    QBasicTimer m_upgradeTimer;
    QBasicTimer m_stallTimer; // the WebSocket client is over maxUnsentBytes: how long it may stay so
};

} // namespace rasachat
