#include "callbackserver.h"

#include "../agent/turnrunner.h"
#include "../http/httpresponder.h"
#include "../http/httpserver.h"
#include "../message/collectingoutput.h"
#include "../webhook/webhookbody.h"
#include "outbox.h"

#include <QPointer>

namespace rasachat {

CallbackServer::CallbackServer(HttpServer *http, TurnRunner *turns, Outbox *outbox, QObject *parent)
    : QObject(parent)
{
    http->route("GET", QStringLiteral("/webhooks/callback/"), [](const HttpRequest &, HttpResponder *r) {
        r->send(HttpResponse::json(200, R"({"status":"ok"})"));
    });
    http->route("POST", QStringLiteral("/webhooks/callback/webhook"),
                [turns, outbox](const HttpRequest &req, HttpResponder *r) {
                    auto body = readWebhookBody(req);
                    if (auto *error = std::get_if<HttpResponse>(&body))
                        return r->send(*error);
                    UserMessage message = std::get<UserMessage>(std::move(body));
                    // Rasa's callback channel reads only sender and message.
                    message.metadata = QJsonValue::Undefined;
                    message.inputChannel = QStringLiteral("callback");
                    QPointer<HttpResponder> responder(r);
                    QPointer<Outbox> box(outbox);
                    const QString recipient = message.senderId;
                    turns->run(
                        message,
                        [responder, box, recipient](const QList<BotMessage> &responses) {
                            if (box) {
                                for (const BotMessage &m : collectingOutput(recipient, responses))
                                    box->post(recipient, m.toWire(JsonStyle::Python));
                            }
                            if (responder)
                                responder->send(HttpResponse::text(200, "success"));
                        },
                        r);
                });
}

} // namespace rasachat
