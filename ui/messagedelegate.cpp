#include "messagedelegate.h"

#include "messagelayoutcache.h"
#include "messagepainter.h"
#include "messagetextviewer.h"
#include "transcriptmodel.h"

#include <QAbstractItemView>
#include <QMouseEvent>

namespace RasaChat {

namespace {

constexpr int kPad = 10; // inside a bubble

// Rows are as wide as the view's viewport, whatever rectangle the caller passes.
int viewWidth(const QStyleOptionViewItem &option)
{
    if (auto *view = qobject_cast<const QAbstractItemView *>(option.widget))
        return view->viewport()->width();
    return option.rect.width() > 0 ? option.rect.width() : 600;
}

QRect placed(const QRect &r, int top)
{
    return r.isNull() ? r : r.translated(0, top);
}

} // namespace

MessageDelegate::MessageDelegate(ImageCache *images, QObject *parent)
    : QStyledItemDelegate(parent), m_images(images), m_layouts(new MessageLayoutCache(images, this))
{
    // Only the row whose image arrived is laid out again; the view places the rows anew around it.
    connect(m_layouts, &MessageLayoutCache::rowChanged, this, &MessageDelegate::sizeHintChanged);
}

std::shared_ptr<const MessageLayout> MessageDelegate::cached(const QStyleOptionViewItem &option,
                                                             const QModelIndex &index) const
{
    return m_layouts->layout(index, viewWidth(option), option.font);
}

MessageLayout MessageDelegate::layoutAt(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    MessageLayout l = *cached(option, index);
    const int top = option.rect.top();
    for (QRect *r : {&l.bubble, &l.text, &l.image, &l.link, &l.strip, &l.previous, &l.next, &l.header,
                     &l.time, &l.retry})
        *r = placed(*r, top);
    for (Chip &c : l.chips)
        c.rect.translate(0, top);
    for (MessageLayout::Card &c : l.cards) {
        c.rect.translate(0, top);
        c.image = placed(c.image, top);
        c.title.translate(0, top);
    }
    return l;
}

QSize MessageDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    return {viewWidth(option), m_layouts->height(index, viewWidth(option), option.font)};
}

QRect MessageDelegate::textRect(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    return placed(cached(option, index)->text, option.rect.top());
}

QRect MessageDelegate::retryRect(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    return placed(cached(option, index)->retry, option.rect.top());
}

QRect MessageDelegate::linkRect(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    return placed(cached(option, index)->link, option.rect.top());
}

MessageDelegate::CarouselRects MessageDelegate::carousel(const QStyleOptionViewItem &option,
                                                         const QModelIndex &index) const
{
    const auto l = cached(option, index);
    const int top = option.rect.top();
    return {placed(l->strip, top), placed(l->previous, top), placed(l->next, top)};
}

QList<MessageDelegate::Chip> MessageDelegate::chips(const QStyleOptionViewItem &option,
                                                    const QModelIndex &index) const
{
    QList<Chip> chips = cached(option, index)->chips;
    for (Chip &c : chips)
        c.rect.translate(0, option.rect.top());
    return chips;
}

void MessageDelegate::paint(QPainter *p, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    paintMessage(p, *cached(option, index), option, index.data(TranscriptModel::ButtonsEnabledRole).toBool(),
                 m_images);
}

bool MessageDelegate::editorEvent(QEvent *event, QAbstractItemModel *model,
                                  const QStyleOptionViewItem &option, const QModelIndex &index)
{
    if (event->type() != QEvent::MouseButtonRelease)
        return QStyledItemDelegate::editorEvent(event, model, option, index);
    const QPoint pos = static_cast<QMouseEvent *>(event)->position().toPoint() - QPoint(0, option.rect.top());
    const auto l = cached(option, index);
    const MessageLayout::Hit hit = l->hitTest(pos, index.data(TranscriptModel::ButtonsEnabledRole).toBool());
    switch (hit.part) {
    case MessageLayout::Hit::Part::PreviousCards:
    case MessageLayout::Hit::Part::NextCards: {
        const int by = hit.part == MessageLayout::Hit::Part::NextCards ? 1 : -1;
        const int first = index.data(TranscriptModel::CarouselOffsetRole).toInt();
        model->setData(index, first + by, TranscriptModel::CarouselOffsetRole);
        return true;
    }
    case MessageLayout::Hit::Part::Chip:
        emit buttonClicked(index, l->chips.at(hit.chip).title, l->chips.at(hit.chip).payload);
        return true;
    case MessageLayout::Hit::Part::Link:
    case MessageLayout::Hit::Part::TextLink:
        emit linkActivated(hit.url);
        return true;
    case MessageLayout::Hit::Part::Retry:
        emit retryClicked(index);
        return true;
    case MessageLayout::Hit::Part::None:
        break;
    }
    return QStyledItemDelegate::editorEvent(event, model, option, index);
}

QWidget *MessageDelegate::createEditor(QWidget *parent, const QStyleOptionViewItem &option,
                                       const QModelIndex &index) const
{
    auto *viewer = new MessageTextViewer(index, option.palette, parent);
    connect(viewer, &QTextBrowser::anchorClicked, this, &MessageDelegate::linkActivated);
    return viewer;
}

void MessageDelegate::setEditorData(QWidget *editor, const QModelIndex &index) const
{
    static_cast<MessageTextViewer *>(editor)->showMessage(index);
}

void MessageDelegate::updateEditorGeometry(QWidget *editor, const QStyleOptionViewItem &option,
                                           const QModelIndex &index) const
{
    const auto l = cached(option, index);
    // Over the text of the bubble; the bubble's own text stays where it was drawn.
    const QRect over =
        l->text.isNull() ? l->bubble.adjusted(kPad, kPad, -kPad, -kPad) : l->text.adjusted(0, 0, 2, 2);
    editor->setGeometry(over.translated(0, option.rect.top()));
}

} // namespace RasaChat
