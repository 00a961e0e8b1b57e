#include "chatwidget.h"

#include "client/channelfactory.h"
#include "client/chatchannel.h"
#include "imagecache.h"
#include "messagedelegate.h"
#include "transcriptmodel.h"

#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QScrollBar>
#include <QVBoxLayout>

using namespace rasachat;

namespace RasaChat {

ChatWidget::ChatWidget(QWidget *parent)
    : QWidget(parent), m_model(new TranscriptModel(this)), m_images(new ImageCache(this)),
      m_delegate(new MessageDelegate(m_images, this)), m_view(new QListView(this)),
      m_input(new QLineEdit(this)), m_send(new QPushButton(tr("Send"), this)), m_status(new QLabel(this))
{
    m_view->setModel(m_model);
    m_view->setItemDelegate(m_delegate);
    m_view->setUniformItemSizes(false); // bubbles differ in height
    // Lay long transcripts out in batches between events, so that 100k rows never freeze the window.
    m_view->setLayoutMode(QListView::Batched);
    m_view->setBatchSize(200);
    m_view->setResizeMode(QListView::Adjust);
    m_view->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setFrameShape(QFrame::NoFrame);
    m_view->setMouseTracking(true);
    m_view->setAccessibleName(tr("Conversation"));
    m_view->installEventFilter(this);
    m_input->setPlaceholderText(tr("Type a message and press Enter"));
    m_input->setAccessibleName(tr("Message"));
    m_input->installEventFilter(this);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setAccessibleName(tr("Connection"));

    auto *inputRow = new QHBoxLayout;
    inputRow->addWidget(m_input, 1);
    inputRow->addWidget(m_send);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_status);
    layout->addWidget(m_view, 1);
    layout->addLayout(inputRow);
    m_status->setContentsMargins(8, 4, 8, 4);
    inputRow->setContentsMargins(8, 4, 8, 8);

    connect(m_input, &QLineEdit::returnPressed, this, [this] { sendText(m_input->text()); });
    connect(m_send, &QPushButton::clicked, this, [this] { sendText(m_input->text()); });
    connect(m_delegate, &MessageDelegate::buttonClicked, this,
            [this](const QModelIndex &index, const QString &title, const QString &payload) {
                UserMessage m;
                m.text = payload;
                send(m, title);
                m_model->disableButtons(index.row());
            });
    connect(m_delegate, &MessageDelegate::linkActivated, this,
            [](const QUrl &url) { QDesktopServices::openUrl(url); });
    connect(m_images, &ImageCache::changed, this, [this] {
        m_view->doItemsLayout(); // an image's real size may differ from its placeholder
        m_view->viewport()->update();
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this] {
        // Follow the conversation unless the user scrolled up to read.
        QScrollBar *bar = m_view->verticalScrollBar();
        if (bar->value() >= bar->maximum() - 40)
            QMetaObject::invokeMethod(m_view, &QListView::scrollToBottom, Qt::QueuedConnection);
    });
    setConnectionText(tr("Not connected"), QStringLiteral("neutral"));
}

ChatWidget::~ChatWidget()
{
    if (m_channel)
        m_channel->disconnect(this);
}

QString ChatWidget::connectionText() const
{
    return m_connectionText;
}

void ChatWidget::setConnectionText(const QString &text, const QString &tone)
{
    m_connectionText = text;
    const QColor dot = tone == u"good"   ? QColor(0x2e, 0xa0, 0x43)
                       : tone == u"busy" ? QColor(0xd2, 0x99, 0x22)
                       : tone == u"bad"  ? QColor(0xcf, 0x22, 0x2e)
                                         : palette().color(QPalette::PlaceholderText);
    m_status->setText(
        QStringLiteral("<span style=\"color:%1\">●</span> %2").arg(dot.name(), text.toHtmlEscaped()));
    emit connectionTextChanged(text);
}

bool ChatWidget::connectTo(const QUrl &serverUrl, const QString &kind, QString *error)
{
    ChannelSettings settings;
    settings.kind = kind;
    settings.serverUrl = serverUrl;
    settings.rememberSession = true;
    QString why;
    auto channel = makeChannel(settings, &why);
    if (!channel) {
        if (error)
            *error = why;
        setConnectionText(why, QStringLiteral("bad"));
        return false;
    }
    setChannel(channel.get());
    m_ownedChannel = std::move(channel);
    return true;
}

void ChatWidget::setChannel(ChatChannel *channel)
{
    if (m_channel)
        m_channel->disconnect(this);
    m_channel = channel;
    if (!channel)
        return;
    connect(channel, &ChatChannel::botMessage, this, &ChatWidget::onBotMessage);
    connect(channel, &ChatChannel::errorOccurred, this, &ChatWidget::onError);
    connect(channel, &ChatChannel::messageDelivered, this, [this](const QString &id) {
        m_model->setDelivery(id, TranscriptModel::Delivery::ReachedServer);
    });
    connect(channel, &ChatChannel::stateChanged, this, [this](ChatChannel::State s) {
        switch (s) {
        case ChatChannel::State::Disconnected:
            setConnectionText(tr("Disconnected"), QStringLiteral("neutral"));
            break;
        case ChatChannel::State::Connecting:
            setConnectionText(tr("Connecting…"), QStringLiteral("busy"));
            break;
        case ChatChannel::State::Connected:
            setConnectionText(tr("Connected"), QStringLiteral("busy"));
            break;
        case ChatChannel::State::Reconnecting:
            setConnectionText(tr("Reconnecting…"), QStringLiteral("busy"));
            break;
        }
    });
    connect(channel, &ChatChannel::sessionConfirmed, this, [this](const QString &id) {
        setConnectionText(tr("Connected over %1 · session %2").arg(m_channel->kindName(), id),
                          QStringLiteral("good"));
    });
    if (channel->state() == ChatChannel::State::Disconnected)
        channel->open();
}

void ChatWidget::send(const UserMessage &message, const QString &shown)
{
    if (!m_channel) {
        m_model->appendSystem(tr("Not connected: the message was not sent."));
        return;
    }
    UserMessage m = message;
    m.messageId = newSessionId();
    if (m.metadata.isUndefined())
        m.metadata = m_metadata;
    m_model->appendUser(m, shown);
    m_channel->send(m);
}

void ChatWidget::sendText(const QString &raw)
{
    const QString text = raw.trimmed();
    if (text.isEmpty())
        return;
    m_history.append(text);
    m_historyPos = int(m_history.size());
    m_input->clear();
    UserMessage m;
    m.text = text;
    send(m, text);
}

bool ChatWidget::pressButton(int row, int button)
{
    const QModelIndex index = m_model->index(row);
    if (!index.isValid() || !index.data(TranscriptModel::ButtonsEnabledRole).toBool())
        return false;
    QStyleOptionViewItem option;
    option.initFrom(m_view);
    option.rect = m_view->visualRect(index);
    option.widget = m_view;
    const auto chips = m_delegate->chips(option, index);
    if (button < 0 || button >= chips.size())
        return false;
    emit m_delegate->buttonClicked(index, chips.at(button).title, chips.at(button).payload);
    return true;
}

void ChatWidget::onBotMessage(const BotMessage &message)
{
    m_model->appendBot(message);
}

void ChatWidget::onError(const ChannelError &error)
{
    if (!error.messageId.isEmpty())
        m_model->setDelivery(error.messageId, TranscriptModel::Delivery::Failed);
    m_model->appendSystem(error.message);
    if (m_channel && m_channel->state() != ChatChannel::State::Reconnecting)
        setConnectionText(tr("Error: %1").arg(error.message), QStringLiteral("bad"));
}

bool ChatWidget::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() != QEvent::KeyPress)
        return QWidget::eventFilter(watched, event);
    auto *key = static_cast<QKeyEvent *>(event);
    if (watched == m_input && (key->key() == Qt::Key_Up || key->key() == Qt::Key_Down) &&
        !m_history.isEmpty()) {
        m_historyPos =
            std::clamp(m_historyPos + (key->key() == Qt::Key_Up ? -1 : 1), 0, int(m_history.size()));
        m_input->setText(m_historyPos < m_history.size() ? m_history.at(m_historyPos) : QString());
        return true;
    }
    if (watched == m_view) {
        const QModelIndex current = m_view->currentIndex();
        if (key->matches(QKeySequence::Copy) && current.isValid()) {
            QApplication::clipboard()->setText(current.data(TranscriptModel::TextRole).toString());
            return true;
        }
        if (key->key() >= Qt::Key_1 && key->key() <= Qt::Key_9 && current.isValid())
            return pressButton(current.row(), key->key() - Qt::Key_1);
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace RasaChat
