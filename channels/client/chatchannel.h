#pragma once

#include "../message/botmessage.h"
#include "../message/usermessage.h"

#include <QDateTime>
#include <QObject>

namespace rasachat {

// The largest reply body a REST or callback client reads by default (rasa-probe --max-reply-bytes):
// Rasa's answers are a few kB; a reply this large is a broken or hostile server.
inline constexpr qint64 kDefaultMaxReplyBytes = 4 * 1024 * 1024;

// What went wrong, said for a person (`message`) with the wire detail for the inspector (`detail`).
// `kind` is the layer that failed; `reason` is what happened, for code that reacts to it.
struct ChannelError
{
    enum class Kind { Connection, Http, Protocol, Configuration };
    enum class Reason {
        Other,
        Unreachable,      // no connection, or it was lost
        ServerDisconnect, // the server ended the Socket.IO session ("io server disconnect"): no retry
        Refused,          // the server refused the Socket.IO CONNECT (e.g. a bad JWT)
        HttpStatus,       // a non-2xx answer
        MalformedReply,   // a reply or packet that cannot be decoded: the message in it is lost
        ReplyTooLarge,    // a reply over the limit (maxPayload, --max-reply-bytes): refused unread
        TruncatedReply,   // the connection closed before the reply was complete
        Timeout,          // no complete answer in time
        Tls,              // https/wss: the server's certificate was refused or the handshake failed
    };
    Kind kind = Kind::Connection;
    QString message;
    QString detail;
    QString messageId; // the user message that failed, if any
    Reason reason = Reason::Other;
};

// One request, response, callback or frame on the wire, for traces and the inspector.
struct WireRecord
{
    enum class Direction { Outgoing, Incoming };
    QDateTime time;
    Direction direction = Direction::Outgoing;
    QString channel; // "rest", "callback", "socketio"
    QString summary; // "POST http://127.0.0.1:5005/webhooks/rest/webhook", "200 OK"...
    QByteArray payload;
};

// The one client interface the UI and rasa-probe use, whatever the channel underneath.
class ChatChannel : public QObject
{
    Q_OBJECT
public:
    enum class State { Disconnected, Connecting, Connected, Reconnecting };
    Q_ENUM(State)

    explicit ChatChannel(QObject *parent = nullptr) : QObject(parent) {}

    virtual QString kindName() const = 0;
    virtual void open() = 0;
    virtual void close() = 0;
    // Queued while not connected and sent in order once connected; never silently dropped.
    virtual void send(const UserMessage &message) = 0;
    // True when all replies to a message have arrived by the time messageDelivered() is emitted (REST).
    virtual bool repliesCompleteOnDelivery() const { return false; }
    // True when the server confirms a message only after it sent every reply to it, so that
    // messageDelivered() ends the turn: REST (the replies are the answer), Socket.IO (Rasa acks a user
    // message when its handler returns, after the turn's bot messages). Not callback: the callbacks are
    // other requests, which may still be on their way.
    virtual bool deliveryEndsTurn() const { return repliesCompleteOnDelivery(); }
    // How the server confirms a message, for a failure that says what did not come.
    virtual QString deliveryConfirmation() const { return QStringLiteral("an answer"); }

    State state() const { return m_state; }
    QString sessionId() const { return m_sessionId; }

signals:
    void stateChanged(rasachat::ChatChannel::State state);
    void sessionConfirmed(const QString &sessionId); // socket.io handshake; REST/callback: the sender id
    void botMessage(const rasachat::BotMessage &message);
    void messageDelivered(const QString &messageId); // the server accepted it (and, for REST, answered)
    void errorOccurred(const rasachat::ChannelError &error);
    void traffic(const rasachat::WireRecord &record);

protected:
    // What send() queues: the message with an id of its own (Rasa's format), and `sender` unless the
    // message names its sender.
    static UserMessage addressed(const UserMessage &message, const QString &sender = {});
    void setState(State state);
    void setSessionId(const QString &id) { m_sessionId = id; }

private:
    State m_state = State::Disconnected;
    QString m_sessionId;
};

QString channelStateName(ChatChannel::State state);
// A fresh sender/session id in Rasa's format: uuid4().hex, 32 lower-case hex digits.
QString newSessionId();

} // namespace rasachat

Q_DECLARE_METATYPE(rasachat::ChannelError)
Q_DECLARE_METATYPE(rasachat::WireRecord)
