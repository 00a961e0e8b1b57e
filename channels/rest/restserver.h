#pragma once

#include <QObject>

namespace rasachat {

class HttpServer;
class TurnRunner;

// Rasa's REST input channel on an HttpServer (docs/rasa-channels.md section 1):
//   GET  /webhooks/rest/                  -> {"status":"ok"}
//   POST /webhooks/rest/webhook           -> the bot's messages as one JSON list (ujson bytes, as Sanic)
//   POST /webhooks/rest/webhook?stream=true -> chunked text/event-stream, one json.dumps() line per message
class RestServer : public QObject
{
    Q_OBJECT
public:
    RestServer(HttpServer *http, TurnRunner *turns, QObject *parent = nullptr);

private:
    TurnRunner *m_turns;
};

} // namespace rasachat
