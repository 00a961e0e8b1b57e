#include "mockserver.h"

#include "../agent/scriptagent.h"
#include "../agent/trackerstore.h"
#include "../agent/turnrunner.h"
#include "../callback/callbackserver.h"
#include "../http/httpresponder.h"
#include "../message/jsonwriter.h"
#include "../rasa/rasasocketioserver.h"
#include "../rest/restserver.h"
#include "../socketio/sioserver.h"
#include "trackerapi.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

namespace rasachat {

MockServer::MockServer(const MockOptions &options, QObject *parent) : QObject(parent), m_options(options)
{
    m_http.setLimits(options.limits);
    m_http.setCorsPolicy(CorsPolicy(options.corsOrigins));
    if (options.tls)
        m_http.setTlsConfiguration(*options.tls);
}

MockServer::~MockServer() = default;

bool MockServer::start(QString *error, StartFailure *failure)
{
    if (failure)
        *failure = StartFailure::Configuration;
    std::unique_ptr<Agent> agent;
    if (m_options.bot == u"script") {
        if (m_options.botScript.isEmpty()) {
            *error = QStringLiteral("--bot script needs a conversation script file");
            return false;
        }
        auto script = ConversationScript::load(m_options.botScript, error);
        if (!script)
            return false;
        agent = ScriptAgent::create(*script, error);
        if (!agent)
            return false;
    } else {
        agent = makeAgent(m_options.bot);
    }
    if (!agent) {
        *error = QStringLiteral("unknown bot '%1' (one of: %2, script FILE)")
                     .arg(m_options.bot, agentNames().join(u", "));
        return false;
    }
    m_turns = new TurnRunner(std::move(agent), m_options.delayMs, this);
    if (m_options.enableApi) {
        m_trackers = std::make_unique<TrackerStore>(m_turns->agent().slotNames());
        m_turns->setTrackerStore(m_trackers.get());
        new TrackerApi(&m_http, m_trackers.get(), m_options.authToken, this);
    }
    addInfoRoutes();
    const Credentials &c = m_options.credentials;
    if (c.rest.enabled)
        new RestServer(&m_http, m_turns, this);
    if (c.callback.enabled) {
        m_outbox = new Outbox(c.callback, m_options.outbox, this);
        new CallbackServer(&m_http, m_turns, m_outbox, this);
    }
    if (c.socketio.enabled) {
        m_socketio = new RasaSocketIoServer(&m_http, c.socketio, m_options.engine, m_turns, this);
        m_socketio->sio()->setMaxRoomsPerSocket(m_options.maxRoomsPerSocket);
        m_socketio->setMaxQueuedTurns(m_options.maxQueuedTurns);
    }
    if (!m_http.listen(m_options.host, m_options.port)) {
        *error = QStringLiteral("cannot listen on %1:%2: %3")
                     .arg(m_options.host.toString())
                     .arg(m_options.port)
                     .arg(m_http.errorString());
        if (failure)
            *failure = StartFailure::Listen;
        return false;
    }
    return true;
}

void MockServer::shutDown(int drainMs)
{
    if (m_shutdown == Shutdown::Draining) {
        finishShutDown(QStringLiteral("shutting down at a second signal, before the drain period ended"));
        return;
    }
    if (m_shutdown != Shutdown::Serving)
        return;
    m_shutdown = Shutdown::Draining;
    m_http.close();
    if (!m_outbox || m_outbox->queuedMessages() == 0) {
        QMetaObject::invokeMethod(
            this, [this] { finishShutDown({}); }, Qt::QueuedConnection);
        return;
    }
    connect(m_outbox, &Outbox::emptied, this, [this] { finishShutDown({}); });
    QTimer::singleShot(drainMs, this, [this, drainMs] {
        finishShutDown(QStringLiteral("shutting down after the drain period (%1 ms)").arg(drainMs));
    });
}

void MockServer::finishShutDown(const QString &why)
{
    if (m_shutdown == Shutdown::Done)
        return;
    m_shutdown = Shutdown::Done;
    if (m_outbox)
        m_outbox->abandon(why);
    emit shutDownFinished();
}

QUrl MockServer::url() const
{
    QUrl u;
    u.setScheme(m_http.isTls() ? QStringLiteral("https") : QStringLiteral("http"));
    u.setHost(m_http.serverAddress().toString());
    u.setPort(m_http.serverPort());
    return u;
}

void MockServer::addInfoRoutes()
{
    m_http.route("GET", QStringLiteral("/"), [](const HttpRequest &, HttpResponder *r) {
        r->send(HttpResponse::text(200, "Hello from Rasa: " + kRasaVersion.toUtf8()));
    });
    m_http.route("GET", QStringLiteral("/version"), [](const HttpRequest &, HttpResponder *r) {
        JsonWriter w(JsonStyle::Ujson); // Rasa's key order, which a sorted QJsonObject would change
        w.beginObject();
        w.key(u"version").value(kRasaVersion.toString());
        w.key(u"minimum_compatible_version").value(kMinimumCompatibleVersion.toString());
        w.endObject();
        r->send(HttpResponse::json(200, w.data()));
    });
    const QString bot = m_options.bot;
    // Rasa's /status requires the API's authentication.
    const QString token = m_options.enableApi ? m_options.authToken : QString();
    m_http.route("GET", QStringLiteral("/status"), [bot, token](const HttpRequest &req, HttpResponder *r) {
        if (!TrackerApi::authorised(req, token, r))
            return;
        const QJsonObject o{{QStringLiteral("model_file"), QStringLiteral("rasa-mock-%1.tar.gz").arg(bot)},
                            {QStringLiteral("model_id"), QStringLiteral("rasa-mock-%1").arg(bot)},
                            {QStringLiteral("num_active_training_jobs"), 0}};
        r->send(HttpResponse::json(200, QJsonDocument(o).toJson(QJsonDocument::Compact)));
    });
}

} // namespace rasachat
