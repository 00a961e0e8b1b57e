#include "messagetext.h"

#include "message/botmessage.h"
#include "messagelayout.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>
#include <QTextDocument>

using rasachat::BotMessage;
using rasachat::Button;

namespace RasaChat {

// The translation context of the words below.
class MessageText
{
    Q_DECLARE_TR_FUNCTIONS(RasaChat::MessageText)
};

namespace {

// The longest custom payload read out in full; a reader does not want 10 kB of JSON.
constexpr qsizetype kMaxSpokenJson = 400;

QString titles(const QList<Button> &buttons)
{
    QStringList out;
    for (const Button &b : buttons)
        out.append(b.title);
    return out.join(QStringLiteral(", "));
}

QString sentence(const QString &text)
{
    if (text.isEmpty() || text.endsWith(u'.') || text.endsWith(u'!') || text.endsWith(u'?') ||
        text.endsWith(u':'))
        return text;
    return text + u'.';
}

} // namespace

AttachmentLink attachmentOf(const BotMessage &m)
{
    const QJsonObject a = m.attachment.toObject();
    const QJsonObject p = a.value(u"payload").toObject();
    QString url = m.attachment.isString() ? m.attachment.toString() : p.value(u"src").toString();
    if (url.isEmpty())
        url = a.value(u"url").toString();
    QString title = p.value(u"title").toString(url);
    return {QUrl(url), title.isEmpty() ? url : title};
}

QString customPayloadText(const BotMessage &m)
{
    const QJsonValue v = m.custom.isUndefined() ? QJsonValue(m.toJson()) : m.custom;
    if (v.isObject())
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Indented)).trimmed();
    if (v.isArray())
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Indented)).trimmed();
    return v.toVariant().toString();
}

QString markdownToPlainText(const QString &markdown)
{
    QTextDocument doc;
    setBotMarkdown(&doc, markdown);
    // Paragraphs and list items become lines; a reader pauses at each.
    return doc.toPlainText().trimmed();
}

QString describeBotMessage(const BotMessage &m, bool buttonsOffered)
{
    QStringList parts;
    if (m.text && !m.text->isEmpty())
        parts.append(sentence(markdownToPlainText(*m.text)));
    const QString gone = buttonsOffered ? QString() : MessageText::tr(" (no longer offered)");
    switch (m.kind()) {
    case BotMessage::Kind::Text:
        break;
    case BotMessage::Kind::Buttons:
        parts.append(MessageText::tr("Buttons: %1%2.").arg(titles(*m.buttons), gone));
        break;
    case BotMessage::Kind::QuickReplies:
        parts.append(MessageText::tr("Quick replies: %1%2.").arg(titles(*m.quickReplies), gone));
        break;
    case BotMessage::Kind::Image: {
        const QUrl url(m.image.value_or(QString()));
        const QString name = url.fileName().isEmpty() ? url.toString() : url.fileName();
        parts.append(MessageText::tr("Image %1 from %2.").arg(name, url.host()));
        break;
    }
    case BotMessage::Kind::Attachment: {
        const AttachmentLink link = attachmentOf(m);
        parts.append(link.title == link.url.toString()
                         ? MessageText::tr("Attachment: %1.").arg(link.title)
                         : MessageText::tr("Attachment: %1 (%2).").arg(link.title, link.url.toString()));
        break;
    }
    case BotMessage::Kind::Carousel: {
        const auto &cards = *m.elements;
        parts.append(cards.size() == 1 ? MessageText::tr("Carousel of one card.")
                                       : MessageText::tr("Carousel of %1 cards.").arg(cards.size()));
        for (qsizetype i = 0; i < cards.size(); ++i) {
            const rasachat::CarouselElement &c = cards.at(i);
            QString card = MessageText::tr("Card %1: %2").arg(QString::number(i + 1), c.title);
            if (!c.subtitle.isEmpty())
                card += QStringLiteral(", ") + c.subtitle;
            if (!c.imageUrl.isEmpty())
                card += MessageText::tr(", with an image");
            if (!c.buttons.isEmpty())
                card += MessageText::tr("; buttons: %1%2").arg(titles(c.buttons), gone);
            parts.append(sentence(card));
        }
        break;
    }
    case BotMessage::Kind::Custom:
    case BotMessage::Kind::Empty: {
        const QJsonValue v = m.custom.isUndefined() ? QJsonValue(m.toJson()) : m.custom;
        QString json =
            v.isObject()  ? QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact))
            : v.isArray() ? QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact))
                          : v.toVariant().toString();
        if (json.size() > kMaxSpokenJson)
            json = json.left(kMaxSpokenJson) + u'…';
        parts.append(MessageText::tr("Custom payload: %1").arg(json));
        break;
    }
    }
    return parts.join(u' ');
}

} // namespace RasaChat
