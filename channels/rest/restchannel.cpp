#include "restchannel.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace rasachat {

RestChannel::RestChannel(const RestChannelOptions &options, QObject *parent)
    : WebhookChannel(QStringLiteral("rest"), options.serverUrl, options.senderId, parent)
{
    setReplyLimits(options.maxReplyBytes, options.timeoutMs);
    setTls(options.tls);
}

void RestChannel::handleAnswer(const HttpTrafficClient::Result &answer, const QString &messageId)
{
    deliverRestReply(this, answer.body, messageId);
}

void deliverRestReply(ChatChannel *channel, const QByteArray &body, const QString &messageId)
{
    QList<BotMessage> messages;
    QString error;
    if (!parseBotMessageList(body, &messages, &error)) {
        emit channel->errorOccurred(
            ChannelError{ChannelError::Kind::Protocol, error, QString::fromUtf8(body), messageId});
        return;
    }
    for (const BotMessage &m : messages)
        emit channel->botMessage(m);
    emit channel->messageDelivered(messageId);
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
