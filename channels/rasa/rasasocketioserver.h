#pragma once

#include "../auth/jwtverifier.h"
#include "../config/credentials.h"
#include "../engineio/engineoptions.h"

#include <QJsonArray>
#include <QObject>
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

private:
    std::optional<QByteArray> authorize(const QJsonValue &auth) const;
    void onEvent(SioSocket *socket, const QString &name, const QJsonArray &args,
                 std::optional<quint64> ackId);
    void onSessionRequest(SioSocket *socket, const QJsonArray &args);
    void onUserMessage(SioSocket *socket, const QJsonArray &args);
    QByteArray eventArray(const QString &name, const QByteArray &payloadJson) const;

    SocketIoSettings m_settings;
    std::optional<JwtVerifier> m_jwt;
    TurnRunner *m_turns;
    EngineServer *m_engine;
    SioServer *m_sio;
};

} // namespace rasachat
