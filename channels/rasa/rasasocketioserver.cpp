#include "rasasocketioserver.h"

#include "../agent/turnrunner.h"
#include "../engineio/engineserver.h"
#include "../http/httpresponder.h"
#include "../http/httpserver.h"
#include "../http/logsafe.h"
#include "../message/jsonwriter.h"
#include "../socketio/sioserver.h"
#include "socketiooutput.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QPointer>
#include <QUuid>

Q_LOGGING_CATEGORY(lcRasaSio, "rasa.socketio", QtInfoMsg)

namespace rasachat {

RasaSocketIoServer::RasaSocketIoServer(HttpServer *http, const SocketIoSettings &settings,
                                       const EngineOptions &engine, TurnRunner *turns, QObject *parent)
    : QObject(parent), m_settings(settings), m_turns(turns)
{
    if (!settings.jwtKey.isEmpty())
        m_jwt.emplace(settings.jwtKey, settings.jwtMethod);
    EngineOptions options = engine;
    options.path = settings.socketioPath;
    m_engine = new EngineServer(http, options, this);
    m_sio = new SioServer(m_engine, this);
    if (!settings.socketNamespace.isEmpty())
        m_sio->addNamespace(settings.socketNamespace);
    m_sio->setAuthorizer(
        [this](const QString &, const QJsonValue &auth, const HttpRequest &) { return authorize(auth); });
    connect(m_sio, &SioServer::eventReceived, this, &RasaSocketIoServer::onEvent);
    connect(m_sio, &SioServer::disconnected, this, [this](SioSocket *socket) { m_queued.remove(socket); });
    http->route("GET", QStringLiteral("/webhooks/socketio/"), [](const HttpRequest &, HttpResponder *r) {
        r->send(HttpResponse::json(200, R"({"status":"ok"})"));
    });
}

std::optional<QByteArray> RasaSocketIoServer::authorize(const QJsonValue &auth) const
{
    if (!m_jwt)
        return std::nullopt;
    QString why;
    const QJsonValue token = auth.toObject().value(u"token");
    if (!token.isString() || !m_jwt->verify(token.toString(), &why)) {
        qCInfo(lcRasaSio).noquote() << "socketio: connection refused:"
                                    << (token.isString() ? logSafe(why)
                                                         : QStringLiteral("no token in the auth payload"));
        // python-socketio's text for a connect handler that returns False
        return QByteArray(R"({"message":"Connection rejected by server"})");
    }
    return std::nullopt;
}

QByteArray RasaSocketIoServer::eventArray(const QString &name, const QByteArray &payloadJson) const
{
    return "[" + JsonWriter::encode(name, JsonStyle::PythonCompact) + "," + payloadJson + "]";
}

void RasaSocketIoServer::onEvent(SioSocket *socket, const QString &name, const QJsonArray &args,
                                 std::optional<quint64> ackId)
{
    // Rasa's handlers listen on the configured namespace (default "/").
    const QString nsp =
        m_settings.socketNamespace.isEmpty() ? QStringLiteral("/") : m_settings.socketNamespace;
    if (socket->nsp() != nsp)
        return;
    // python-socketio acks when the handler has returned, with what it returned (Rasa's return nothing:
    // an empty ack); an event without a handler, or a handler that raised, is not acked.
    if (name == u"session_request") {
        onSessionRequest(socket, args);
        if (ackId)
            socket->ack(*ackId);
    } else if (name == m_settings.userMessageEvt) {
        onUserMessage(socket, args, ackId);
    }
}

void RasaSocketIoServer::onSessionRequest(SioSocket *socket, const QJsonArray &args)
{
    // As Rasa: a missing or null session_id gets uuid4().hex; any other value is confirmed as it is.
    QJsonValue sessionId = args.isEmpty() ? QJsonValue() : args.first().toObject().value(u"session_id");
    if (sessionId.isUndefined() || sessionId.isNull())
        sessionId = QUuid::createUuid().toString(QUuid::Id128);
    const QByteArray json = JsonWriter::encode(sessionId, JsonStyle::PythonCompact);
    const QString room = sessionId.isString() ? sessionId.toString() : QString::fromUtf8(json);
    if (m_settings.sessionPersistence && !socket->join(room)) {
        // Replies to a room the socket could not join would reach nobody: say so instead.
        socket->disconnectFromServer();
        return;
    }
    socket->emitRaw(eventArray(QStringLiteral("session_confirm"), json));
    qCDebug(lcRasaSio).noquote() << "socketio: session" << logSafe(room) << "confirmed for" << socket->id();
}

void RasaSocketIoServer::onUserMessage(SioSocket *socket, const QJsonArray &args,
                                       std::optional<quint64> ackId)
{
    // Where Rasa's handler raises (no data, data that is not an object, metadata that is not JSON) the
    // message is dropped without an ack; where it returns early it is acked at once.
    if (args.isEmpty() || !args.first().isObject()) {
        qCWarning(lcRasaSio).noquote()
            << "socketio:" << socket->id() << "sent a user message that is not an object; dropped";
        return;
    }
    const QJsonObject data = args.first().toObject();
    QString sender;
    if (m_settings.sessionPersistence) {
        const QJsonValue sid = data.value(u"session_id");
        sender = sid.isString() ? sid.toString() : QString();
        if (sender.isEmpty()) {
            qCWarning(lcRasaSio).noquote()
                << "socketio: a message without session_id under session_persistence "
                   "was dropped, as Rasa does (send session_request first)";
            if (ackId)
                socket->ack(*ackId);
            return;
        }
    } else {
        sender = socket->id();
    }
    UserMessage m;
    m.senderId = sender;
    m.text = data.value(u"message").toString().trimmed();
    m.inputChannel = QStringLiteral("socketio");
    QJsonValue metadata = data.value(m_settings.metadataKey);
    if (metadata.isString()) { // Rasa parses a string as JSON
        const QJsonDocument doc = QJsonDocument::fromJson(metadata.toString().toUtf8());
        if (doc.isNull()) {
            qCWarning(lcRasaSio).noquote()
                << "socketio: metadata is a string but not JSON; the message was dropped";
            return;
        }
        metadata = doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array());
    }
    m.metadata = metadata.isUndefined() || metadata.isNull() ? QJsonValue(QJsonObject()) : metadata;

    QPointer<SioServer> sio(m_sio);
    QPointer<SioSocket> from(socket);
    const QString botEvt = m_settings.botMessageEvt;
    ++m_queued[socket];
    m_turns->run(m, [this, sio, from, sender, botEvt, ackId](const QList<BotMessage> &responses) {
        if (!sio)
            return;
        // Rasa emits without a namespace, i.e. on "/", to the room named by the recipient.
        for (const BotMessage &r : responses) {
            for (const QByteArray &payload : socketIoOutput(r))
                sio->emitToRoom(QStringLiteral("/"), sender, eventArray(botEvt, payload));
        }
        if (!from)
            return;
        // Rasa's handler awaits the bot's turn, so the ack follows the turn's bot messages (also with
        // --delay): a client may take the ack as "answered".
        if (ackId)
            from->ack(*ackId);
        turnAnswered(from);
    });
    // Without --delay the turn is answered already and nothing waits.
    if (from && m_queued.value(socket) >= m_maxQueuedTurns && !socket->isInputHeld()) {
        qCDebug(lcRasaSio).noquote() << "socketio:" << socket->id() << "has" << m_queued.value(socket)
                                     << "messages waiting for the bot; not reading from it for now";
        socket->setInputHeld(true);
    }
}

void RasaSocketIoServer::turnAnswered(SioSocket *socket)
{
    const auto it = m_queued.find(socket);
    if (it == m_queued.end())
        return; // disconnected meanwhile
    const int left = --*it;
    if (left <= 0)
        m_queued.erase(it);
    // Read again at once: a polling client's POST is held meanwhile, and clients give up on a POST after a
    // few seconds (python-engineio: 5 s), so it is held for one turn at a time, not for many.
    if (socket->isInputHeld() && left < m_maxQueuedTurns)
        socket->setInputHeld(false);
}

} // namespace rasachat
