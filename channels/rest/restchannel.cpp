#include "restchannel.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace rasachat {

RestChannel::RestChannel(const RestChannelOptions &options, QObject *parent)
    : WebhookChannel(QStringLiteral("rest"), options.serverUrl, options.senderId, parent)
{}

void RestChannel::handleAnswer(const HttpTrafficClient::Result &answer, const QString &messageId)
{
    QList<BotMessage> messages;
    QString error;
    if (!parseBotMessageList(answer.body, &messages, &error)) {
        emit errorOccurred(
            ChannelError{ChannelError::Kind::Protocol, error, QString::fromUtf8(answer.body), messageId});
        return;
    }
    for (const BotMessage &m : messages)
        emit botMessage(m);
    emit messageDelivered(messageId);
}

bool parseBotMessageList(const QByteArray &body, QList<BotMessage> *out, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = QStringLiteral("the reply is not JSON: %1").arg(parseError.errorString());
        return false;
    }
    if (!doc.isArray()) {
        *error = QStringLiteral("the reply is not a JSON list of messages");
        return false;
    }
    for (const QJsonValue &v : doc.array()) {
        if (!v.isObject()) {
            *error = QStringLiteral("the reply list holds something that is not a message object");
            return false;
        }
        out->append(BotMessage::fromJson(v.toObject()));
    }
    return true;
}

} // namespace rasachat
