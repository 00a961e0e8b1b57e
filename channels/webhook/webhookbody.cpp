#include "webhookbody.h"

#include <QJsonDocument>
#include <QJsonParseError>

namespace rasachat {

std::variant<UserMessage, HttpResponse> readWebhookBody(const HttpRequest &request)
{
    auto bad = [](const QString &message) {
        return HttpResponse::error(400, QStringLiteral("BadRequest"), message);
    };
    if (request.body.trimmed().isEmpty())
        return bad(QStringLiteral("the request body is empty; expected a JSON object like "
                                  "{\"sender\": \"alice\", \"message\": \"hi\"}"));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(request.body, &error);
    // QJsonDocument takes only objects and arrays at the top; a bare scalar is JSON all the same.
    const bool scalar = error.error != QJsonParseError::NoError &&
                        !QJsonDocument::fromJson('[' + request.body + ']').isNull();
    if (error.error != QJsonParseError::NoError && !scalar)
        return bad(QStringLiteral("the body is not valid JSON: %1 at offset %2")
                       .arg(error.errorString())
                       .arg(error.offset));
    if (!doc.isObject())
        return bad(QStringLiteral(
            "the body must be a JSON object like {\"sender\": \"alice\", \"message\": \"hi\"}"));
    QString reason;
    auto message = UserMessage::fromWebhookJson(doc.object(), &reason);
    if (!message)
        return bad(reason);
    return *message;
}

} // namespace rasachat
