#include "callbackreceiver.h"

#include "../http/httpresponder.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace rasachat {

CallbackReceiver::CallbackReceiver(QObject *parent) : QObject(parent)
{
    m_server.setFallback([this](const HttpRequest &req, HttpResponder *r) { receive(req, r); });
}

bool CallbackReceiver::listen(const QHostAddress &host, quint16 port, QString *error)
{
    if (m_server.isListening())
        return true;
    if (m_server.listen(host, port))
        return true;
    *error = QStringLiteral("cannot listen for callbacks on %1:%2: %3")
                 .arg(host.toString())
                 .arg(port)
                 .arg(m_server.errorString());
    return false;
}

QUrl CallbackReceiver::url() const
{
    QUrl u;
    u.setScheme(QStringLiteral("http"));
    u.setHost(m_server.serverAddress().toString());
    u.setPort(m_server.serverPort());
    u.setPath(QStringLiteral("/"));
    return u;
}

void CallbackReceiver::receive(const HttpRequest &request, HttpResponder *responder)
{
    if (request.method == "GET")
        return responder->send(HttpResponse::json(200, R"({"status":"ok"})"));
    if (request.method != "POST") {
        HttpResponse r =
            HttpResponse::error(405, QStringLiteral("MethodNotAllowed"),
                                QStringLiteral("the callback receiver takes POSTed bot messages"));
        r.setHeader("Allow", "GET, POST");
        return responder->send(r);
    }
    emit traffic(WireRecord{QDateTime::currentDateTime(), WireRecord::Direction::Incoming,
                            QStringLiteral("callback"), QStringLiteral("POST ") + request.path,
                            request.body});
    const QJsonDocument doc = QJsonDocument::fromJson(request.body);
    QJsonArray objects;
    if (doc.isObject())
        objects.append(doc.object());
    else if (doc.isArray())
        objects = doc.array();
    if ((!doc.isObject() && !doc.isArray()) ||
        !std::all_of(objects.begin(), objects.end(), [](const QJsonValue &v) { return v.isObject(); })) {
        const QString why = QStringLiteral("a callback must carry a bot message object or a list of them");
        emit badCallback(
            ChannelError{ChannelError::Kind::Protocol, why, QString::fromUtf8(request.body), {}});
        return responder->send(HttpResponse::error(400, QStringLiteral("BadRequest"), why));
    }
    responder->send(HttpResponse::json(200, R"({"status":"ok"})"));
    for (const QJsonValue &v : objects)
        emit botMessage(BotMessage::fromJson(v.toObject()));
}

} // namespace rasachat
