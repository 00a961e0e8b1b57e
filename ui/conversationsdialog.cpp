#include "conversationsdialog.h"

#include "conversationstore.h"
#include "imagecache.h"
#include "messagedelegate.h"
#include "screenfit.h"
#include "transcriptmodel.h"
#include "transcriptview.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace RasaChat {

namespace {
constexpr int kConversationRole = Qt::UserRole + 1;
constexpr int kMessageRole = Qt::UserRole + 2;
} // namespace

ConversationViewer::ConversationViewer(ConversationStore *store, qint64 conversation, QWidget *parent)
    : QDialog(parent), m_store(store), m_conversation(conversation), m_model(new TranscriptModel(this)),
      m_view(new TranscriptView(this)), m_earlier(new QPushButton(tr("Earlier messages"), this))
{
    const StoredConversation c = store->conversation(conversation);
    setWindowTitle(tr("%1 over %2 · session %3 (read-only)").arg(c.server, c.channel, c.session));
    auto *images = new ImageCache(this);
    m_view->setModel(m_model);
    m_view->setItemDelegate(new MessageDelegate(images, this));
    m_view->setUniformItemSizes(false);
    m_view->setLayoutMode(QListView::Batched);
    m_view->setBatchSize(200);
    m_view->setResizeMode(QListView::Adjust);
    m_view->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_view->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    m_view->setFrameShape(QFrame::NoFrame);
    m_view->setAccessibleName(tr("Stored conversation"));
    // The delegate lays out again the rows an image sizes; card images only need painting.
    connect(images, &ImageCache::changed, m_view->viewport(), qOverload<>(&QWidget::update));
    connect(m_earlier, &QPushButton::clicked, this, &ConversationViewer::loadEarlier);
    connect(m_model, &QAbstractItemModel::rowsInserted, this,
            [this] { m_earlier->setVisible(m_model->hasOlder()); });
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_earlier);
    layout->addWidget(m_view, 1);
    m_model->openStored(store, conversation);
    m_earlier->setVisible(m_model->hasOlder());
    m_view->scrollToBottom();
    resizeToFit(this, QSize(640, 720));
}

bool ConversationViewer::loadEarlier()
{
    const bool loaded = m_model->loadOlder() > 0;
    m_earlier->setVisible(m_model->hasOlder());
    return loaded;
}

void ConversationViewer::showMessage(qint64 message)
{
    const int row = m_model->loadUntil(message);
    if (row < 0)
        return;
    m_view->setCurrentIndex(m_model->index(row));
    m_view->scrollTo(m_model->index(row), QAbstractItemView::PositionAtCenter);
}

ConversationsDialog::ConversationsDialog(ConversationStore *store, QWidget *parent)
    : QDialog(parent), m_store(store), m_search(new QLineEdit(this)), m_list(new QListWidget(this)),
      m_open(new QPushButton(tr("&Open"), this)), m_delete(new QPushButton(tr("&Delete…"), this))
{
    setWindowTitle(tr("Conversations"));
    m_search->setPlaceholderText(tr("Search all conversations"));
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(tr("Search"));
    m_list->setAccessibleName(tr("Conversations"));
    m_list->setAlternatingRowColors(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_open, QDialogButtonBox::ActionRole);
    buttons->addButton(m_delete, QDialogButtonBox::DestructiveRole);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_search);
    layout->addWidget(m_list, 1);
    if (!store) {
        auto *note =
            new QLabel(tr("Conversations are not being kept (the database could not be opened)."), this);
        note->setWordWrap(true);
        layout->addWidget(note);
    }
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_search, &QLineEdit::textChanged, this, &ConversationsDialog::refresh);
    connect(m_list, &QListWidget::itemActivated, this, [this] { openSelected(); });
    connect(m_open, &QPushButton::clicked, this, [this] { openSelected(); });
    connect(m_delete, &QPushButton::clicked, this, [this] {
        QListWidgetItem *item = m_list->currentItem();
        if (!item)
            return;
        if (item->data(kConversationRole).toLongLong() == m_current) {
            QMessageBox::information(this, tr("Delete conversation"),
                                     tr("This conversation is open in the chat; start a new session "
                                        "(Ctrl+N) before deleting it."));
            return;
        }
        if (QMessageBox::question(this, tr("Delete conversation"),
                                  tr("Delete this conversation from the disk? This cannot be undone.")) ==
            QMessageBox::Yes)
            deleteSelected();
    });
    if (store)
        connect(store, &ConversationStore::conversationsChanged, this, &ConversationsDialog::refresh);
    resizeToFit(this, QSize(560, 480));
    refresh();
}

void ConversationsDialog::setSearch(const QString &text)
{
    m_search->setText(text);
    m_search->setFocus();
    m_search->selectAll();
    refresh();
}

void ConversationsDialog::setCurrentConversation(qint64 id)
{
    m_current = id;
    refresh();
}

void ConversationsDialog::refresh()
{
    m_list->clear();
    if (!m_store)
        return;
    const QString search = m_search->text().trimmed();
    if (search.isEmpty()) {
        for (const StoredConversation &c : m_store->conversations()) {
            const QString first = c.preview.isEmpty() ? tr("(no message from you)") : c.preview.left(80);
            auto *item = new QListWidgetItem(
                tr("%1 · %2 over %3 · %n message(s)%4\n%5", nullptr, c.messages)
                    .arg(QLocale().toString(c.last, QLocale::ShortFormat), c.server, c.channel,
                         c.id == m_current ? tr(" · open now") : QString(), first),
                m_list);
            item->setData(kConversationRole, c.id);
            item->setToolTip(tr("session %1").arg(c.session));
        }
    } else {
        for (const SearchHit &hit : m_store->search(search)) {
            auto *item = new QListWidgetItem(
                tr("%1%2\n%3")
                    .arg(QLocale().toString(hit.time, QLocale::ShortFormat),
                         hit.conversation == m_current ? tr(" · this conversation") : QString(),
                         hit.text.simplified().left(120)),
                m_list);
            item->setData(kConversationRole, hit.conversation);
            item->setData(kMessageRole, hit.message);
        }
    }
    if (m_list->count() > 0)
        m_list->setCurrentRow(0);
    m_open->setEnabled(m_list->count() > 0);
    m_delete->setEnabled(m_list->count() > 0 && search.isEmpty());
}

ConversationViewer *ConversationsDialog::openSelected()
{
    QListWidgetItem *item = m_list->currentItem();
    if (!item || !m_store)
        return nullptr;
    const qint64 conversation = item->data(kConversationRole).toLongLong();
    const qint64 message = item->data(kMessageRole).toLongLong();
    if (conversation == m_current && message != 0) {
        emit showInChat(message);
        return nullptr;
    }
    auto *viewer = new ConversationViewer(m_store, conversation, this);
    viewer->setAttribute(Qt::WA_DeleteOnClose);
    if (message != 0)
        viewer->showMessage(message);
    viewer->show();
    return viewer;
}

bool ConversationsDialog::deleteSelected()
{
    QListWidgetItem *item = m_list->currentItem();
    // The open conversation is still being written: a new session first.
    return item && m_store && item->data(kConversationRole).toLongLong() != m_current &&
           m_store->remove(item->data(kConversationRole).toLongLong());
}

} // namespace RasaChat
