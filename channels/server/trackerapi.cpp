#include "trackerapi.h"

#include "../http/httpresponder.h"
#include "../http/httpserver.h"
#include "../message/jsonwriter.h"
#include "mockserver.h"

#include <QJsonDocument>

namespace rasachat {

namespace {

const QString kPrefix = QStringLiteral("/conversations/");

HttpResponse rasaError(int status, const QString &reason, const QString &message, const QString &help = {})
{
    return HttpResponse::json(status, TrackerApi::errorBody(status, reason, message, help));
}

} // namespace

TrackerApi::TrackerApi(HttpServer *http, TrackerStore *store, const QString &authToken, QObject *parent)
    : QObject(parent), m_store(store), m_token(authToken)
{
    // The sender is part of the path (Rasa's <conversation_id:path>), so these routes are not exact paths.
    http->setFallback([this](const HttpRequest &request, HttpResponder *r) { serve(request, r); });
}

QByteArray TrackerApi::errorBody(int status, const QString &reason, const QString &message,
                                 const QString &help)
{
    JsonWriter w(JsonStyle::Ujson);
    w.beginObject();
    w.key(u"version").value(kRasaVersion.toString());
    w.key(u"status").value(QStringLiteral("failure"));
    w.key(u"message").value(message);
    w.key(u"reason").value(reason);
    w.key(u"details").beginObject().endObject();
    w.key(u"help").value(help.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(help));
    w.key(u"code").value(status);
    w.endObject();
    return w.data();
}

bool TrackerApi::authorised(const HttpRequest &request, const QString &token, HttpResponder *responder)
{
    if (token.isEmpty())
        return true; // Rasa without --auth-token (and without JWT): authentication is disabled
    if (request.query.hasQueryItem(QStringLiteral("token")) &&
        request.query.queryItemValue(QStringLiteral("token"), QUrl::FullyDecoded) == token)
        return true;
    // Rasa answers a missing and a wrong token alike; 403 is only for a JWT without the scope.
    responder->send(rasaError(
        401, QStringLiteral("NotAuthenticated"), QStringLiteral("User is not authenticated."),
        QStringLiteral(
            "https://rasa.com/docs/rasa/user-guide/configuring-http-api/#security-considerations")));
    return false;
}

void TrackerApi::serve(const HttpRequest &request, HttpResponder *responder)
{
    QString path = request.path;
    if (path.endsWith(u'/'))
        path.chop(1);
    const bool isTracker = path.endsWith(QStringLiteral("/tracker"));
    const bool isEvents = path.endsWith(QStringLiteral("/tracker/events"));
    const QString sender = path.mid(kPrefix.size(), path.size() - kPrefix.size() -
                                                        (isEvents    ? 15
                                                         : isTracker ? 8
                                                                     : 0));
    if (!path.startsWith(kPrefix) || (!isTracker && !isEvents) || sender.isEmpty())
        return responder->send(HttpResponse::error(
            404, QStringLiteral("NotFound"), QStringLiteral("Requested URL %1 not found").arg(request.path)));
    const QByteArray method = request.method == "HEAD" ? QByteArray("GET") : request.method;
    const QByteArray allowed = isEvents ? "OPTIONS, POST" : "GET, HEAD, OPTIONS";
    if (request.method == "OPTIONS") {
        HttpResponse r{204, {}, {}};
        r.setHeader("Allow", allowed);
        return responder->send(r);
    }
    if ((isEvents && method != "POST") || (isTracker && method != "GET")) {
        HttpResponse r = HttpResponse::error(
            405, QStringLiteral("MethodNotAllowed"),
            QStringLiteral("Method %1 not allowed for URL %2 (allowed: %3)")
                .arg(QString::fromLatin1(request.method), request.path, QString::fromLatin1(allowed)));
        r.setHeader("Allow", allowed);
        return responder->send(r);
    }
    if (!authorised(request, m_token, responder))
        return;
    if (isTracker)
        return responder->send(HttpResponse::json(200, m_store->state(sender)));
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(request.body, &parseError);
    QString error;
    if (request.body.isEmpty() || parseError.error != QJsonParseError::NoError)
        error = QStringLiteral("the body must be an event or a list of events in JSON");
    else
        m_store->append(sender, doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object()), &error);
    if (!error.isEmpty())
        return responder->send(rasaError(
            400, QStringLiteral("BadRequest"),
            QStringLiteral("Failed to validate the events format. For more information about the format "
                           "visit the docs. Error: %1")
                .arg(error),
            QStringLiteral("https://rasa.com/docs/rasa/pages/http-api")));
    responder->send(HttpResponse::json(200, m_store->state(sender)));
}

} // namespace rasachat
