#include "callbackchannel.h"

#include "../http/httpresponder.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace rasachat {

CallbackChannel::CallbackChannel(const CallbackChannelOptions &options, QObject *parent)
    : WebhookChannel(QStringLiteral("callback"), options.serverUrl, options.senderId, parent),
      m_options(options)
{
    m_receiver.setFallback([this](const HttpRequest &req, HttpResponder *r) { receive(req, r); });
}

QUrl CallbackChannel::receiverUrl() const
{
    QUrl u;
    u.setScheme(QStringLiteral("http"));
    u.setHost(m_receiver.serverAddress().toString());
    u.setPort(m_receiver.serverPort());
    u.setPath(QStringLiteral("/"));
    return u;
}

bool CallbackChannel::listen(QString *error)
{
    if (m_receiver.isListening())
        return true;
    if (m_receiver.listen(m_options.receiverHost, m_options.receiverPort)) {
        // Keep the port: the server's callback url points here, also after a close() and open().
        m_options.receiverPort = m_receiver.serverPort();
        return true;
    }
    *error = QStringLiteral("cannot listen for callbacks on %1:%2: %3")
                 .arg(m_options.receiverHost.toString())
                 .arg(m_options.receiverPort)
                 .arg(m_receiver.errorString());
    return false;
}

void CallbackChannel::open()
{
    if (state() != State::Disconnected)
        return;
    QString why;
    if (!listen(&why)) {
        emit errorOccurred(ChannelError{ChannelError::Kind::Configuration, why, why, {}});
        return;
    }
    WebhookChannel::open();
}

void CallbackChannel::close()
{
    WebhookChannel::close();
    m_receiver.close();
}

void CallbackChannel::handleAnswer(const HttpTrafficClient::Result &answer, const QString &messageId)
{
    if (answer.body != "success") {
        emit errorOccurred(
            ChannelError{ChannelError::Kind::Protocol,
                         QStringLiteral("the callback webhook answered %1 instead of \"success\"")
                             .arg(errorTextFromBody(answer.body)),
                         QString::fromUtf8(answer.body), messageId});
        return;
    }
    emit messageDelivered(messageId);
}

void CallbackChannel::receive(const HttpRequest &request, HttpResponder *responder)
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
    emit traffic(WireRecord{QDateTime::currentDateTime(), WireRecord::Direction::Incoming, kindName(),
                            QStringLiteral("POST ") + request.path, request.body});
    const QJsonDocument doc = QJsonDocument::fromJson(request.body);
    QJsonArray objects;
    if (doc.isObject())
        objects.append(doc.object());
    else if (doc.isArray())
        objects = doc.array();
    if ((!doc.isObject() && !doc.isArray()) ||
        !std::all_of(objects.begin(), objects.end(), [](const QJsonValue &v) { return v.isObject(); })) {
        const QString why = QStringLiteral("a callback must carry a bot message object or a list of them");
        emit errorOccurred(
            ChannelError{ChannelError::Kind::Protocol, why, QString::fromUtf8(request.body), {}});
        return responder->send(HttpResponse::error(400, QStringLiteral("BadRequest"), why));
    }
    responder->send(HttpResponse::json(200, R"({"status":"ok"})"));
    for (const QJsonValue &v : objects) {
        const BotMessage m = BotMessage::fromJson(v.toObject());
        if (m.recipientId == senderId())
            emit botMessage(m);
    }
}

} // namespace rasachat
