#pragma once

#include "jsonwriter.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QMetaType>
#include <QString>
#include <optional>

namespace rasachat {

// A button or quick reply. Rasa passes button dicts through unchanged, so keys other than
// title/payload (content_type, type, url...) are kept in `extra` and written after them.
struct Button
{
    QString title;
    QString payload;
    QJsonObject extra;

    static Button fromJson(const QJsonObject &o);
    QJsonObject toJson() const;
    void write(JsonWriter &w) const;
    friend bool operator==(const Button &, const Button &) = default;
};

// One card of a carousel ("elements" of a Rasa response / generic template).
struct CarouselElement
{
    QString title;
    QString subtitle;
    QString imageUrl; // "image_url"
    QList<Button> buttons;
    QJsonObject extra;

    static CarouselElement fromJson(const QJsonObject &o);
    QJsonObject toJson() const;
    friend bool operator==(const CarouselElement &, const CarouselElement &) = default;
};

// A message from the bot, in the shape of a Rasa domain response (what an Agent produces) and of
// the REST/callback wire objects (what a client receives). A field that is absent on the wire is
// empty here (std::nullopt / an undefined QJsonValue), so that a parsed object writes back the same
// key set. Keys this type does not know, and known keys of an unexpected type, are kept in `extra`.
struct BotMessage
{
    enum class Kind { Text, Buttons, QuickReplies, Image, Attachment, Carousel, Custom, Empty };

    QString recipientId; // "recipient_id"; empty in a domain response
    std::optional<QString> text;
    std::optional<QList<Button>> buttons;
    std::optional<QList<Button>> quickReplies; // "quick_replies"
    std::optional<QString> image;
    QJsonValue attachment = QJsonValue::Undefined; // a URL string or an object, as Rasa passes it on
    std::optional<QList<CarouselElement>> elements;
    QJsonValue custom = QJsonValue::Undefined;
    QJsonObject extra;
    // The payload as it arrived, when its wire shape is not this one (Socket.IO), for traces and inspectors.
    QByteArray raw;

    // What a renderer should show first: the most specific content the message carries.
    Kind kind() const;

    static BotMessage fromJson(const QJsonObject &o);
    QJsonObject toJson() const;
    // Rasa's wire key order: recipient_id, text, image, buttons, attachment, custom, then the keys Rasa's
    // REST channel never writes itself (quick_replies, elements) and anything unknown, sorted.
    void write(JsonWriter &w) const;
    QByteArray toWire(JsonStyle style) const;

    static BotMessage textMessage(const QString &text);

    friend bool operator==(const BotMessage &, const BotMessage &) = default;
};

// Python truthiness of a JSON value: how Rasa's output channels decide whether a key is "set".
bool isTruthy(const QJsonValue &v);

} // namespace rasachat

Q_DECLARE_METATYPE(rasachat::BotMessage)
