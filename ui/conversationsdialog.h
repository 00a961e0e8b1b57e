#pragma once

#include <QDialog>
#include <QPointer>

class QLineEdit;
class QListView;
class QListWidget;
class QPushButton;

namespace RasaChat {

class ConversationStore;
class ImageCache;
class MessageDelegate;
class TranscriptModel;
class TranscriptView;

// One stored conversation, read-only: the bubbles as they were, without sending. Opens with its newest
// messages; scrolling to the top (or "Earlier messages") loads older ones, so that a conversation of any
// length opens at once.
class ConversationViewer : public QDialog
{
    Q_OBJECT
public:
    ConversationViewer(ConversationStore *store, qint64 conversation, QWidget *parent = nullptr);

    TranscriptModel *transcript() const { return m_model; }
    TranscriptView *view() const { return m_view; }
    // Loads until stored message `message` is in the view, then selects it.
    void showMessage(qint64 message);
    // Loads the next batch of earlier messages; false when there are none.
    bool loadEarlier();

private:
    QPointer<ConversationStore> m_store;
    qint64 m_conversation;
    TranscriptModel *m_model;
    TranscriptView *m_view;
    QPushButton *m_earlier;
};

// File → Conversations (Ctrl+F searches): every stored conversation, newest first, with its server,
// channel, session, size and first message; a search over the text of all of them; Open shows one
// read-only (a hit in the open conversation is shown in the chat instead), Delete removes one after asking.
class ConversationsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ConversationsDialog(ConversationStore *store, QWidget *parent = nullptr);

    void setSearch(const QString &text);
    // The conversation open in the chat (-1: none); it is marked, and its hits are shown in the chat.
    void setCurrentConversation(qint64 id);
    QListWidget *list() const { return m_list; }
    QLineEdit *searchBox() const { return m_search; }
    // Opens the selected row (a conversation, or the conversation of a hit); the viewer, or nullptr if the
    // hit was shown in the chat.
    ConversationViewer *openSelected();
    // Deletes the selected conversation without asking (the Delete button asks first).
    bool deleteSelected();

signals:
    void showInChat(qint64 message);

private:
    void refresh();

    QPointer<ConversationStore> m_store;
    qint64 m_current = -1;
    QLineEdit *m_search;
    QListWidget *m_list;
    QPushButton *m_open;
    QPushButton *m_delete;
};

} // namespace RasaChat
