#include "transcriptview.h"

#include "messagedelegate.h"
#include "transcriptaccessible.h"
#include "transcriptmodel.h"

namespace RasaChat {

namespace {
// More rows at once are a restored conversation, not something the bot just said.
constexpr int kMaxAnnounced = 10;
} // namespace

TranscriptView::TranscriptView(QWidget *parent) : QListView(parent)
{
    installTranscriptAccessibility();
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

void TranscriptView::rowsInserted(const QModelIndex &parent, int start, int end)
{
    QListView::rowsInserted(parent, start, end);
    if (parent.isValid() || end - start >= kMaxAnnounced)
        return;
    for (int row = start; row <= end; ++row) {
        if (!model()->index(row, 0).data(TranscriptModel::FromUserRole).toBool())
            announceMessage(this, row);
    }
}

} // namespace RasaChat
