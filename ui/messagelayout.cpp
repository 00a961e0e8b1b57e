#include "messagelayout.h"

#include "messagetext.h"

#include <QAbstractTextDocumentLayout>
#include <QCoreApplication>
#include <QFontDatabase>
#include <QFontMetrics>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <cmath>

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

// The delegate's words, translated where they always were.
QString trDelegate(const char *text)
{
    return QCoreApplication::translate("RasaChat::MessageDelegate", text);
}

std::shared_ptr<QTextDocument> document(const QString &text, bool markdown, const QFont &font, int width)
{
    auto doc = std::make_shared<QTextDocument>();
    doc->setDefaultFont(font);
    doc->setDocumentMargin(0);
    if (markdown)
        setBotMarkdown(doc.get(), text);
    else
        doc->setPlainText(text);
    doc->setTextWidth(width);
    return doc;
}

} // namespace

QString retryText()
{
    return trDelegate("Retry");
}

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

MessageContent MessageContent::fromIndex(const QModelIndex &index)
{
    MessageContent c;
    c.kind = index.data(TranscriptModel::KindRole).value<TranscriptModel::Kind>();
    c.fromUser = index.data(TranscriptModel::FromUserRole).toBool();
    c.text = index.data(TranscriptModel::TextRole).toString();
    if (!c.fromUser && c.kind != TranscriptModel::Kind::System)
        c.message = index.data(TranscriptModel::MessageRole).value<BotMessage>();
    c.timeHeader = index.data(TranscriptModel::TimeHeaderRole).toString();
    c.delivery = index.data(TranscriptModel::DeliveryRole).value<TranscriptModel::Delivery>();
    c.carouselFirst = index.data(TranscriptModel::CarouselOffsetRole).toInt();
    return c;
}

MessageStyle MessageStyle::from(const QFont &font)
{
    MessageStyle s;
    s.font = font;
    s.small = font;
    s.small.setPointSizeF(font.pointSizeF() * 0.8);
    s.mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    return s;
}

MessageLayout layoutMessage(const MessageContent &content, int width, const MessageStyle &style,
                            QSize imageSize)
{
    using Kind = TranscriptModel::Kind;
    MessageLayout l;
    const Kind kind = content.kind;
    const BotMessage &m = content.message;
    l.fromUser = content.fromUser;
    l.system = kind == Kind::System;
    const QFontMetrics fm(style.font);
    const QFontMetrics sfm(style.small);
    // A new group of messages (the first, or after a pause) starts with its time, centred above it;
    // the messages of a group carry no time of their own.
    l.headerText = content.timeHeader;
    int top = 0;
    if (!l.headerText.isEmpty()) {
        l.header = QRect(kMargin, top + kGap, width - 2 * kMargin, sfm.height());
        top += sfm.height() + kGap;
    }
    const int headerHeight = top;

    if (l.system) {
        l.textSource = content.text;
        const QRect r = fm.boundingRect(QRect(0, 0, width - 2 * kMargin, 10000),
                                        Qt::AlignHCenter | Qt::TextWordWrap, l.textSource);
        l.text = QRect(kMargin, top + kMargin / 2, width - 2 * kMargin, r.height());
        l.height = headerHeight + r.height() + kMargin;
        return l;
    }

    // Lines stay readable in a wide window: about 70 characters at most, as rasa-webchat's bubbles. A
    // carousel may take the width, its cards side by side.
    const int readable = fm.averageCharWidth() * kReadableChars + 2 * kPad;
    const int maxBubble =
        kind == Kind::Carousel ? std::max(240, width * 3 / 4) : std::clamp(width * 3 / 4, 240, readable);
    const int inner = maxBubble - 2 * kPad;
    int y = kPad;
    int contentWidth = 0;

    // Text: the bot's as Markdown (Qt's own), the user's plain; a custom payload as JSON in the fixed
    // font. The document that measured it is kept, narrowed to the width it takes, for painting.
    auto placeText = [&](const QString &source, bool markdown, const QFont &font) {
        l.textSource = source;
        l.markdown = markdown;
        std::shared_ptr<QTextDocument> doc = document(source, markdown, font, inner);
        const int w = std::min(inner, int(std::ceil(doc->idealWidth())) + 1);
        const int h = int(std::ceil(doc->size().height()));
        if (w != inner)
            doc->setTextWidth(w);
        l.document = std::move(doc);
        l.text = QRect(0, y, w, h);
        contentWidth = std::max(contentWidth, w);
        y += h + kGap;
    };
    if (!content.text.isEmpty())
        placeText(content.text, !l.fromUser, style.font);
    if (kind == Kind::Custom) {
        placeText(customPayloadText(m), false, style.mono);
        l.monospace = true;
    }
    if (kind == Kind::Image) {
        l.imageUrl = QUrl(m.image.value_or(QString()));
        l.sizedBy = l.imageUrl;
        const QSize s = imageSize.isValid() ? imageSize : kImagePlaceholder;
        l.image = QRect(QPoint(0, y), s);
        contentWidth = std::max(contentWidth, s.width());
        y += s.height() + kGap;
    }
    if (kind == Kind::Attachment) {
        const AttachmentLink attachment = attachmentOf(m);
        l.linkText = trDelegate("Attachment: %1").arg(attachment.title);
        l.linkUrl = attachment.url;
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
            l.chips.append(MessageLayout::Chip{QRect(x, cy, w, kChipHeight), b.title, b.payload});
            x += w + kGap;
            contentWidth = std::max(contentWidth, x - kGap);
        }
        if (!buttons.isEmpty())
            cy += kChipHeight + kGap;
    };
    if (kind == Kind::Buttons && m.buttons)
        flowChips(*m.buttons, 0, inner, y);
    if (kind == Kind::QuickReplies && m.quickReplies)
        flowChips(*m.quickReplies, 0, inner, y);
    if (kind == Kind::Carousel && m.elements && !m.elements->isEmpty()) {
        // Cards side by side in a strip as wide as the bubble may be; when they do not all fit, the
        // strip scrolls a card at a time with the arrows at its ends, as rasa-webchat's carousel does.
        const int count = int(m.elements->size());
        const int first = std::clamp(content.carouselFirst, 0, count - 1);
        const int step = kCardWidth + kGap;
        const int stripWidth = std::min(count * step - kGap, inner);
        const int before = contentWidth;
        int rowBottom = y;
        for (int i = 0; i < count; ++i) {
            const rasachat::CarouselElement &e = m.elements->at(i);
            const int x = (i - first) * step;
            MessageLayout::Card card;
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
        for (MessageLayout::Card &card : l.cards)
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
    for (MessageLayout::Chip &c : l.chips)
        c.rect.translate(shift);
    for (MessageLayout::Card &c : l.cards) {
        c.rect.translate(shift);
        c.image.translate(shift);
        c.title.translate(shift);
    }
    if (!l.fromUser) {
        l.height = headerHeight + kMargin + l.bubble.height() + 2;
        return l;
    }
    // Under the user's messages: the delivery state.
    switch (content.delivery) {
    case TranscriptModel::Delivery::Submitted:
        l.timeText = trDelegate("sending");
        break;
    case TranscriptModel::Delivery::ReachedServer:
        l.timeText = QStringLiteral("✓");
        break;
    case TranscriptModel::Delivery::Answered:
        l.timeText = QStringLiteral("✓✓");
        break;
    case TranscriptModel::Delivery::Failed:
        l.timeText = trDelegate("not sent · ");
        break;
    }
    const bool failed = content.delivery == TranscriptModel::Delivery::Failed;
    const int rw = failed ? sfm.horizontalAdvance(retryText()) + 2 : 0;
    const int tw = sfm.horizontalAdvance(l.timeText) + 2;
    l.time = QRect(l.bubble.right() - tw - rw, l.bubble.bottom() + 3, tw, sfm.height());
    if (failed)
        l.retry = QRect(l.time.right() + 1, l.time.top(), rw, sfm.height());
    l.height = headerHeight + l.bubble.height() + kMargin + sfm.height() + 4;
    return l;
}

MessageLayout::Hit MessageLayout::hitTest(QPoint pos, bool chipsEnabled) const
{
    if (!previous.isNull() && previous.contains(pos))
        return {Hit::Part::PreviousCards, -1, {}};
    if (!next.isNull() && next.contains(pos))
        return {Hit::Part::NextCards, -1, {}};
    // A card scrolled out of the strip cannot be clicked where it would be.
    const bool inStrip = strip.isNull() || strip.contains(pos);
    if (inStrip && chipsEnabled) {
        for (int i = 0; i < chips.size(); ++i)
            if (chips.at(i).rect.contains(pos))
                return {Hit::Part::Chip, i, {}};
    }
    if (!link.isNull() && link.contains(pos))
        return {Hit::Part::Link, -1, linkUrl};
    if (!retry.isNull() && retry.contains(pos))
        return {Hit::Part::Retry, -1, {}};
    if (markdown && document && text.contains(pos)) {
        // A link in the bot's Markdown, where the painted text has it.
        const QString anchor = document->documentLayout()->anchorAt(pos - text.topLeft());
        if (!anchor.isEmpty())
            return {Hit::Part::TextLink, -1, QUrl(anchor)};
    }
    return {};
}

} // namespace RasaChat
