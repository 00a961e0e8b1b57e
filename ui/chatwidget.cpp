#include "chatwidget.h"

#include "chatwidget_p.h"
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

ChatWidget::ChatWidget(QWidget *parent) : QWidget(parent), d(std::make_unique<ChatWidgetPrivate>())
{
    d->model = new TranscriptModel(this);
    d->images = new ImageCache(this);
    d->delegate = new MessageDelegate(d->images, this);
    d->view = new QListView(this);
    d->input = new QLineEdit(this);
    d->send = new QPushButton(tr("Send"), this);
    d->status = new QLabel(this);
    d->view->setModel(d->model);
    d->view->setItemDelegate(d->delegate);
    d->view->setUniformItemSizes(false); // bubbles differ in height
    // Lay long transcripts out in batches between events, so that 100k rows never freeze the window.
    d->view->setLayoutMode(QListView::Batched);
    d->view->setBatchSize(200);
    d->view->setResizeMode(QListView::Adjust);
    d->view->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    d->view->setSelectionMode(QAbstractItemView::SingleSelection);
    d->view->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    d->view->setFrameShape(QFrame::NoFrame);
    d->view->setMouseTracking(true);
    d->view->setAccessibleName(tr("Conversation"));
    d->view->installEventFilter(this);
    d->input->setPlaceholderText(tr("Type a message and press Enter"));
    d->input->setAccessibleName(tr("Message"));
    d->input->installEventFilter(this);
    d->status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    d->status->setAccessibleName(tr("Connection"));

    auto *inputRow = new QHBoxLayout;
    inputRow->addWidget(d->input, 1);
    inputRow->addWidget(d->send);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(d->status);
    layout->addWidget(d->view, 1);
    layout->addLayout(inputRow);
    d->status->setContentsMargins(8, 4, 8, 4);
    inputRow->setContentsMargins(8, 4, 8, 8);

    connect(d->input, &QLineEdit::returnPressed, this, [this] { sendText(d->input->text()); });
    connect(d->send, &QPushButton::clicked, this, [this] { sendText(d->input->text()); });
    connect(d->delegate, &MessageDelegate::buttonClicked, this,
            [this](const QModelIndex &index, const QString &title, const QString &payload) {
                UserMessage m;
                m.text = payload;
                send(m, title);
                d->model->disableButtons(index.row());
            });
    connect(d->delegate, &MessageDelegate::linkActivated, this,
            [](const QUrl &url) { QDesktopServices::openUrl(url); });
    connect(d->images, &ImageCache::changed, this, [this] {
        d->view->doItemsLayout(); // an image's real size may differ from its placeholder
        d->view->viewport()->update();
    });
    connect(d->model, &QAbstractItemModel::rowsInserted, this, [this] {
        // Follow the conversation unless the user scrolled up to read.
        QScrollBar *bar = d->view->verticalScrollBar();
        if (bar->value() >= bar->maximum() - 40)
            QMetaObject::invokeMethod(d->view, &QListView::scrollToBottom, Qt::QueuedConnection);
    });
    setConnectionText(tr("Not connected"), QStringLiteral("neutral"));
}

ChatWidget::~ChatWidget()
{
    if (d->channel)
        d->channel->disconnect(this);
}

QString ChatWidget::connectionText() const
{
    return d->connectionText;
}

rasachat::ChatChannel *ChatWidget::channel() const
{
    return d->channel;
}

TranscriptModel *ChatWidget::transcript() const
{
    return d->model;
}

QListView *ChatWidget::transcriptView() const
{
    return d->view;
}

QLineEdit *ChatWidget::input() const
{
    return d->input;
}

void ChatWidget::setDefaultMetadata(const QJsonValue &metadata)
{
    d->metadata = metadata;
}

void ChatWidget::setConnectionText(const QString &text, const QString &tone)
{
    d->connectionText = text;
    const QColor dot = tone == u"good"   ? QColor(0x2e, 0xa0, 0x43)
                       : tone == u"busy" ? QColor(0xd2, 0x99, 0x22)
                       : tone == u"bad"  ? QColor(0xcf, 0x22, 0x2e)
                                         : palette().color(QPalette::PlaceholderText);
    d->status->setText(
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
    d->ownedChannel = std::move(channel);
    return true;
}

void ChatWidget::setChannel(ChatChannel *channel)
{
    if (d->channel)
        d->channel->disconnect(this);
    d->channel = channel;
    if (!channel)
        return;
    connect(channel, &ChatChannel::botMessage, this, &ChatWidget::onBotMessage);
    connect(channel, &ChatChannel::errorOccurred, this, &ChatWidget::onError);
    connect(channel, &ChatChannel::messageDelivered, this, [this](const QString &id) {
        d->model->setDelivery(id, TranscriptModel::Delivery::ReachedServer);
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
        setConnectionText(tr("Connected over %1 · session %2").arg(d->channel->kindName(), id),
                          QStringLiteral("good"));
    });
    if (channel->state() == ChatChannel::State::Disconnected)
        channel->open();
}

void ChatWidget::send(const UserMessage &message, const QString &shown)
{
    if (!d->channel) {
        d->model->appendSystem(tr("Not connected: the message was not sent."));
        return;
    }
    UserMessage m = message;
    m.messageId = newSessionId();
    if (m.metadata.isUndefined())
        m.metadata = d->metadata;
    d->model->appendUser(m, shown);
    d->channel->send(m);
}

void ChatWidget::sendText(const QString &raw)
{
    const QString text = raw.trimmed();
    if (text.isEmpty())
        return;
    d->history.append(text);
    d->historyPos = int(d->history.size());
    d->input->clear();
    UserMessage m;
    m.text = text;
    send(m, text);
}

bool ChatWidget::pressButton(int row, int button)
{
    const QModelIndex index = d->model->index(row);
    if (!index.isValid() || !index.data(TranscriptModel::ButtonsEnabledRole).toBool())
        return false;
    QStyleOptionViewItem option;
    option.initFrom(d->view);
    option.rect = d->view->visualRect(index);
    option.widget = d->view;
    const auto chips = d->delegate->chips(option, index);
    if (button < 0 || button >= chips.size())
        return false;
    emit d->delegate->buttonClicked(index, chips.at(button).title, chips.at(button).payload);
    return true;
}

void ChatWidget::onBotMessage(const BotMessage &message)
{
    d->model->appendBot(message);
}

void ChatWidget::onError(const ChannelError &error)
{
    if (!error.messageId.isEmpty())
        d->model->setDelivery(error.messageId, TranscriptModel::Delivery::Failed);
    d->model->appendSystem(error.message);
    if (d->channel && d->channel->state() != ChatChannel::State::Reconnecting)
        setConnectionText(tr("Error: %1").arg(error.message), QStringLiteral("bad"));
}

bool ChatWidget::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() != QEvent::KeyPress)
        return QWidget::eventFilter(watched, event);
    auto *key = static_cast<QKeyEvent *>(event);
    if (watched == d->input && (key->key() == Qt::Key_Up || key->key() == Qt::Key_Down) &&
        !d->history.isEmpty()) {
        d->historyPos =
            std::clamp(d->historyPos + (key->key() == Qt::Key_Up ? -1 : 1), 0, int(d->history.size()));
        d->input->setText(d->historyPos < d->history.size() ? d->history.at(d->historyPos) : QString());
        return true;
    }
    if (watched == d->view) {
        const QModelIndex current = d->view->currentIndex();
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
