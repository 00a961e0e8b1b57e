#pragma once

#include "../client/chatchannel.h"
#include "../client/tlsoptions.h"
#include "eiopacket.h"

#include <QBasicTimer>
#include <QObject>
#include <QPointer>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;
class QWebSocket;

namespace rasachat {

struct EngineClientOptions
{
    enum class Transport { Auto, Polling, WebSocket }; // Auto: polling, then upgrade, as socket.io-client

    QUrl url; // http(s)://host:port; the path comes from `path`
    QString path = QStringLiteral("/socket.io/");
    Transport transport = Transport::Auto;
    int connectTimeoutMs = 20'000; // socket.io-client's `timeout`
    TlsOptions tls = {};           // for an https:// server (polling over https, websocket over wss)
};

// The client side of one Engine.IO v4 connection: handshake over polling or WebSocket, the upgrade from
// polling to WebSocket (probe, pause polling, "5"), answers to the server's pings, a dead connection
// detected after pingInterval + pingTimeout of silence, and writes batched into POSTs that respect
// maxPayload and python-engineio's 16 packets per payload.
//
// What the server sends is bounded by the maxPayload of its handshake (1,000,000 bytes, python-engineio's
// default, when it announces none): a WebSocket frame or message over it, or a polling packet over it,
// is refused before it is buffered, and so is a polling response over 16 times it (a response batches
// every packet queued for us). A response cut short, or one over the limit, closes the connection with
// the reason, never a misleading "no sid".
//
// States: Closed -> Opening -> Open -> Closed; `closed()` is emitted once per open() that got anywhere.
// What a client assumes of a server that announces no maxPayload (python-engineio's default), and
// the most it accepts whatever the server announces (the ws package's default for node clients).
inline constexpr qint64 kDefaultMaxPayload = 1'000'000;
inline constexpr qint64 kMaxAcceptedPayload = 100 * 1024 * 1024;

class EngineClient : public QObject
{
    Q_OBJECT
public:
    enum class State { Closed, Opening, Open };
    Q_ENUM(State)
    // Why the connection ended, with socket.io-client's names (engineCloseReasonName()).
    enum class CloseReason {
        ClientClose,    // close(): "io client disconnect"
        TransportClose, // the server closed the connection or sent CLOSE: "transport close"
        TransportError, // the connection failed, a request was refused or cut short: "transport error"
        PingTimeout,    // no ping for pingInterval + pingTimeout: "ping timeout"
        ConnectTimeout, // no handshake within connectTimeoutMs: "timeout"
        ParseError,     // a packet or payload that cannot be decoded: "parse error"
        TooLarge,       // a message or response over the limit (the server's maxPayload)
        TlsError,       // https/wss: the server's certificate was refused or the handshake failed
    };
    Q_ENUM(CloseReason)

    explicit EngineClient(const EngineClientOptions &options, QObject *parent = nullptr);
    ~EngineClient() override;

    void open();
    // Sends CLOSE and ends the connection; emits closed(ClientClose, ...).
    void close();
    void sendMessage(const QByteArray &text);
    // A binary message (Socket.IO attachments): a binary WebSocket frame, or "b<base64>" when polling.
    void sendBinary(const QByteArray &data);
    // Ends the connection as failed, for the layer above that found the stream broken (e.g. a binary
    // packet over the limit); emits closed(reason, detail).
    void abort(CloseReason reason, const QString &detail) { fail(reason, detail); }

    State state() const { return m_state; }
    QString sid() const { return m_sid; }
    // "polling" or "websocket": the transport in use now.
    QString transportName() const;
    // The largest message accepted from the server: its maxPayload once the handshake is done.
    qint64 maxIncomingMessage() const { return m_maxPayload; }

signals:
    void opened();
    void messageReceived(const QByteArray &text);
    void binaryReceived(const QByteArray &data);
    // `detail` says what happened for a person ("xhr poll error: HTTP 400", "ping timeout"...); every
    // reason but ClientClose is a failure.
    void closed(rasachat::EngineClient::CloseReason reason, const QString &detail);
    // Every Engine.IO packet both ways, for traces.
    void packet(rasachat::WireRecord::Direction direction, const QString &transport,
                const QByteArray &encoded);

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    enum class Transport { None, Polling, WebSocket };

    QUrl endpoint(const QString &transport, bool withSid) const;
    QNetworkRequest request(const QString &transport, bool withSid) const;
    QWebSocket *newWebSocket();
    bool tracing() const; // someone listens to packet()
    void startPolling();
    void startWebSocket();
    void poll();
    void flush();
    // A polling POST of `body` (a payload) for this session.
    QNetworkReply *postPayload(const QByteArray &body);
    // Watches a polling request's reply: bounded by `maxBytes`.
    void guard(QNetworkReply *reply, qint64 maxBytes);
    // Fails the connection ("xhr poll error: HTTP 400", as socket.io-client names it) unless `reply` is a
    // complete 200.
    bool failed(QNetworkReply *reply, const char *what);
    void handlePacket(const EioPacket &packet, Transport from);
    void handleOpen(const QByteArray &json, Transport from);
    void armHeartbeat();
    void send(const EioPacket &packet);
    void fail(CloseReason reason, const QString &detail);
    void finish(CloseReason reason, const QString &detail);
    void applyLimits(QWebSocket *ws) const;
    void startUpgrade();
    void onProbeText(const QString &text);
    void maybeCompleteUpgrade();
    void abortUpgrade();
    void wireWebSocket(QWebSocket *ws);

    EngineClientOptions m_options;
    std::optional<QSslConfiguration> m_tls; // none: Qt's default
    QNetworkAccessManager *m_nam;
    State m_state = State::Closed;
    Transport m_transport = Transport::None;
    QString m_sid;
    int m_pingIntervalMs = 25'000;
    int m_pingTimeoutMs = 20'000;
    qint64 m_maxPayload = kDefaultMaxPayload;
    bool m_canUpgrade = false;

    QList<EioPacket> m_writeQueue;
    QPointer<QNetworkReply> m_pollReply;
    QPointer<QNetworkReply> m_postReply;
    QWebSocket *m_socket = nullptr; // the WebSocket transport
    QWebSocket *m_probe = nullptr;  // a WebSocket being probed for the upgrade
    bool m_pollingPaused = false;   // upgrading: no new GET or POST until the switch
    QBasicTimer m_heartbeat;        // pingInterval + pingTimeout without a ping: dead
    QBasicTimer m_connectTimer;
    QString m_tlsError; // why a WebSocket's TLS handshake failed, for the close detail
};

QString engineCloseReasonName(EngineClient::CloseReason reason);

} // namespace rasachat
