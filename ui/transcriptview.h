#pragma once

#include <QListView>
#include <QPersistentModelIndex>

class QTimer;

namespace RasaChat {

class MessageDelegate;

// The transcript's list view: a QListView whose rows a MessageDelegate paints, with the accessible
// interface that makes each message, and each button painted in it, reachable by assistive technology
// (see transcriptaccessible.h). New bot messages are announced to it as they arrive.
//
// Over a TranscriptModel with stored history, scrolling to the top loads the older rows (a page at a
// time, TranscriptModel::fetchMore()) and keeps the message that was at the top where it was.
class TranscriptView : public QListView
{
    Q_OBJECT
public:
    explicit TranscriptView(QWidget *parent = nullptr);

    // The style option the delegate is given for `index` where the view shows it now.
    QStyleOptionViewItem itemOption(const QModelIndex &index) const;
    MessageDelegate *messageDelegate() const;
    // Older rows are going in above the top row, which the view keeps in place: the scroll bar moves (and
    // may pass through the bottom while they are laid out) without the reader scrolling.
    bool isLoadingOlder() const { return m_anchor.isValid(); }

protected:
    void updateGeometries() override;
    void rowsInserted(const QModelIndex &parent, int start, int end) override;
    // A new palette, font, style or language: the rows are laid out again.
    void changeEvent(QEvent *event) override;

private:
    // Tells the model whether the first row shows; if it does and there are older rows, loads them.
    void checkFirstRow();

    QTimer *m_check;
    QPersistentModelIndex m_anchor; // the row to keep in place while older rows are laid out above it
    int m_anchorTop = 0;
};

} // namespace RasaChat
