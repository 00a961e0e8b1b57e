#pragma once

#include "../callback/outbox.h"
#include "../config/credentials.h"
#include "../engineio/engineoptions.h"
#include "../http/httpserver.h"

#include <QHostAddress>
#include <QObject>
#include <QSslConfiguration>
#include <QUrl>
#include <memory>
#include <optional>

namespace rasachat {

class RasaSocketIoServer;
class TrackerStore;
class TurnRunner;

// The Rasa version the mock answers as (GET /, /version).
inline constexpr QStringView kRasaVersion = u"3.6.21";
inline constexpr QStringView kMinimumCompatibleVersion = u"3.5.0";

struct MockOptions
{
    QHostAddress host = QHostAddress::LocalHost;
    quint16 port = 5005;
    Credentials credentials = Credentials::defaults();
    QString bot = QStringLiteral("demo"); // demo | echo | script
    QString botScript;                    // the conversation script for --bot script
    int delayMs = 0;
    QStringList corsOrigins = {QStringLiteral("*")};
    HttpLimits limits;
    OutboxOptions outbox;
    EngineOptions engine;
    bool enableApi = false; // --enable-api: the tracker endpoints (TrackerApi)
    QString authToken;      // --auth-token: `?token=` the API (and /status) require
    int maxRoomsPerSocket = 100;
    // Socket.IO messages of one socket waiting for the bot (--delay) before it is not read from for now.
    int maxQueuedTurns = 64;
    // HTTPS and WSS on the one port (loadServerTls()); none: plain HTTP.
    std::optional<QSslConfiguration> tls;
};

// rasa-mock: Rasa's HTTP server info routes and every configured website channel (REST, callback,
// Socket.IO) on one port,
// answering with the chosen agent.
class MockServer : public QObject
{
    Q_OBJECT
public:
    explicit MockServer(const MockOptions &options, QObject *parent = nullptr);
    ~MockServer() override;

    // Why start() failed: what it was given cannot be used (an unknown bot, a script it cannot play), or
    // it cannot listen where it was told to (a port in use, an address that is not local).
    enum class StartFailure { Configuration, Listen };
    // Binds and starts serving; on failure returns false with a one-line reason in *error and, if
    // `failure` is given, the kind of failure in it.
    bool start(QString *error, StartFailure *failure = nullptr);
    QUrl url() const;
    quint16 port() const { return m_http.serverPort(); }
    HttpServer *http() { return &m_http; }
    Outbox *outbox() const { return m_outbox; }
    TurnRunner *turns() const { return m_turns; }
    RasaSocketIoServer *socketio() const { return m_socketio; }
    // The conversations the API serves; null without --enable-api.
    TrackerStore *trackers() const { return m_trackers.get(); }

    // Stops accepting requests and gives the callback outbox up to drainMs to deliver what it holds;
    // then (or once it is empty) whatever is left is given up with one log line, and shutDownFinished()
    // is emitted. Called again while draining, it ends the drain at once.
    void shutDown(int drainMs);

signals:
    void shutDownFinished();

private:
    void addInfoRoutes();
    void finishShutDown(const QString &why);

    MockOptions m_options;
    HttpServer m_http;
    TurnRunner *m_turns = nullptr;
    std::unique_ptr<TrackerStore> m_trackers;
    Outbox *m_outbox = nullptr;
    RasaSocketIoServer *m_socketio = nullptr;
    enum class Shutdown { Serving, Draining, Done };
    Shutdown m_shutdown = Shutdown::Serving;
};

} // namespace rasachat
