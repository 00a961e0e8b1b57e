#include "callbackreceiver.h"

#include "../http/httpresponder.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace rasachat {

CallbackReceiver::CallbackReceiver(QObject *parent) : QObject(parent)
{
    m_server.setFallback([this](const HttpRequest &req, HttpResponder *r) { receive(req, r); });
    // A POST over the size limit is refused by the HTTP front before receive() sees it: without this the
    // bot message in it would be lost without a word.
    connect(&m_server, &HttpServer::requestFinished, this,
            [this](const HttpRequest &request, int status, qint64) {
                if (status == 413 && request.method == "POST")
                    reportOversized(request);
            });
}

void CallbackReceiver::reportOversized(const HttpRequest &request)
{
    const QByteArray length = request.header("content-length");
    const QString size = length.isEmpty()
                             ? QStringLiteral("more than %1 bytes").arg(m_server.limits().maxBodyBytes)
                             : QStringLiteral("%1 bytes").arg(QString::fromLatin1(length));
    const QString why = QStringLiteral("a bot message was lost: the server's callback POST (%1) is over the "
                                       "receiver's limit of %2 bytes, so it was refused")
                            .arg(size)
                            .arg(m_server.limits().maxBodyBytes);
    emit badCallback(ChannelError{ChannelError::Kind::Protocol,
                                  why,
                                  QStringLiteral("413 ") + request.path,
                                  {},
                                  ChannelError::Reason::ReplyTooLarge});
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
