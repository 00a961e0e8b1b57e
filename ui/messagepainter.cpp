#include "messagepainter.h"

#include "imagecache.h"
#include "messagelayout.h"
#include "transcriptcolors.h"

#include <QAbstractTextDocumentLayout>
#include <QCoreApplication>
#include <QPainter>
#include <QPainterPath>
#include <QTextDocument>

namespace RasaChat {

namespace {
constexpr int kChipHeight = 28;

QString trDelegate(const char *text)
{
    return QCoreApplication::translate("RasaChat::MessageDelegate", text);
}
} // namespace

void paintMessage(QPainter *p, const MessageLayout &l, const QStyleOptionViewItem &option, bool chipsEnabled,
                  ImageCache *images)
{
    const TranscriptColors colors = TranscriptColors::from(option.palette);
    QFont small = option.font; // the time line's, as the layout measured it
    small.setPointSizeF(option.font.pointSizeF() * 0.8);
    p->save();
    p->translate(0, option.rect.top());
    p->setRenderHint(QPainter::Antialiasing);
    if (!l.header.isNull()) {
        p->setFont(small);
        p->setPen(colors.meta);
        p->drawText(l.header, Qt::AlignHCenter | Qt::AlignVCenter, l.headerText);
        p->setFont(option.font);
    }
    if (l.system) {
        p->setPen(colors.meta);
        p->drawText(l.text, Qt::AlignHCenter | Qt::TextWordWrap, l.textSource);
        p->restore();
        return;
    }
    const QColor bubble = l.fromUser ? colors.userBubble : colors.botBubble;
    const QColor ink = l.fromUser ? colors.userText : colors.botText;
    QPainterPath path;
    path.addRoundedRect(l.bubble, 12, 12);
    p->fillPath(path, bubble);
    if (!l.fromUser) {
        p->setPen(QPen(colors.botBorder, 0.5));
        p->drawPath(path);
    }
    if (option.state & QStyle::State_Selected) {
        p->setPen(QPen(colors.chipText, 2)); // the accent, readable on the view
        p->drawPath(path);
    }
    if (l.document && !(option.state & QStyle::State_Editing)) { // else the viewer shows it
        p->translate(l.text.topLeft());
        QAbstractTextDocumentLayout::PaintContext ctx;
        ctx.palette.setColor(QPalette::Text, ink);
        ctx.palette.setColor(QPalette::Link, l.fromUser ? ink : colors.link);
        l.document->documentLayout()->draw(p, ctx);
        p->translate(-l.text.topLeft());
    }
    auto drawImage = [&](const QRect &r, const QUrl &url) {
        const QPixmap px = images->pixmap(url);
        if (!px.isNull()) {
            // Drawn into logical pixels from the device pixels it has: sharp at any scale factor.
            const QSize fit = px.deviceIndependentSize().scaled(r.size(), Qt::KeepAspectRatio).toSize();
            p->setRenderHint(QPainter::SmoothPixmapTransform);
            p->drawPixmap(QRect(r.topLeft(), fit), px);
            return;
        }
        p->fillRect(r, colors.placeholder);
        p->setPen(colors.placeholderText);
        const bool failed = images->status(url) == ImageCache::Status::Failed;
        p->drawText(r.adjusted(6, 6, -6, -6), Qt::AlignCenter | Qt::TextWrapAnywhere,
                    (failed ? trDelegate("image unavailable\n") : trDelegate("loading image…\n")) +
                        url.host());
    };
    if (!l.image.isNull())
        drawImage(l.image, l.imageUrl);
    if (!l.link.isNull()) {
        QFont f = option.font;
        f.setUnderline(true);
        p->setFont(f);
        p->setPen(colors.link);
        p->drawText(l.link, Qt::AlignLeft | Qt::AlignVCenter, l.linkText);
        p->setFont(option.font);
    }
    // The clip is in the painter's coordinates, which the translation above moved with the row.
    if (!l.strip.isNull())
        p->setClipRect(l.strip);
    for (const MessageLayout::Card &c : l.cards) {
        QPainterPath card;
        card.addRoundedRect(c.rect, 8, 8);
        p->fillPath(card, colors.card);
        p->setPen(QPen(colors.botBorder, 0.5));
        p->drawPath(card);
        if (!c.image.isNull())
            drawImage(c.image, c.imageUrl);
        p->setPen(colors.cardTitle);
        QFont bold = option.font;
        bold.setBold(true);
        p->setFont(bold);
        const QFontMetrics fm(bold);
        p->drawText(QRect(c.title.left(), c.title.top(), c.title.width(), fm.height()), Qt::AlignLeft,
                    fm.elidedText(c.titleText, Qt::ElideRight, c.title.width()));
        p->setFont(option.font);
        p->setPen(colors.cardSubtitle);
        p->drawText(QRect(c.title.left(), c.title.top() + fm.height() + 2, c.title.width(), fm.height()),
                    Qt::AlignLeft,
                    QFontMetrics(option.font).elidedText(c.subtitle, Qt::ElideRight, c.title.width()));
    }
    if (!l.strip.isNull())
        p->setClipRect(l.strip);
    for (const MessageLayout::Chip &c : l.chips) {
        QPainterPath chip;
        chip.addRoundedRect(c.rect, kChipHeight / 2.0, kChipHeight / 2.0);
        p->fillPath(chip, chipsEnabled ? colors.chip : colors.spentChip);
        p->setPen(QPen(chipsEnabled ? colors.chipText : colors.botBorder, 1));
        p->drawPath(chip);
        p->setPen(chipsEnabled ? colors.chipText : colors.spentChipText);
        p->drawText(c.rect, Qt::AlignCenter,
                    QFontMetrics(option.font).elidedText(c.title, Qt::ElideRight, c.rect.width() - 12));
    }
    p->setClipping(false);
    for (const auto &[arrow, glyph] : {std::pair{l.previous, u'‹'}, std::pair{l.next, u'›'}}) {
        if (arrow.isNull())
            continue;
        p->setPen(QPen(colors.chipText, 1));
        p->setBrush(colors.chip);
        p->drawEllipse(arrow);
        QFont bold = option.font;
        bold.setBold(true);
        bold.setPointSizeF(option.font.pointSizeF() * 1.4);
        p->setFont(bold);
        p->drawText(arrow, Qt::AlignCenter, QString(glyph));
        p->setBrush(Qt::NoBrush);
    }
    p->setFont(small);
    p->setPen(colors.meta);
    if (!l.time.isNull())
        p->drawText(l.time, Qt::AlignRight, l.timeText);
    if (!l.retry.isNull()) {
        QFont f = small;
        f.setUnderline(true);
        p->setFont(f);
        p->setPen(colors.retry);
        p->drawText(l.retry, Qt::AlignLeft, retryText());
    }
    p->restore();
}

} // namespace RasaChat
