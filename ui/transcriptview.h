#pragma once

#include <QListView>

namespace RasaChat {

class MessageDelegate;

// The transcript's list view: a QListView whose rows a MessageDelegate paints, with the accessible
// interface that makes each message, and each button painted in it, reachable by assistive technology
// (see transcriptaccessible.h). New bot messages are announced to it as they arrive.
class TranscriptView : public QListView
{
    Q_OBJECT
public:
    explicit TranscriptView(QWidget *parent = nullptr);

    // The style option the delegate is given for `index` where the view shows it now.
    QStyleOptionViewItem itemOption(const QModelIndex &index) const;
    MessageDelegate *messageDelegate() const;

protected:
    void rowsInserted(const QModelIndex &parent, int start, int end) override;
};

} // namespace RasaChat
