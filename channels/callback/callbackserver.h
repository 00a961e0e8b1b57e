#pragma once

#include <QObject>

namespace rasachat {

class HttpServer;
class Outbox;
class TurnRunner;

// Rasa's callback input channel on an HttpServer (docs/rasa-channels.md section 2):
//   GET  /webhooks/callback/        -> {"status":"ok"}
//   POST /webhooks/callback/webhook -> text "success"; each bot message is then POSTed, one JSON object
//                                      (json.dumps bytes) per request, to the configured url by the Outbox.
// Rasa answers "success" only after its POSTs are done and fails the webhook when the receiver is down;
// the mock answers once the messages are safely in the outbox, which delivers them in order with retries.
class CallbackServer : public QObject
{
    Q_OBJECT
public:
    CallbackServer(HttpServer *http, TurnRunner *turns, Outbox *outbox, QObject *parent = nullptr);
};

} // namespace rasachat
