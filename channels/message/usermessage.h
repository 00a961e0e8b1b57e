#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QMetaType>
#include <QString>
#include <optional>

namespace rasachat {

// A message from the user to the bot. `metadata` is any JSON value (normally an object) or undefined
// when the user message carries none.
struct UserMessage
{
    QString text;
    QString senderId;
    QJsonValue metadata = QJsonValue::Undefined;
    QString inputChannel;
    QString messageId; // local id, so that a UI can follow one message's delivery

    // The body a client POSTs to /webhooks/rest/webhook or /webhooks/callback/webhook.
    QJsonObject toWebhookJson() const;

    // Reads a webhook body the way Rasa does, but refuses what Rasa would silently turn into an empty
    // turn: on failure returns nullopt and sets *error to a sentence that says what is wrong.
    static std::optional<UserMessage> fromWebhookJson(const QJsonObject &body, QString *error);

    friend bool operator==(const UserMessage &, const UserMessage &) = default;
};

// Rasa stores every sender id as a string: str(sender) in Python, "default" when there is none.
std::optional<QString> senderIdFromJson(const QJsonValue &v);

inline constexpr QStringView kDefaultSender = u"default";

} // namespace rasachat

Q_DECLARE_METATYPE(rasachat::UserMessage)
