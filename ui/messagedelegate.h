#pragma once

#include <QStyledItemDelegate>

class QTextDocument;

namespace RasaChat {

// Fills `doc` with the bot's Markdown as rasa-webchat shows it: GitHub's dialect, HTML as literal text,
// `_x_` in italics, code in the fixed font.
void setBotMarkdown(QTextDocument *doc, const QString &text);

class ImageCache;

// Paints one transcript row as a chat bubble (the user's on the right, the bot's on the left): Markdown
// text, buttons and quick replies as chips, images (with a placeholder while loading), attachments as
// links, carousel cards side by side (scrolled with arrows), custom JSON as readable text, and the time
// below. A click on an enabled chip emits buttonClicked(), on a link linkActivated(), on the "Retry" of a
// message that was not sent retryClicked().
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
    // Double-click (or F2) on a message opens its text in a read-only, selectable overlay, so that any
    // part of it can be selected and copied; Escape or a click elsewhere closes it.
    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option,
                          const QModelIndex &index) const override;
    void setEditorData(QWidget *editor, const QModelIndex &index) const override;
    void setModelData(QWidget *, QAbstractItemModel *, const QModelIndex &) const override {}
    void updateEditorGeometry(QWidget *editor, const QStyleOptionViewItem &option,
                              const QModelIndex &index) const override;

    struct Chip
    {
        QRect rect;
        QString title;
        QString payload;
    };
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

signals:
    void buttonClicked(const QModelIndex &index, const QString &title, const QString &payload);
    void linkActivated(const QUrl &url);
    void retryClicked(const QModelIndex &index);

private:
    struct Layout;
    Layout layout(const QStyleOptionViewItem &option, const QModelIndex &index) const;

    ImageCache *m_images;
};

} // namespace RasaChat
