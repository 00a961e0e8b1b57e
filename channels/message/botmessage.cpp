#include "botmessage.h"

#include <QJsonArray>

namespace rasachat {

namespace {

QList<Button> buttonsFromJson(const QJsonArray &a)
{
    QList<Button> list;
    list.reserve(a.size());
    for (const QJsonValue &v : a)
        list.append(Button::fromJson(v.toObject()));
    return list;
}

QJsonArray buttonsToJson(const QList<Button> &list)
{
    QJsonArray a;
    for (const Button &b : list)
        a.append(b.toJson());
    return a;
}

bool allObjects(const QJsonArray &a)
{
    return std::all_of(a.begin(), a.end(), [](const QJsonValue &v) { return v.isObject(); });
}

void writeButtons(JsonWriter &w, const QList<Button> &list)
{
    w.beginArray();
    for (const Button &b : list)
        b.write(w);
    w.endArray();
}

} // namespace

Button Button::fromJson(const QJsonObject &o)
{
    Button b;
    b.extra = o;
    if (o.value(u"title").isString())
        b.title = b.extra.take(u"title").toString();
    if (o.value(u"payload").isString())
        b.payload = b.extra.take(u"payload").toString();
    return b;
}

// A known key that arrived with another type than a string is in `extra`, and goes back out as it came
// (not as an empty string as well: a JSON object with a key twice).
QJsonObject Button::toJson() const
{
    QJsonObject o = extra;
    if (!o.contains(u"title"))
        o.insert(u"title", title);
    if (!o.contains(u"payload"))
        o.insert(u"payload", payload);
    return o;
}

void Button::write(JsonWriter &w) const
{
    w.beginObject();
    if (!extra.contains(u"title"))
        w.key(u"title").value(title);
    if (!extra.contains(u"payload"))
        w.key(u"payload").value(payload);
    for (auto it = extra.begin(); it != extra.end(); ++it)
        w.key(it.key()).value(it.value());
    w.endObject();
}

CarouselElement CarouselElement::fromJson(const QJsonObject &o)
{
    CarouselElement e;
    e.extra = o;
    if (o.value(u"title").isString())
        e.title = e.extra.take(u"title").toString();
    if (o.value(u"subtitle").isString())
        e.subtitle = e.extra.take(u"subtitle").toString();
    if (o.value(u"image_url").isString())
        e.imageUrl = e.extra.take(u"image_url").toString();
    if (o.value(u"buttons").isArray() && allObjects(o.value(u"buttons").toArray()))
        e.buttons = buttonsFromJson(e.extra.take(u"buttons").toArray());
    return e;
}

QJsonObject CarouselElement::toJson() const
{
    QJsonObject o = extra; // as for Button: a key of an unexpected type goes back as it came
    if (!o.contains(u"title"))
        o.insert(u"title", title);
    if (!o.contains(u"subtitle"))
        o.insert(u"subtitle", subtitle);
    if (!imageUrl.isEmpty())
        o.insert(u"image_url", imageUrl);
    if (!o.contains(u"buttons"))
        o.insert(u"buttons", buttonsToJson(buttons));
    return o;
}

BotMessage::Kind BotMessage::kind() const
{
    if (elements && !elements->isEmpty())
        return Kind::Carousel;
    if (quickReplies && !quickReplies->isEmpty())
        return Kind::QuickReplies;
    if (buttons && !buttons->isEmpty())
        return Kind::Buttons;
    if (image && !image->isEmpty())
        return Kind::Image;
    if (isTruthy(attachment))
        return Kind::Attachment;
    if (text)
        return Kind::Text;
    if (!custom.isUndefined())
        return Kind::Custom;
    return Kind::Empty;
}

BotMessage BotMessage::fromJson(const QJsonObject &o)
{
    BotMessage m;
    m.extra = o;
    auto takeString = [&m](QStringView key) -> std::optional<QString> {
        if (!m.extra.value(key).isString())
            return std::nullopt;
        return m.extra.take(key).toString();
    };
    auto takeButtons = [&m](QStringView key) -> std::optional<QList<Button>> {
        const QJsonValue v = m.extra.value(key);
        if (!v.isArray() || !allObjects(v.toArray()))
            return std::nullopt;
        m.extra.remove(key);
        return buttonsFromJson(v.toArray());
    };
    if (auto id = takeString(u"recipient_id"))
        m.recipientId = *id;
    m.text = takeString(u"text");
    m.image = takeString(u"image");
    m.buttons = takeButtons(u"buttons");
    m.quickReplies = takeButtons(u"quick_replies");
    if (m.extra.contains(u"attachment") && !m.extra.value(u"attachment").isNull())
        m.attachment = m.extra.take(u"attachment");
    if (m.extra.contains(u"custom") && !m.extra.value(u"custom").isNull())
        m.custom = m.extra.take(u"custom");
    const QJsonValue elements = m.extra.value(u"elements");
    if (elements.isArray() && allObjects(elements.toArray())) {
        m.extra.remove(u"elements");
        QList<CarouselElement> list;
        for (const QJsonValue &v : elements.toArray())
            list.append(CarouselElement::fromJson(v.toObject()));
        m.elements = list;
    }
    return m;
}

QJsonObject BotMessage::toJson() const
{
    QJsonObject o = extra;
    if (!recipientId.isEmpty())
        o.insert(u"recipient_id", recipientId);
    if (text)
        o.insert(u"text", *text);
    if (image)
        o.insert(u"image", *image);
    if (buttons)
        o.insert(u"buttons", buttonsToJson(*buttons));
    if (!attachment.isUndefined())
        o.insert(u"attachment", attachment);
    if (!custom.isUndefined())
        o.insert(u"custom", custom);
    if (quickReplies)
        o.insert(u"quick_replies", buttonsToJson(*quickReplies));
    if (elements) {
        QJsonArray a;
        for (const CarouselElement &e : *elements)
            a.append(e.toJson());
        o.insert(u"elements", a);
    }
    return o;
}

void BotMessage::write(JsonWriter &w) const
{
    w.beginObject();
    if (!recipientId.isEmpty())
        w.key(u"recipient_id").value(recipientId);
    if (text)
        w.key(u"text").value(*text);
    if (image)
        w.key(u"image").value(*image);
    if (buttons) {
        w.key(u"buttons");
        writeButtons(w, *buttons);
    }
    if (!attachment.isUndefined())
        w.key(u"attachment").value(attachment);
    if (!custom.isUndefined())
        w.key(u"custom").value(custom);
    if (quickReplies) {
        w.key(u"quick_replies");
        writeButtons(w, *quickReplies);
    }
    if (elements) {
        w.key(u"elements").beginArray();
        for (const CarouselElement &e : *elements) {
            w.beginObject();
            if (!e.extra.contains(u"title"))
                w.key(u"title").value(e.title);
            if (!e.extra.contains(u"subtitle"))
                w.key(u"subtitle").value(e.subtitle);
            if (!e.imageUrl.isEmpty())
                w.key(u"image_url").value(e.imageUrl);
            if (!e.extra.contains(u"buttons")) {
                w.key(u"buttons");
                writeButtons(w, e.buttons);
            }
            for (auto it = e.extra.begin(); it != e.extra.end(); ++it)
                w.key(it.key()).value(it.value());
            w.endObject();
        }
        w.endArray();
    }
    for (auto it = extra.begin(); it != extra.end(); ++it)
        w.key(it.key()).value(it.value());
    w.endObject();
}

QByteArray BotMessage::toWire(JsonStyle style) const
{
    JsonWriter w(style);
    write(w);
    return w.data();
}

BotMessage BotMessage::textMessage(const QString &text)
{
    BotMessage m;
    m.text = text;
    return m;
}

bool isTruthy(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Bool:
        return v.toBool();
    case QJsonValue::Double:
        return v.toDouble() != 0.0;
    case QJsonValue::String:
        return !v.toString().isEmpty();
    case QJsonValue::Array:
        return !v.toArray().isEmpty();
    case QJsonValue::Object:
        return !v.toObject().isEmpty();
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return false;
    }
    return false;
}

} // namespace rasachat
