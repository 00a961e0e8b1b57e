#pragma once

#include "messagelayout.h"

#include <QStyledItemDelegate>

namespace RasaChat {

class ImageCache;
class MessageLayoutCache;

// Shows transcript rows as chat bubbles (the user's on the right, the bot's on the left): Markdown text,
// buttons and quick replies as chips, images (with a placeholder while loading), attachments as links,
// carousel cards side by side (scrolled with arrows), custom JSON as readable text, and the time below.
// Each row is laid out once per width (layoutMessage(), kept by a MessageLayoutCache), painted from that
// layout (paintMessage()) and hit-tested on it: a click on an enabled chip emits buttonClicked(), on a link
// linkActivated(), on the "Retry" of a message that was not sent retryClicked().
class MessageDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    explicit MessageDelegate(ImageCache *images, QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    bool editorEvent(QEvent *event, QAbstractItemModel *model, const QStyleOptionViewItem &option,
                     const QModelIndex &index) override;
    // Double-click (or F2) on a message opens its text in a MessageTextViewer over the bubble.
    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option,
                          const QModelIndex &index) const override;
    void setEditorData(QWidget *editor, const QModelIndex &index) const override;
    void setModelData(QWidget *, QAbstractItemModel *, const QModelIndex &) const override {}
    void updateEditorGeometry(QWidget *editor, const QStyleOptionViewItem &option,
                              const QModelIndex &index) const override;

    using Chip = MessageLayout::Chip;
    // The layout of the row where `option` puts it (in the view's coordinates).
    MessageLayout layoutAt(const QStyleOptionViewItem &option, const QModelIndex &index) const;
    // Where the chips of a row are, for clicks and for tests.
    QList<Chip> chips(const QStyleOptionViewItem &option, const QModelIndex &index) const;
    // Where a row's text is drawn, and the "Retry" of a message that was not sent (null if none).
    QRect textRect(const QStyleOptionViewItem &option, const QModelIndex &index) const;
    QRect retryRect(const QStyleOptionViewItem &option, const QModelIndex &index) const;
    // A carousel's strip of cards and its arrows (null where it cannot scroll that way, or not a carousel).
    struct CarouselRects
    {
        QRect strip;
        QRect previous;
        QRect next;
    };
    CarouselRects carousel(const QStyleOptionViewItem &option, const QModelIndex &index) const;
    // Where the link of an attachment is drawn (null if none).
    QRect linkRect(const QStyleOptionViewItem &option, const QModelIndex &index) const;

    MessageLayoutCache *layouts() const { return m_layouts; }

signals:
    void buttonClicked(const QModelIndex &index, const QString &title, const QString &payload);
    void linkActivated(const QUrl &url);
    void retryClicked(const QModelIndex &index);

private:
    std::shared_ptr<const MessageLayout> cached(const QStyleOptionViewItem &option,
                                                const QModelIndex &index) const;

    ImageCache *m_images;
    MessageLayoutCache *m_layouts;
};

} // namespace RasaChat
