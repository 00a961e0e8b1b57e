#include "usermessage.h"

#include <QLocale>
#include <cmath>

namespace rasachat {

QJsonObject UserMessage::toWebhookJson() const
{
    QJsonObject o;
    o.insert(u"sender", senderId);
    o.insert(u"message", text);
    if (!metadata.isUndefined())
        o.insert(u"metadata", metadata);
    if (!inputChannel.isEmpty())
        o.insert(u"input_channel", inputChannel);
    return o;
}

std::optional<QString> senderIdFromJson(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Undefined:
    case QJsonValue::Null:
        return kDefaultSender.toString();
    case QJsonValue::String:
        return v.toString();
    case QJsonValue::Bool:
        return v.toBool() ? QStringLiteral("True") : QStringLiteral("False");
    case QJsonValue::Double: {
        const double d = v.toDouble();
        if (d == std::trunc(d) && std::fabs(d) < 9007199254740992.0)
            return QString::number(qint64(d));
        return QString::number(d, 'g', QLocale::FloatingPointShortest);
    }
    case QJsonValue::Array:
    case QJsonValue::Object:
        return std::nullopt;
    }
    return std::nullopt;
}

std::optional<UserMessage> UserMessage::fromWebhookJson(const QJsonObject &body, QString *error)
{
    const auto sender = senderIdFromJson(body.value(u"sender"));
    if (!sender) {
        *error = QStringLiteral("'sender' must be a string or a number");
        return std::nullopt;
    }
    const QJsonValue message = body.value(u"message");
    if (message.isUndefined() || message.isNull()) {
        *error = QStringLiteral("the body has no 'message' (the user's text)");
        return std::nullopt;
    }
    if (!message.isString()) {
        *error = QStringLiteral("'message' must be a string");
        return std::nullopt;
    }
    UserMessage m;
    m.senderId = *sender;
    m.text = message.toString().trimmed(); // Rasa strips the text of every user message
    if (body.contains(u"metadata") && !body.value(u"metadata").isNull())
        m.metadata = body.value(u"metadata");
    const QJsonValue channel = body.value(u"input_channel");
    if (channel.isString())
        m.inputChannel = channel.toString();
    return m;
}

} // namespace rasachat
