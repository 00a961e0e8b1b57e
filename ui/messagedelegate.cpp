#include "messagedelegate.h"

#include "imagecache.h"
#include "messagetext.h"
#include "transcriptcolors.h"
#include "transcriptmodel.h"

#include <QAbstractItemView>
#include <QAbstractTextDocumentLayout>
#include <QApplication>
#include <QFontDatabase>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextCursor>
#include <QTextDocument>
#include <cmath>
#include <memory>

using rasachat::BotMessage;
using rasachat::Button;

namespace RasaChat {

namespace {

constexpr int kMargin = 10; // around a row
constexpr int kPad = 10;    // inside a bubble
constexpr int kGap = 6;     // between parts of a bubble
constexpr int kChipHeight = 28;
constexpr int kCardWidth = 200;
constexpr int kCardImage = 110;
constexpr QSize kImagePlaceholder{240, 150};
constexpr int kReadableChars = 70; // the widest a bubble's lines get, in average characters

int viewWidth(const QStyleOptionViewItem &option)
{
    if (auto *view = qobject_cast<const QAbstractItemView *>(option.widget))
        return view->viewport()->width();
    return option.rect.width() > 0 ? option.rect.width() : 600;
}

QTextDocument *document(const QString &text, bool markdown, const QFont &font, int width)
{
    auto *doc = new QTextDocument;
    doc->setDefaultFont(font);
    doc->setDocumentMargin(0);
    if (markdown)
        setBotMarkdown(doc, text);
    else
        doc->setPlainText(text);
    doc->setTextWidth(width);
    return doc;
}

QString retryText()
{
    return MessageDelegate::tr("Retry");
}

// The font of the time line under a bubble.
QFont smallFont(const QFont &font)
{
    QFont small = font;
    small.setPointSizeF(font.pointSizeF() * 0.8);
    return small;
}

} // namespace

void setBotMarkdown(QTextDocument *doc, const QString &text)
{
    // GitHub's dialect as rasa-webchat renders it: raw HTML stays literal text (`<Enter>` is shown, not
    // swallowed as a tag), and `_x_` is emphasis, not the underline extension Qt's dialect switches on.
    constexpr int kUnderlineExtension = 0x4000; // md4c's MD_FLAG_UNDERLINE
    const auto features = QTextDocument::MarkdownFeatures(
        (QTextDocument::MarkdownDialectGitHub & ~kUnderlineExtension) | QTextDocument::MarkdownNoHTML);
    doc->setMarkdown(text, features);
    // Qt marks code spans and blocks as fixed-pitch but keeps the default family, which is not monospace:
    // give them the system's fixed font.
    QList<std::pair<int, int>> spans;
    for (QTextBlock block = doc->begin(); block.isValid(); block = block.next()) {
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextFragment f = it.fragment();
            if (f.isValid() && f.charFormat().fontFixedPitch())
                spans.append({f.position(), f.length()});
        }
    }
    if (spans.isEmpty())
        return;
    QTextCharFormat code;
    code.setFontFamilies(QStringList{QFontDatabase::systemFont(QFontDatabase::FixedFont).family()});
    for (const auto &[position, length] : std::as_const(spans)) {
        QTextCursor c(doc);
        c.setPosition(position);
        c.setPosition(position + length, QTextCursor::KeepAnchor);
        c.mergeCharFormat(code);
    }
}

struct MessageDelegate::Layout
{
    struct Card
    {
        QRect rect;
        QRect image;
        QUrl imageUrl;
        QRect title;
        QString titleText;
        QString subtitle;
    };
    bool fromUser = false;
    bool system = false;
    QRect bubble;
    QRect text;
    QString textSource;
    bool markdown = false;
    bool monospace = false;
    QList<Chip> chips;
    QRect image;
    QUrl imageUrl;
    QRect link;
    QString linkText;
    QList<Card> cards;
    QRect strip;    // where a carousel's cards show; the rest is scrolled out of it
    QRect previous; // its arrows, where it can scroll that way
    QRect next;
    QRect header; // the time above the first message of a group
    QString headerText;
    QRect time; // the delivery state under the user's messages
    QString timeText;
    QRect retry; // "Retry" after the time line of a message that was not sent
    int height = 0;
};

MessageDelegate::MessageDelegate(ImageCache *images, QObject *parent)
    : QStyledItemDelegate(parent), m_images(images)
{}

MessageDelegate::Layout MessageDelegate::layout(const QStyleOptionViewItem &option,
                                                const QModelIndex &index) const
{
    Layout l;
    const auto kind = index.data(TranscriptModel::KindRole).value<TranscriptModel::Kind>();
    const BotMessage m = index.data(TranscriptModel::MessageRole).value<BotMessage>();
    l.fromUser = index.data(TranscriptModel::FromUserRole).toBool();
    l.system = kind == TranscriptModel::Kind::System;
    const int width = viewWidth(option);
    const QFontMetrics fm(option.font);
    const QFont small = smallFont(option.font);
    const QFontMetrics sfm(small);
    // A new group of messages (the first, or after a pause) starts with its time, centred above it;
    // the messages of a group carry no time of their own.
    l.headerText = index.data(TranscriptModel::TimeHeaderRole).toString();
    int top = option.rect.top();
    if (!l.headerText.isEmpty()) {
        l.header = QRect(kMargin, top + kGap, width - 2 * kMargin, sfm.height());
        top += sfm.height() + kGap;
    }
    const int headerHeight = top - option.rect.top();

    if (l.system) {
        l.textSource = index.data(TranscriptModel::TextRole).toString();
        const QRect r = fm.boundingRect(QRect(0, 0, width - 2 * kMargin, 10000),
                                        Qt::AlignHCenter | Qt::TextWordWrap, l.textSource);
        l.text = QRect(kMargin, top + kMargin / 2, width - 2 * kMargin, r.height());
        l.height = headerHeight + r.height() + kMargin;
        return l;
    }

    // Lines stay readable in a wide window: about 70 characters at most, as rasa-webchat's bubbles. A
    // carousel may take the width, its cards side by side.
    const int readable = fm.averageCharWidth() * kReadableChars + 2 * kPad;
    const int maxBubble = kind == TranscriptModel::Kind::Carousel ? std::max(240, width * 3 / 4)
                                                                  : std::clamp(width * 3 / 4, 240, readable);
    const int inner = maxBubble - 2 * kPad;
    int y = kPad;
    int contentWidth = 0;

    // Text, Markdown for the bot (Qt's own Markdown), plain for the user.
    const QString text = index.data(TranscriptModel::TextRole).toString();
    if (!text.isEmpty()) {
        l.textSource = text;
        l.markdown = !l.fromUser;
        std::unique_ptr<QTextDocument> doc(document(text, l.markdown, option.font, inner));
        const int w = std::min(inner, int(std::ceil(doc->idealWidth())) + 1);
        const int h = int(std::ceil(doc->size().height()));
        l.text = QRect(0, y, w, h);
        contentWidth = std::max(contentWidth, w);
        y += h + kGap;
    }
    if (kind == TranscriptModel::Kind::Custom) {
        l.textSource = customPayloadText(m);
        l.monospace = true;
        QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
        std::unique_ptr<QTextDocument> doc(document(l.textSource, false, mono, inner));
        const int w = std::min(inner, int(std::ceil(doc->idealWidth())) + 1);
        const int h = int(std::ceil(doc->size().height()));
        l.text = QRect(0, y, w, h);
        contentWidth = std::max(contentWidth, w);
        y += h + kGap;
    }
    if (kind == TranscriptModel::Kind::Image) {
        l.imageUrl = QUrl(m.image.value_or(QString()));
        const QPixmap px = m_images->pixmap(l.imageUrl);
        const QSize s = px.isNull() ? kImagePlaceholder : px.deviceIndependentSize().toSize();
        l.image = QRect(QPoint(0, y), s);
        contentWidth = std::max(contentWidth, s.width());
        y += s.height() + kGap;
    }
    if (kind == TranscriptModel::Kind::Attachment) {
        const AttachmentLink attachment = attachmentOf(m);
        l.linkText = tr("Attachment: %1").arg(attachment.title);
        l.imageUrl = attachment.url;
        const int w = std::min(inner, fm.horizontalAdvance(l.linkText) + 4);
        l.link = QRect(0, y, w, fm.height());
        contentWidth = std::max(contentWidth, w);
        y += fm.height() + kGap;
    }
    auto flowChips = [&](const QList<Button> &buttons, int left, int right, int &cy) {
        int x = left;
        for (const Button &b : buttons) {
            const int w = std::min(right - left, fm.horizontalAdvance(b.title) + 24);
            if (x > left && x + w > right) {
                x = left;
                cy += kChipHeight + kGap;
            }
            l.chips.append(Chip{QRect(x, cy, w, kChipHeight), b.title, b.payload});
            x += w + kGap;
            contentWidth = std::max(contentWidth, x - kGap);
        }
        if (!buttons.isEmpty())
            cy += kChipHeight + kGap;
    };
    if (kind == TranscriptModel::Kind::Buttons && m.buttons)
        flowChips(*m.buttons, 0, inner, y);
    if (kind == TranscriptModel::Kind::QuickReplies && m.quickReplies)
        flowChips(*m.quickReplies, 0, inner, y);
    if (kind == TranscriptModel::Kind::Carousel && m.elements && !m.elements->isEmpty()) {
        // Cards side by side in a strip as wide as the bubble may be; when they do not all fit, the
        // strip scrolls a card at a time with the arrows at its ends, as rasa-webchat's carousel does.
        const int count = int(m.elements->size());
        const int first = std::clamp(index.data(TranscriptModel::CarouselOffsetRole).toInt(), 0, count - 1);
        const int step = kCardWidth + kGap;
        const int stripWidth = std::min(count * step - kGap, inner);
        const int before = contentWidth;
        int rowBottom = y;
        for (int i = 0; i < count; ++i) {
            const rasachat::CarouselElement &e = m.elements->at(i);
            const int x = (i - first) * step;
            Layout::Card card;
            card.imageUrl = QUrl(e.imageUrl);
            int cy = y;
            if (!e.imageUrl.isEmpty()) {
                card.image = QRect(x, cy, kCardWidth, kCardImage);
                cy += kCardImage + kGap;
            }
            card.titleText = e.title;
            card.subtitle = e.subtitle;
            card.title = QRect(x + 8, cy, kCardWidth - 16, fm.height() * 2 + 2);
            cy += fm.height() * 2 + 2 + kGap;
            flowChips(e.buttons, x + 8, x + kCardWidth - 8, cy);
            card.rect = QRect(x, y, kCardWidth, cy - y);
            rowBottom = std::max(rowBottom, cy);
            l.cards.append(card);
        }
        contentWidth = std::max(before, stripWidth); // cards out of the strip take no room
        for (Layout::Card &card : l.cards)
            card.rect.setBottom(rowBottom - 1);
        l.strip = QRect(0, y, stripWidth, rowBottom - y);
        const QSize arrow(kChipHeight, kChipHeight);
        const int arrowTop = y + (rowBottom - y - arrow.height()) / 2;
        if (first > 0)
            l.previous = QRect(QPoint(2, arrowTop), arrow);
        if ((count - first) * step - kGap > stripWidth)
            l.next = QRect(QPoint(stripWidth - arrow.width() - 2, arrowTop), arrow);
        y = rowBottom + kGap;
    }
    y -= kGap;
    const int bubbleWidth = std::max(contentWidth, 20) + 2 * kPad;
    const int bubbleHeight = y + kPad;
    const int left = l.fromUser ? width - kMargin - bubbleWidth : kMargin;
    const QPoint shift(left + kPad, top + kMargin);
    l.bubble = QRect(left, top + kMargin, bubbleWidth, bubbleHeight);
    for (QRect *r : {&l.text, &l.image, &l.link, &l.strip, &l.previous, &l.next})
        if (!r->isNull())
            r->translate(shift);
    for (Chip &c : l.chips)
        c.rect.translate(shift);
    for (Layout::Card &c : l.cards) {
        c.rect.translate(shift);
        c.image.translate(shift);
        c.title.translate(shift);
    }
    if (!l.fromUser) {
        l.height = headerHeight + kMargin + l.bubble.height() + 2;
        return l;
    }
    // Under the user's messages: the delivery state.
    switch (index.data(TranscriptModel::DeliveryRole).value<TranscriptModel::Delivery>()) {
    case TranscriptModel::Delivery::Submitted:
        l.timeText = tr("sending");
        break;
    case TranscriptModel::Delivery::ReachedServer:
        l.timeText = QStringLiteral("✓");
        break;
    case TranscriptModel::Delivery::Answered:
        l.timeText = QStringLiteral("✓✓");
        break;
    case TranscriptModel::Delivery::Failed:
        l.timeText = tr("not sent · ");
        break;
    }
    const bool failed =
        l.fromUser && index.data(TranscriptModel::DeliveryRole).value<TranscriptModel::Delivery>() ==
                          TranscriptModel::Delivery::Failed;
    const int rw = failed ? sfm.horizontalAdvance(retryText()) + 2 : 0;
    const int tw = sfm.horizontalAdvance(l.timeText) + 2;
    l.time = QRect(l.fromUser ? l.bubble.right() - tw - rw : l.bubble.left(), l.bubble.bottom() + 3, tw,
                   sfm.height());
    if (failed)
        l.retry = QRect(l.time.right() + 1, l.time.top(), rw, sfm.height());
    l.height = headerHeight + l.bubble.height() + kMargin + sfm.height() + 4;
    return l;
}

QSize MessageDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    opt.rect.moveTop(0);
    return {viewWidth(option), layout(opt, index).height};
}

QRect MessageDelegate::textRect(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    return layout(option, index).text;
}

QRect MessageDelegate::retryRect(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    return layout(option, index).retry;
}

QRect MessageDelegate::linkRect(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    return layout(option, index).link;
}

MessageDelegate::CarouselRects MessageDelegate::carousel(const QStyleOptionViewItem &option,
                                                         const QModelIndex &index) const
{
    const Layout l = layout(option, index);
    return {l.strip, l.previous, l.next};
}

QList<MessageDelegate::Chip> MessageDelegate::chips(const QStyleOptionViewItem &option,
                                                    const QModelIndex &index) const
{
    return layout(option, index).chips;
}

void MessageDelegate::paint(QPainter *p, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const Layout l = layout(option, index);
    const QPalette &pal = option.palette;
    const TranscriptColors colors = TranscriptColors::from(pal);
    p->save();
    p->setRenderHint(QPainter::Antialiasing);
    if (!l.header.isNull()) {
        p->setFont(smallFont(option.font));
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
    if (!l.text.isNull() && !(option.state & QStyle::State_Editing)) { // else the viewer shows it
        QFont font = l.monospace ? QFontDatabase::systemFont(QFontDatabase::FixedFont) : option.font;
        std::unique_ptr<QTextDocument> doc(document(l.textSource, l.markdown, font, l.text.width()));
        p->translate(l.text.topLeft());
        QAbstractTextDocumentLayout::PaintContext ctx;
        ctx.palette.setColor(QPalette::Text, ink);
        ctx.palette.setColor(QPalette::Link, l.fromUser ? ink : colors.link);
        doc->documentLayout()->draw(p, ctx);
        p->translate(-l.text.topLeft());
    }
    auto drawImage = [&](const QRect &r, const QUrl &url) {
        const QPixmap px = m_images->pixmap(url);
        if (!px.isNull()) {
            // Drawn into logical pixels from the device pixels it has: sharp at any scale factor.
            const QSize fit = px.deviceIndependentSize().scaled(r.size(), Qt::KeepAspectRatio).toSize();
            p->setRenderHint(QPainter::SmoothPixmapTransform);
            p->drawPixmap(QRect(r.topLeft(), fit), px);
            return;
        }
        p->fillRect(r, colors.placeholder);
        p->setPen(colors.placeholderText);
        const bool failed = m_images->status(url) == ImageCache::Status::Failed;
        p->drawText(r.adjusted(6, 6, -6, -6), Qt::AlignCenter | Qt::TextWrapAnywhere,
                    (failed ? tr("image unavailable\n") : tr("loading image…\n")) + url.host());
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
    if (!l.strip.isNull())
        p->setClipRect(l.strip);
    for (const Layout::Card &c : l.cards) {
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
    const bool enabled = index.data(TranscriptModel::ButtonsEnabledRole).toBool();
    if (!l.strip.isNull())
        p->setClipRect(l.strip);
    for (const Chip &c : l.chips) {
        QPainterPath chip;
        chip.addRoundedRect(c.rect, kChipHeight / 2.0, kChipHeight / 2.0);
        p->fillPath(chip, enabled ? colors.chip : colors.spentChip);
        p->setPen(QPen(enabled ? colors.chipText : colors.botBorder, 1));
        p->drawPath(chip);
        p->setPen(enabled ? colors.chipText : colors.spentChipText);
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
    const QFont small = smallFont(option.font);
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

bool MessageDelegate::editorEvent(QEvent *event, QAbstractItemModel *model,
                                  const QStyleOptionViewItem &option, const QModelIndex &index)
{
    if (event->type() != QEvent::MouseButtonRelease)
        return QStyledItemDelegate::editorEvent(event, model, option, index);
    const QPoint pos = static_cast<QMouseEvent *>(event)->position().toPoint();
    const Layout l = layout(option, index);
    for (const auto &[arrow, by] : {std::pair{l.previous, -1}, std::pair{l.next, 1}}) {
        if (!arrow.isNull() && arrow.contains(pos)) {
            const int first = index.data(TranscriptModel::CarouselOffsetRole).toInt();
            model->setData(index, first + by, TranscriptModel::CarouselOffsetRole);
            return true;
        }
    }
    // A card scrolled out of the strip cannot be clicked where it would be.
    const bool inStrip = l.strip.isNull() || l.strip.contains(pos);
    if (inStrip && index.data(TranscriptModel::ButtonsEnabledRole).toBool()) {
        for (const Chip &c : l.chips) {
            if (c.rect.contains(pos)) {
                emit buttonClicked(index, c.title, c.payload);
                return true;
            }
        }
    }
    if (!l.link.isNull() && l.link.contains(pos)) {
        emit linkActivated(l.imageUrl);
        return true;
    }
    if (!l.retry.isNull() && l.retry.contains(pos)) {
        emit retryClicked(index);
        return true;
    }
    if (l.markdown && l.text.contains(pos)) {
        // A link in the bot's Markdown: find it the way the text was laid out for painting.
        std::unique_ptr<QTextDocument> doc(document(l.textSource, true, option.font, l.text.width()));
        const QString anchor = doc->documentLayout()->anchorAt(pos - l.text.topLeft());
        if (!anchor.isEmpty()) {
            emit linkActivated(QUrl(anchor));
            return true;
        }
    }
    return QStyledItemDelegate::editorEvent(event, model, option, index);
}

} // namespace RasaChat

namespace RasaChat {

QWidget *MessageDelegate::createEditor(QWidget *parent, const QStyleOptionViewItem &option,
                                       const QModelIndex &index) const
{
    auto *viewer = new QTextBrowser(parent);
    // The viewer takes the bubble's colours, so that opening it changes nothing but the selection.
    const bool fromUser = index.data(TranscriptModel::FromUserRole).toBool();
    QPalette pal = option.palette;
    const TranscriptColors colors = TranscriptColors::from(pal);
    pal.setColor(QPalette::Base, fromUser ? colors.userBubble : colors.botBubble);
    pal.setColor(QPalette::Text, fromUser ? colors.userText : colors.botText);
    viewer->setPalette(pal);
    viewer->setReadOnly(true);
    viewer->setOpenExternalLinks(true);
    viewer->setFrameShape(QFrame::NoFrame);
    viewer->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    viewer->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    viewer->document()->setDocumentMargin(0);
    viewer->setAccessibleName(tr("Message text"));
    return viewer;
}

void MessageDelegate::setEditorData(QWidget *editor, const QModelIndex &index) const
{
    auto *viewer = static_cast<QTextBrowser *>(editor);
    const QString text = index.data(TranscriptModel::TextRole).toString();
    const auto kind = index.data(TranscriptModel::KindRole).value<TranscriptModel::Kind>();
    if (kind == TranscriptModel::Kind::Custom) {
        viewer->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        const BotMessage m = index.data(TranscriptModel::MessageRole).value<BotMessage>();
        viewer->setPlainText(customPayloadText(m));
    } else if (index.data(TranscriptModel::FromUserRole).toBool()) {
        viewer->setPlainText(text);
    } else {
        setBotMarkdown(viewer->document(), text);
    }
    viewer->selectAll();
}

void MessageDelegate::updateEditorGeometry(QWidget *editor, const QStyleOptionViewItem &option,
                                           const QModelIndex &index) const
{
    const Layout l = layout(option, index);
    // Over the text of the bubble; the bubble's own text stays where it was drawn.
    editor->setGeometry(l.text.isNull() ? l.bubble.adjusted(kPad, kPad, -kPad, -kPad)
                                        : l.text.adjusted(0, 0, 2, 2));
}

} // namespace RasaChat
