#include "chatwidget.h"

#include "callback/callbackchannel.h"
#include "chatwidget_p.h"
#include "client/chatchannel.h"
#include "client/tlsoptions.h"
#include "conversationstore.h"
#include "imagecache.h"
#include "linkopener.h"
#include "messagedelegate.h"
#include "transcriptmodel.h"
#include "transcriptview.h"
#include "webhook/webhookchannel.h"
#include "wiring/channelfactory.h"

#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QListView>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QResizeEvent>
#include <QScrollBar>
#include <QTimer>
#include <QVBoxLayout>
#include <utility>

using namespace rasachat;

namespace RasaChat {

namespace {
constexpr int kReconnectMaxMs = 30'000;
constexpr int kComposerMaxLines = 6;
} // namespace

ChatWidget::ChatWidget(QWidget *parent) : QWidget(parent), d(std::make_unique<ChatWidgetPrivate>())
{
    d->model = new TranscriptModel(this);
    d->images = new ImageCache(this);
    d->links = new LinkOpener(this);
    d->delegate = new MessageDelegate(d->images, this);
    d->view = new TranscriptView(this);
    d->input = new QPlainTextEdit(this);
    d->send = new QPushButton(tr("Send"), this);
    d->status = new QLabel(this);
    d->retryNow = new QPushButton(tr("Retry now"), this);
    d->typing = new QLabel(tr("bot is typing…"), this);
    d->jump = new QPushButton(tr("↓ New messages"), d->view);
    d->reconnect = new QTimer(this);
    d->reconnect->setSingleShot(true);
    d->view->setModel(d->model);
    d->view->setItemDelegate(d->delegate);
    d->view->setUniformItemSizes(false); // bubbles differ in height
    // One pass: the per-row layout cache makes a full layout cheap, and a stored history comes a page at
    // a time. A batched layout starts each pass over with a short scroll range, which clamps the reader's
    // position and lost their place while older rows went in above.
    d->view->setLayoutMode(QListView::SinglePass);
    d->view->setResizeMode(QListView::Adjust);
    // Bubbles wrap their text to the view's width: lay them out again when it changes. QListView only does
    // so for a change of height, or with setWordWrap(true), which doubles the cost of every layout.
    d->relayout = new QTimer(this);
    d->relayout->setSingleShot(true);
    d->relayout->setInterval(100);
    connect(d->relayout, &QTimer::timeout, d->view, &QListView::doItemsLayout);
    d->view->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    d->view->setSelectionMode(QAbstractItemView::SingleSelection);
    d->view->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    d->view->setFrameShape(QFrame::NoFrame);
    d->view->setMouseTracking(true);
    d->view->setAccessibleName(tr("Conversation"));
    d->view->setAccessibleDescription(
        tr("The messages, oldest first. Keys 1 to 9 press the buttons of the selected message, Ctrl+C "
           "copies it, F2 opens its text to select from."));
    d->view->installEventFilter(this);
    d->input->setPlaceholderText(tr("Type a message; Enter sends, Shift+Enter starts a new line"));
    d->input->setAccessibleName(tr("Message"));
    d->input->setAccessibleDescription(tr("Enter sends the message, Shift+Enter starts a new line, Up and "
                                          "Down recall earlier messages."));
    d->send->setAccessibleDescription(tr("Sends the message typed above."));
    d->retryNow->setAccessibleDescription(tr("Tries to connect to the server now."));
    d->jump->setAccessibleName(tr("Show the new messages"));
    d->input->setTabChangesFocus(true);
    d->input->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    d->input->installEventFilter(this);
    d->status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    d->status->setAccessibleDescription(tr("The state of the connection to the Rasa server."));
    d->status->setWordWrap(true);
    d->retryNow->hide();
    d->typing->hide();
    d->typing->setForegroundRole(QPalette::PlaceholderText);
    d->typing->setContentsMargins(12, 0, 8, 0);
    d->jump->hide();
    d->jump->setCursor(Qt::PointingHandCursor);

    auto *statusRow = new QHBoxLayout;
    statusRow->addWidget(d->status, 1);
    statusRow->addWidget(d->retryNow);
    statusRow->setContentsMargins(8, 4, 8, 4);
    auto *inputRow = new QHBoxLayout;
    inputRow->addWidget(d->input, 1);
    inputRow->addWidget(d->send, 0, Qt::AlignBottom);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(statusRow);
    layout->addWidget(d->view, 1);
    layout->addWidget(d->typing);
    layout->addLayout(inputRow);
    inputRow->setContentsMargins(8, 4, 8, 8);

    // The composer grows with its text, up to a few lines, then scrolls.
    auto fitComposer = [this] {
        const int lines = std::clamp(int(d->input->document()->size().height()), 1, kComposerMaxLines);
        const QMargins m = d->input->contentsMargins();
        d->input->setFixedHeight(lines * d->input->fontMetrics().lineSpacing() +
                                 int(2 * d->input->document()->documentMargin()) + m.top() + m.bottom() +
                                 2 * d->input->frameWidth());
    };
    connect(d->input->document()->documentLayout(), &QAbstractTextDocumentLayout::documentSizeChanged, this,
            fitComposer);
    fitComposer();

    connect(d->send, &QPushButton::clicked, this, [this] { sendText(d->input->toPlainText()); });
    connect(d->delegate, &MessageDelegate::buttonClicked, this,
            [this](const QModelIndex &index, const QString &title, const QString &payload) {
                pressChip(index.row(), title, payload);
                d->input->setFocus(Qt::OtherFocusReason); // the user goes on typing
            });
    connect(d->delegate, &MessageDelegate::retryClicked, this,
            [this](const QModelIndex &index) { retry(index.row()); });
    connect(d->delegate, &MessageDelegate::linkActivated, d->links, &LinkOpener::open);
    // The delegate lays out again the rows an image sizes; card images only need painting.
    connect(d->images, &ImageCache::changed, d->view->viewport(), qOverload<>(&QWidget::update));
    connect(d->retryNow, &QPushButton::clicked, this, &ChatWidget::openChannel);
    connect(d->reconnect, &QTimer::timeout, this, [this] {
        if (d->channel && d->keepOpen && d->channel->state() == ChatChannel::State::Disconnected)
            d->channel->open();
    });
    connect(d->jump, &QPushButton::clicked, this, [this] {
        d->follow = true;
        d->view->scrollToBottom();
        d->jump->hide();
    });

    // Follow the newest message: while the view is at the bottom it stays there, also when rows grow
    // (a late image, a narrower window); once the user scrolls up it stays where they read.
    QScrollBar *bar = d->view->verticalScrollBar();
    connect(bar, &QScrollBar::valueChanged, this, [this, bar](int value) {
        const bool clamped = std::exchange(d->clamped, false);
        if (clamped || d->adjusting || d->view->isLoadingOlder())
            return;
        d->follow = value >= bar->maximum() - 4;
        if (d->follow)
            d->jump->hide();
    });
    connect(bar, &QScrollBar::rangeChanged, this, [this, bar](int, int max) {
        // A batched layout starts over with a short range: the value is then clamped to it, which is
        // not the reader scrolling to the bottom (and following would lose their place).
        d->clamped = bar->value() > max;
        if (!d->follow || d->view->isLoadingOlder())
            return;
        d->adjusting = true;
        bar->setValue(max);
        d->adjusting = false;
    });
    connect(d->model, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &, int first, int last) {
                storeRows(first, last);
                if (d->follow && last >= d->model->rowCount() - 1) { // not for older rows going in above
                    QMetaObject::invokeMethod(d->view, &QListView::scrollToBottom, Qt::QueuedConnection);
                } else if (last >= d->model->rowCount() - 1) {
                    d->jump->show();
                    placeJumpButton();
                }
                updateIndicators();
            });
    connect(d->model, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &from, const QModelIndex &to, const QList<int> &roles) {
                if (!roles.contains(TranscriptModel::DeliveryRole))
                    return;
                if (d->store) {
                    for (int row = from.row(); row <= to.row(); ++row) {
                        const StoredMessage m = d->model->record(row);
                        if (m.id != 0)
                            d->store->setDelivery(m.id, m.delivery, m.messageId);
                    }
                }
                updateIndicators();
            });
    connect(d->model, &QAbstractItemModel::modelReset, this, &ChatWidget::updateIndicators);
    setConnectionText(tr("Not connected"), Tone::Neutral);
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

QAbstractItemModel *ChatWidget::transcript() const
{
    return d->model;
}

void ChatWidget::setDefaultMetadata(const QJsonValue &metadata)
{
    d->metadata = metadata;
}

void ChatWidget::setDeliveryTimeout(int ms)
{
    d->deliveryTimeoutMs = ms;
}

void ChatWidget::setCallbackTimeout(int ms)
{
    d->callbackTimeoutMs = ms;
}

void ChatWidget::setReconnectDelay(int ms)
{
    d->reconnectFirstMs = ms;
    d->reconnectDelayMs = ms;
}

void ChatWidget::setStore(ConversationStore *store)
{
    d->store = store;
    d->conversation = -1;
    d->session.clear();
    if (store && d->channel && !d->channel->sessionId().isEmpty())
        onSessionConfirmed(d->channel->sessionId());
}

void ChatWidget::startNewConversation()
{
    d->model->clear();
    d->conversation = -1;
    d->session.clear();
}

void ChatWidget::setConnectionText(const QString &text, Tone tone)
{
    d->connectionText = text;
    const QColor dot = tone == Tone::Good   ? QColor(0x2e, 0xa0, 0x43)
                       : tone == Tone::Busy ? QColor(0xd2, 0x99, 0x22)
                       : tone == Tone::Bad  ? QColor(0xcf, 0x22, 0x2e)
                                            : palette().color(QPalette::PlaceholderText);
    d->status->setText(
        QStringLiteral("<span style=\"color:%1\">●</span> %2").arg(dot.name(), text.toHtmlEscaped()));
    // The dot's colour says nothing to a screen reader: the name carries the state in words (and a
    // change of name is announced).
    d->status->setAccessibleName(tr("Connection: %1").arg(text));
    emit connectionTextChanged(text);
}

bool ChatWidget::connectTo(const QUrl &serverUrl, const QString &kind, QString *error)
{
    return connectTo(ConnectionOptions(serverUrl, kind), error);
}

bool ChatWidget::connectTo(const ConnectionOptions &options, QString *error)
{
    ChannelSettings settings;
    settings.kind = options.channel();
    settings.serverUrl = options.serverUrl();
    settings.token = options.token();
    settings.userMessageEvt = options.userMessageEvent();
    settings.botMessageEvt = options.botMessageEvent();
    settings.metadataKey = options.metadataKey();
    settings.socketioPath = options.socketIoPath();
    settings.receiverPort = options.receiverPort();
    settings.rememberSession = true;
    QString why;
    if (!options.caCertificateFile().isEmpty()) {
        auto certificates = loadCaCertificates(options.caCertificateFile(), &why);
        if (!certificates) {
            if (error)
                *error = why;
            setConnectionText(why, Tone::Bad);
            return false;
        }
        settings.tls.caCertificates = *certificates;
    }
    auto channel = makeChannel(settings, &why);
    if (!channel) {
        if (error)
            *error = why;
        setConnectionText(why, Tone::Bad);
        return false;
    }
    d->server = settings.serverUrl.toString();
    setChannel(channel.get());
    d->ownedChannel = std::move(channel);
    return true;
}

void ChatWidget::setChannel(ChatChannel *channel)
{
    if (d->channel)
        d->channel->disconnect(this);
    if (d->ownedChannel && d->ownedChannel.get() != channel) {
        // The channel connectTo() made would otherwise stay open, reconnecting, behind the new one.
        // Later, not now: this may run inside one of its signals.
        ChatChannel *old = d->ownedChannel.release();
        old->close();
        old->deleteLater();
    }
    d->reconnect->stop();
    d->retryNow->hide();
    d->channel = channel;
    if (!channel)
        return;
    d->keepOpen = true;
    d->reconnectDelayMs = d->reconnectFirstMs;
    connect(channel, &ChatChannel::botMessage, this, &ChatWidget::onBotMessage);
    connect(channel, &ChatChannel::errorOccurred, this, &ChatWidget::onError);
    connect(channel, &ChatChannel::messageDelivered, this, [this](const QString &id) {
        d->model->acknowledge(id);
        updateIndicators(); // the delivery state may stay ✓✓, but the wait is over
        if (qobject_cast<CallbackChannel *>(d->channel.data()) &&
            d->model->delivery(id) == TranscriptModel::Delivery::ReachedServer)
            awaitCallback(id);
    });
    connect(channel, &ChatChannel::stateChanged, this, &ChatWidget::onStateChanged);
    connect(channel, &ChatChannel::sessionConfirmed, this, &ChatWidget::onSessionConfirmed);
    if (channel->state() == ChatChannel::State::Disconnected)
        channel->open();
    else if (!channel->sessionId().isEmpty())
        onSessionConfirmed(channel->sessionId());
}

QString ChatWidget::sessionText() const
{
    QString text = tr("Connected over %1 · session %2").arg(d->channel->kindName(), d->channel->sessionId());
    if (auto *callback = qobject_cast<CallbackChannel *>(d->channel.data()))
        text += tr(" · replies to %1").arg(callback->receiverUrl().toString());
    return text;
}

void ChatWidget::onSessionConfirmed(const QString &sessionId)
{
    d->reconnectDelayMs = d->reconnectFirstMs;
    d->retryNow->hide();
    d->lastError.clear();
    setConnectionText(sessionText(), Tone::Good);
    if (!d->store || sessionId == d->session)
        return;
    d->session = sessionId;
    const QString kind = d->channel ? d->channel->kindName() : QString();
    qint64 stored = d->store->find(d->server, kind, sessionId);
    if (stored >= 0 && stored != d->conversation) {
        // The session goes on: show what was said in it before, above what is here already.
        // Its newest page, the older rows on demand as the view is scrolled up.
        int at = 0;
        while (at < d->model->rowCount() && d->model->storeId(at) != 0)
            ++at;
        if (at == 0)
            d->model->openStored(d->store, stored);
        else
            d->model->insertStored(at, d->store->messages(stored));
        d->view->scrollToBottom(); // now, so that the view never shows the top and asks for more
    }
    d->conversation = stored; // -1: created with the first message, so that no empty one is kept
    storeRows(0, d->model->rowCount() - 1);
}

void ChatWidget::storeRows(int first, int last)
{
    if (!d->store || d->session.isEmpty())
        return;
    for (int row = first; row <= last; ++row) {
        if (d->model->storeId(row) != 0)
            continue;
        const StoredMessage m = d->model->record(row);
        if (m.sender == StoredMessage::Sender::System)
            continue; // connection notes belong to that run, not to the conversation
        if (d->conversation < 0)
            d->conversation =
                d->store->create(d->server, d->channel ? d->channel->kindName() : QString(), d->session);
        d->model->setStoreId(row, d->store->add(d->conversation, m));
    }
}

void ChatWidget::onStateChanged()
{
    if (!d->channel)
        return;
    switch (d->channel->state()) {
    case ChatChannel::State::Disconnected:
        if (d->keepOpen && qobject_cast<WebhookChannel *>(d->channel.data())) {
            scheduleReconnect();
            return;
        }
        setConnectionText(tr("Disconnected"), Tone::Neutral);
        break;
    case ChatChannel::State::Connecting:
        setConnectionText(d->lastError.isEmpty() ? tr("Connecting…")
                                                 : tr("Error: %1 · trying again…").arg(d->lastError),
                          Tone::Busy);
        break;
    case ChatChannel::State::Connected:
        d->retryNow->hide();
        setConnectionText(tr("Connected"), Tone::Busy);
        break;
    case ChatChannel::State::Reconnecting:
        // The channel retries by itself with its backoff; "Retry now" does not wait for it.
        d->retryNow->show();
        setConnectionText(d->lastError.isEmpty() ? tr("Reconnecting…")
                                                 : tr("Error: %1 · reconnecting…").arg(d->lastError),
                          Tone::Busy);
        break;
    }
    updateIndicators();
}

void ChatWidget::scheduleReconnect()
{
    // REST and callback have no connection of their own to keep: after a failure the health route is
    // asked again, 1 s, 2 s, 4 s… up to 30 s later; what was queued goes out once it answers.
    if (d->reconnect->isActive())
        return;
    d->reconnect->start(d->reconnectDelayMs);
    d->retryNow->show();
    setConnectionText(reconnectText(), Tone::Bad);
    d->reconnectDelayMs = std::min(d->reconnectDelayMs * 2, kReconnectMaxMs);
}

QString ChatWidget::reconnectText() const
{
    const double seconds = d->reconnect->interval() / 1000.0;
    return d->lastError.isEmpty() ? tr("Not connected · trying again in %1 s").arg(seconds)
                                  : tr("Error: %1 · trying again in %2 s").arg(d->lastError).arg(seconds);
}

void ChatWidget::openChannel()
{
    d->keepOpen = true;
    d->reconnect->stop();
    // Socket.IO's open() while it waits to reconnect tries at once.
    if (d->channel && (d->channel->state() == ChatChannel::State::Disconnected ||
                       d->channel->state() == ChatChannel::State::Reconnecting))
        d->channel->open();
}

void ChatWidget::closeChannel()
{
    d->keepOpen = false;
    d->reconnect->stop();
    d->retryNow->hide();
    if (d->channel)
        d->channel->close();
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
    // A message that waits for a connection goes out once there is one: try now, not at the next backoff.
    if (d->keepOpen && d->channel->state() == ChatChannel::State::Disconnected)
        openChannel();
    const QString id = m.messageId;
    QTimer::singleShot(d->deliveryTimeoutMs, this, [this, id] {
        if (d->model->delivery(id) == TranscriptModel::Delivery::Submitted)
            d->model->fail(id, false); // the channel may still send it: a late ✓ still counts
    });
}

bool ChatWidget::retry(int row)
{
    const QModelIndex index = d->model->index(row);
    if (!d->channel || !index.isValid() ||
        index.data(TranscriptModel::DeliveryRole).value<TranscriptModel::Delivery>() !=
            TranscriptModel::Delivery::Failed)
        return false;
    UserMessage m = d->model->userMessage(row);
    if (!d->model->givenUp(row) && d->channel->state() != ChatChannel::State::Connected) {
        // Not sent for want of a connection: the channel still holds it and sends it once open.
        d->model->resend(row, m.messageId);
        openChannel();
    } else {
        m.messageId = newSessionId();
        d->model->resend(row, m.messageId);
        d->channel->send(m);
        if (d->keepOpen && d->channel->state() == ChatChannel::State::Disconnected)
            openChannel();
    }
    const QString id = d->model->userMessage(row).messageId;
    QTimer::singleShot(d->deliveryTimeoutMs, this, [this, id] {
        if (d->model->delivery(id) == TranscriptModel::Delivery::Submitted)
            d->model->fail(id, false);
    });
    return true;
}

void ChatWidget::sendText(const QString &raw)
{
    // Only surrounding blank lines go: the text is sent as typed or pasted, however long.
    QString text = raw;
    while (!text.isEmpty() && text.back().isSpace())
        text.chop(1);
    while (!text.isEmpty() && text.front().isSpace())
        text.remove(0, 1);
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
    const auto chips = d->delegate->chips(d->view->itemOption(index), index);
    if (button < 0 || button >= chips.size())
        return false;
    pressChip(row, chips.at(button).title, chips.at(button).payload);
    return true;
}

void ChatWidget::pressChip(int row, const QString &title, const QString &payload)
{
    UserMessage m;
    m.text = payload;
    send(m, title);
    d->model->disableButtons(row);
}

void ChatWidget::onBotMessage(const BotMessage &message)
{
    ++d->botMessages;
    d->model->appendBot(message);
}

void ChatWidget::awaitCallback(const QString &messageId)
{
    // The callback webhook accepted the message; the replies come as POSTs to our receiver, which only
    // works if the server's `callback: url:` points at it. Say so when none arrives.
    QTimer::singleShot(d->callbackTimeoutMs, this, [this, messageId, before = d->botMessages] {
        auto *callback = qobject_cast<CallbackChannel *>(d->channel.data());
        if (!callback || d->botMessages != before ||
            d->model->delivery(messageId) != TranscriptModel::Delivery::ReachedServer)
            return;
        d->model->appendSystem(
            tr("No reply has reached the callback receiver at %1 within %2 s. The server posts replies to "
               "the "
               "`callback: url:` of its credentials.yml: start rasa-chat with --receiver-port set to that "
               "url's port (or set the receiver port of the profile).")
                .arg(callback->receiverUrl().toString())
                .arg(d->callbackTimeoutMs / 1000.0));
        setConnectionText(sessionText() + tr(" · no reply received"), Tone::Bad);
    });
}

void ChatWidget::onError(const ChannelError &error)
{
    d->lastError = error.message;
    if (!error.messageId.isEmpty()) {
        // A connection failure leaves the message with the channel, which sends it once connected;
        // any other failure (an HTTP error, a bad reply) ends it: Retry sends it anew.
        d->model->fail(error.messageId, error.kind != ChannelError::Kind::Connection);
    }
    d->model->appendSystem(error.message);
    if (d->reconnect->isActive())
        setConnectionText(reconnectText(), Tone::Bad);
    else if (d->channel && d->channel->state() != ChatChannel::State::Reconnecting)
        setConnectionText(tr("Error: %1").arg(error.message), Tone::Bad);
}

void ChatWidget::updateIndicators()
{
    const bool connected = d->channel && (d->channel->state() == ChatChannel::State::Connected);
    d->typing->setVisible(connected && d->model->awaitingReply());
}

void ChatWidget::placeJumpButton()
{
    const QSize s = d->jump->sizeHint();
    const QRect r = d->view->viewport()->geometry();
    d->jump->setGeometry(r.right() - s.width() - 12, r.bottom() - s.height() - 8, s.width(), s.height());
    d->jump->raise();
}

bool ChatWidget::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == d->view && event->type() == QEvent::Resize) {
        placeJumpButton();
        auto *resize = static_cast<QResizeEvent *>(event);
        if (resize->size().width() != resize->oldSize().width())
            d->relayout->start();
    }
    if (event->type() != QEvent::KeyPress)
        return QWidget::eventFilter(watched, event);
    auto *key = static_cast<QKeyEvent *>(event);
    if (watched == d->input) {
        if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
            if (key->modifiers() & Qt::ShiftModifier) {
                d->input->textCursor().insertText(QStringLiteral("\n"));
            } else {
                sendText(d->input->toPlainText());
            }
            return true;
        }
        // Up/Down walk the history while the composer holds one line; in several lines they move the cursor.
        if ((key->key() == Qt::Key_Up || key->key() == Qt::Key_Down) && !d->history.isEmpty() &&
            d->input->document()->blockCount() == 1 && key->modifiers() == Qt::NoModifier) {
            d->historyPos =
                std::clamp(d->historyPos + (key->key() == Qt::Key_Up ? -1 : 1), 0, int(d->history.size()));
            d->input->setPlainText(d->historyPos < d->history.size() ? d->history.at(d->historyPos)
                                                                     : QString());
            d->input->moveCursor(QTextCursor::End);
            return true;
        }
    }
    if (watched == d->view) {
        const QModelIndex current = d->view->currentIndex();
        if (key->matches(QKeySequence::Copy) && current.isValid()) {
            QApplication::clipboard()->setText(current.data(TranscriptModel::TextRole).toString());
            return true;
        }
        if (key->key() >= Qt::Key_1 && key->key() <= Qt::Key_9 && current.isValid())
            return pressButton(current.row(), key->key() - Qt::Key_1);
        // Left/Right scroll the cards of a carousel a card at a time.
        if ((key->key() == Qt::Key_Left || key->key() == Qt::Key_Right) && current.isValid() &&
            current.data(TranscriptModel::KindRole).value<TranscriptModel::Kind>() ==
                TranscriptModel::Kind::Carousel) {
            const int by = key->key() == Qt::Key_Right ? 1 : -1;
            const auto arrows = d->delegate->carousel(d->view->itemOption(current), current);
            if ((by > 0 ? arrows.next : arrows.previous).isNull())
                return true; // at that end already
            d->model->setData(current, current.data(TranscriptModel::CarouselOffsetRole).toInt() + by,
                              TranscriptModel::CarouselOffsetRole);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace RasaChat
