#include "restserver.h"

#include "../agent/turnrunner.h"
#include "../http/httpresponder.h"
#include "../http/httpserver.h"
#include "../message/collectingoutput.h"
#include "../webhook/webhookbody.h"

#include <QPointer>

namespace rasachat {

RestServer::RestServer(HttpServer *http, TurnRunner *turns, QObject *parent) : QObject(parent), m_turns(turns)
{
    http->route("GET", QStringLiteral("/webhooks/rest/"), [](const HttpRequest &, HttpResponder *r) {
        r->send(HttpResponse::json(200, R"({"status":"ok"})"));
    });
    http->route(
        "POST", QStringLiteral("/webhooks/rest/webhook"), [this](const HttpRequest &req, HttpResponder *r) {
            auto body = readWebhookBody(req);
            if (auto *error = std::get_if<HttpResponse>(&body))
                return r->send(*error);
            UserMessage message = std::get<UserMessage>(std::move(body));
            if (message.inputChannel.isEmpty())
                message.inputChannel = QStringLiteral("rest");
            const bool stream = req.query.queryItemValue(QStringLiteral("stream")).toLower() == u"true";
            QPointer<HttpResponder> responder(r);
            if (stream)
                r->beginStream(HttpResponse{200, {{"Content-Type", "text/event-stream"}}, {}});
            const QString recipient = message.senderId;
            m_turns->run(
                message,
                [responder, stream, recipient](const QList<BotMessage> &responses) {
                    if (!responder)
                        return; // the client left while the bot was thinking
                    const QList<BotMessage> wire = collectingOutput(recipient, responses);
                    if (stream) {
                        for (const BotMessage &m : wire)
                            responder->writeChunk(m.toWire(JsonStyle::Python) + '\n');
                        responder->endStream();
                        return;
                    }
                    JsonWriter w(JsonStyle::Ujson);
                    w.beginArray();
                    for (const BotMessage &m : wire)
                        m.write(w);
                    w.endArray();
                    responder->send(HttpResponse::json(200, w.data()));
                },
                r);
        });
}

} // namespace rasachat
