#include "collectingoutput.h"

namespace rasachat {

QList<BotMessage> collectingOutput(const QString &recipientId, const BotMessage &response)
{
    QList<BotMessage> out;
    auto message = [&recipientId]() {
        BotMessage m;
        m.recipientId = recipientId;
        return m;
    };

    const bool hasQuickReplies = response.quickReplies && !response.quickReplies->isEmpty();
    const bool hasButtons = response.buttons && !response.buttons->isEmpty();
    if (hasQuickReplies || hasButtons) {
        BotMessage m = message();
        m.text = response.text; // not split: the buttons belong to the whole text
        m.buttons = hasQuickReplies ? response.quickReplies : response.buttons;
        out.append(m);
    } else if (response.text && !response.text->isEmpty()) {
        const QStringList parts = response.text->trimmed().split(QStringLiteral("\n\n"));
        for (const QString &part : parts) {
            BotMessage m = message();
            m.text = part;
            out.append(m);
        }
    }
    if (isTruthy(response.custom)) {
        BotMessage m = message();
        m.custom = response.custom;
        out.append(m);
    }
    if (response.image && !response.image->isEmpty()) {
        BotMessage m = message();
        m.image = response.image;
        out.append(m);
    }
    if (isTruthy(response.attachment)) {
        BotMessage m = message();
        m.attachment = response.attachment;
        out.append(m);
    }
    if (response.elements) {
        for (const CarouselElement &e : *response.elements) {
            BotMessage m = message();
            m.text = e.title + QStringLiteral(" : ") + e.subtitle;
            m.buttons = e.buttons;
            out.append(m);
        }
    }
    return out;
}

QList<BotMessage> collectingOutput(const QString &recipientId, const QList<BotMessage> &responses)
{
    QList<BotMessage> out;
    for (const BotMessage &r : responses)
        out += collectingOutput(recipientId, r);
    return out;
}

} // namespace rasachat
