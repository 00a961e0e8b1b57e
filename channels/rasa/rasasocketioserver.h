#pragma once

#include "../auth/jwtverifier.h"
#include "../config/credentials.h"
#include "../engineio/engineoptions.h"

#include <QHash>
#include <QJsonArray>
#include <QObject>
#include <algorithm>
#include <optional>

namespace rasachat {

class EngineServer;
class HttpServer;
class SioServer;
class SioSocket;
class TurnRunner;
struct UserMessage;

// Rasa's socketio input channel (docs/rasa-channels.md section 3) on an HttpServer: the Socket.IO server
// at `socketio_path`, JWT on CONNECT when `jwt_key` is set, `session_request` -> `session_confirm`,
// user messages under `user_message_evt` turned into turns, and the bot's responses emitted under
// `bot_message_evt` to the room of the conversation, in Rasa's socketio shapes.
class RasaSocketIoServer : public QObject
{
    Q_OBJECT
public:
    RasaSocketIoServer(HttpServer *http, const SocketIoSettings &settings, const EngineOptions &engine,
                       TurnRunner *turns, QObject *parent = nullptr);

    EngineServer *engine() const { return m_engine; }
    SioServer *sio() const { return m_sio; }
    // A socket with this many of its messages waiting for the bot (a slow bot, rasa-mock --delay) is not
    // read from until one of them is answered: a client that sends faster than the bot answers waits
    // instead of growing the queue (default 64).
    void setMaxQueuedTurns(int turns) { m_maxQueuedTurns = std::max(1, turns); }
    // Its messages that wait for the bot now; for tests.
    int queuedTurns(const SioSocket *socket) const { return m_queued.value(socket); }

private:
    std::optional<QByteArray> authorize(const QJsonValue &auth) const;
    void onEvent(SioSocket *socket, const QString &name, const QJsonArray &args,
                 std::optional<quint64> ackId);
    void onSessionRequest(SioSocket *socket, const QJsonArray &args);
    void onUserMessage(SioSocket *socket, const QJsonArray &args, std::optional<quint64> ackId);
    QByteArray eventArray(const QString &name, const QByteArray &payloadJson) const;
    void turnAnswered(SioSocket *socket);

    SocketIoSettings m_settings;
    std::optional<JwtVerifier> m_jwt;
    TurnRunner *m_turns;
    EngineServer *m_engine;
    SioServer *m_sio;
    int m_maxQueuedTurns = 64;
    QHash<const SioSocket *, int> m_queued; // the sockets with messages waiting for the bot
};

} // namespace rasachat
