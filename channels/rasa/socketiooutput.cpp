#include "socketiooutput.h"

#include <QJsonArray>
#include <QJsonObject>

namespace rasachat {

namespace {

QByteArray textPayload(const QString &text, const QList<Button> *quickReplies)
{
    JsonWriter w(JsonStyle::PythonCompact);
    w.beginObject();
    w.key(u"text").value(text);
    if (quickReplies) {
        w.key(u"quick_replies").beginArray();
        for (const Button &b : *quickReplies) {
            w.beginObject();
            w.key(u"content_type").value(QStringLiteral("text"));
            w.key(u"title").value(b.title);
            w.key(u"payload").value(b.payload);
            w.endObject();
        }
        w.endArray();
    }
    w.endObject();
    return w.data();
}

QByteArray attachmentPayload(const std::function<void(JsonWriter &)> &writeValue)
{
    JsonWriter w(JsonStyle::PythonCompact);
    w.beginObject();
    w.key(u"attachment");
    writeValue(w);
    w.endObject();
    return w.data();
}

void writeElement(JsonWriter &w, const CarouselElement &e)
{
    w.beginObject();
    w.key(u"title").value(e.title);
    w.key(u"subtitle").value(e.subtitle);
    if (!e.imageUrl.isEmpty())
        w.key(u"image_url").value(e.imageUrl);
    w.key(u"buttons").beginArray();
    for (const Button &b : e.buttons)
        b.write(w);
    w.endArray();
    for (auto it = e.extra.begin(); it != e.extra.end(); ++it)
        w.key(it.key()).value(it.value());
    w.endObject();
}

} // namespace

QByteArrayList socketIoOutput(const BotMessage &r)
{
    QByteArrayList out;
    const bool hasQuickReplies = r.quickReplies && !r.quickReplies->isEmpty();
    const bool hasButtons = r.buttons && !r.buttons->isEmpty();
    if (hasQuickReplies || hasButtons) {
        const QList<Button> &buttons = hasQuickReplies ? *r.quickReplies : *r.buttons;
        const QStringList parts = r.text.value_or(QString()).trimmed().split(QStringLiteral("\n\n"));
        static const QList<Button> none;
        for (qsizetype i = 0; i < parts.size(); ++i)
            out.append(textPayload(parts[i], i + 1 == parts.size() ? &buttons : &none));
    } else if (r.text && !r.text->isEmpty()) {
        for (const QString &part : r.text->trimmed().split(QStringLiteral("\n\n")))
            out.append(textPayload(part, nullptr));
    }
    if (isTruthy(r.custom)) {
        const QJsonObject custom = r.custom.toObject();
        const QJsonValue payload =
            r.custom.isObject() && custom.contains(u"data") ? custom.value(u"data") : r.custom;
        out.append(JsonWriter::encode(payload, JsonStyle::PythonCompact));
    }
    if (r.image && !r.image->isEmpty()) {
        out.append(attachmentPayload([&](JsonWriter &w) {
            w.beginObject();
            w.key(u"type").value(QStringLiteral("image"));
            w.key(u"payload").beginObject().key(u"src").value(*r.image).endObject();
            w.endObject();
        }));
    }
    if (isTruthy(r.attachment))
        out.append(attachmentPayload([&](JsonWriter &w) { w.value(r.attachment); }));
    if (r.elements) {
        for (const CarouselElement &e : *r.elements) {
            out.append(attachmentPayload([&](JsonWriter &w) {
                w.beginObject();
                w.key(u"type").value(QStringLiteral("template"));
                w.key(u"payload").beginObject();
                w.key(u"template_type").value(QStringLiteral("generic"));
                w.key(u"elements");
                writeElement(w, e);
                w.endObject();
                w.endObject();
            }));
        }
    }
    return out;
}

} // namespace rasachat

namespace rasachat {

BotMessage botMessageFromSocketIo(const QJsonValue &payload)
{
    BotMessage m;
    const QJsonObject o = payload.toObject();
    QStringList otherKeys = o.keys();
    otherKeys.removeAll(QStringLiteral("text"));
    otherKeys.removeAll(QStringLiteral("quick_replies"));
    const bool textShape = payload.isObject() && o.value(u"text").isString() && otherKeys.isEmpty();
    if (textShape) {
        m.text = o.value(u"text").toString();
        const QJsonArray replies = o.value(u"quick_replies").toArray();
        if (!replies.isEmpty()) {
            QList<Button> buttons;
            for (const QJsonValue &r : replies)
                buttons.append(Button::fromJson(r.toObject()));
            m.quickReplies = buttons;
        }
        return m;
    }
    if (payload.isObject() && o.size() == 1 && o.value(u"attachment").isObject()) {
        const QJsonObject a = o.value(u"attachment").toObject();
        const QString type = a.value(u"type").toString();
        const QJsonObject inner = a.value(u"payload").toObject();
        if (type == u"image" && inner.value(u"src").isString()) {
            m.image = inner.value(u"src").toString();
            return m;
        }
        if (type == u"template" && inner.value(u"template_type").toString() == u"generic") {
            const QJsonValue elements = inner.value(u"elements");
            QList<CarouselElement> list;
            for (const QJsonValue &e : elements.isArray() ? elements.toArray() : QJsonArray{elements})
                list.append(CarouselElement::fromJson(e.toObject()));
            m.elements = list;
            return m;
        }
        m.attachment = a;
        return m;
    }
    m.custom = payload;
    return m;
}

} // namespace rasachat
