#include "transcriptview.h"

#include "messagedelegate.h"
#include "messagelayoutcache.h"
#include "transcriptaccessible.h"
#include "transcriptmodel.h"

#include <QEvent>
#include <QScrollBar>
#include <QTimer>

namespace RasaChat {

namespace {
// More rows at once are a restored conversation, not something the bot just said.
constexpr int kMaxAnnounced = 10;
} // namespace

TranscriptView::TranscriptView(QWidget *parent) : QListView(parent), m_check(new QTimer(this))
{
    installTranscriptAccessibility();
    // Checked once the scrolling and layout of this turn of the event loop are done: a view that is
    // filled and then sent to its bottom (a conversation opening) never showed its first row.
    m_check->setSingleShot(true);
    m_check->setInterval(0);
    connect(m_check, &QTimer::timeout, this, &TranscriptView::checkFirstRow);
    connect(verticalScrollBar(), &QScrollBar::valueChanged, m_check, qOverload<>(&QTimer::start));
    connect(verticalScrollBar(), &QScrollBar::rangeChanged, m_check, qOverload<>(&QTimer::start));
}

void TranscriptView::checkFirstRow()
{
    auto *transcript = qobject_cast<TranscriptModel *>(model());
    if (!transcript || !transcript->hasOlder() || !isVisible() || m_anchor.isValid())
        return;
    const QModelIndex first = transcript->index(0);
    const bool shown = verticalScrollBar()->value() == verticalScrollBar()->minimum() &&
                       visualRect(first).intersects(viewport()->rect());
    transcript->setFirstRowShown(shown);
    if (!shown || !transcript->canFetchMore())
        return;
    // Keep the row at the top where it is while the older ones go in above it.
    const QModelIndex top = indexAt(QPoint(1, 1));
    m_anchor = top.isValid() ? QPersistentModelIndex(top) : QPersistentModelIndex(first);
    m_anchorTop = visualRect(m_anchor).top();
    transcript->fetchMore();
    executeDelayedItemsLayout();
}

void TranscriptView::updateGeometries()
{
    QListView::updateGeometries();
    if (!m_anchor.isValid())
        return;
    const QRect r = visualRect(m_anchor);
    if (!r.isValid())
        return; // not laid out yet (a batched layout goes on)
    QScrollBar *bar = verticalScrollBar();
    bar->setValue(bar->value() + r.top() - m_anchorTop);
    // Held until the batched layout reached the last row: until then each batch moves the range again,
    // and the bar may pass through its bottom on the way.
    const bool laidOut = visualRect(model()->index(model()->rowCount() - 1, 0)).isValid();
    if (laidOut && (visualRect(m_anchor).top() == m_anchorTop || bar->value() == bar->maximum()))
        m_anchor = QPersistentModelIndex();
}

QStyleOptionViewItem TranscriptView::itemOption(const QModelIndex &index) const
{
    QStyleOptionViewItem option;
    initViewItemOption(&option);
    option.rect = visualRect(index);
    option.widget = this;
    return option;
}

MessageDelegate *TranscriptView::messageDelegate() const
{
    return qobject_cast<MessageDelegate *>(itemDelegate());
}

void TranscriptView::changeEvent(QEvent *event)
{
    switch (event->type()) {
    case QEvent::PaletteChange:
    case QEvent::FontChange:
    case QEvent::StyleChange:
    case QEvent::LanguageChange:
        if (MessageDelegate *delegate = messageDelegate()) {
            delegate->layouts()->invalidate();
            scheduleDelayedItemsLayout();
        }
        break;
    default:
        break;
    }
    QListView::changeEvent(event);
}

void TranscriptView::rowsInserted(const QModelIndex &parent, int start, int end)
{
    QListView::rowsInserted(parent, start, end);
    // Only what arrives at the end is new; rows put in above are older ones loaded from the store.
    if (parent.isValid() || end - start >= kMaxAnnounced || end < model()->rowCount() - 1)
        return;
    for (int row = start; row <= end; ++row) {
        if (!model()->index(row, 0).data(TranscriptModel::FromUserRole).toBool())
            announceMessage(this, row);
    }
}

} // namespace RasaChat
