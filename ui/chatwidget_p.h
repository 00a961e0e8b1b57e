#pragma once

#include "chatwidget.h"
#include "client/chatchannel.h"
#include "conversationstore.h"
#include "transcriptview.h"

#include <QJsonValue>
#include <QPointer>
#include <QStringList>
#include <memory>

class QLabel;
class QListView;
class QPlainTextEdit;
class QPushButton;
class QTimer;

namespace RasaChat {

class ConversationStore;
class ImageCache;
class LinkOpener;
class MessageDelegate;
class TranscriptModel;
class TranscriptView;

// ChatWidget's state (see chatwidget.h), and what the desktop window and the tests use beyond the public
// API: the inner widgets, any ChatChannel, the conversation store. Not installed.
class ChatWidgetPrivate
{
public:
    static ChatWidgetPrivate *get(const ChatWidget *widget) { return widget->d.get(); }
    static TranscriptModel *transcriptOf(const ChatWidget *widget) { return get(widget)->model; }
    static TranscriptView *transcriptViewOf(const ChatWidget *widget) { return get(widget)->view; }
    // The composer: the whole text is sent, however long.
    static QPlainTextEdit *inputOf(const ChatWidget *widget) { return get(widget)->input; }
    static rasachat::ChatChannel *channelOf(const ChatWidget *widget) { return get(widget)->channel; }
    // Uses `channel` (not owned) from now on, opening it if it is not open; a channel the widget made
    // with connectTo() is closed and deleted.
    static void setChannel(ChatWidget *widget, rasachat::ChatChannel *channel)
    {
        widget->setChannel(channel);
    }
    // Keeps every message in `store` (not owned) as it arrives, and shows the stored conversation of the
    // session the channel confirms. nullptr: nothing is kept.
    static void setStore(ChatWidget *widget, ConversationStore *store) { widget->setStore(store); }
    static ConversationStore *storeOf(const ChatWidget *widget) { return get(widget)->store; }
    // The server the stored conversations are filed under (connectTo() sets it).
    static void setServerName(ChatWidget *widget, const QString &server) { get(widget)->server = server; }
    // The stored conversation being written (-1: none yet).
    static qint64 conversationIdOf(const ChatWidget *widget) { return get(widget)->conversation; }

    TranscriptModel *model = nullptr;
    ImageCache *images = nullptr;
    LinkOpener *links = nullptr;
    MessageDelegate *delegate = nullptr;
    TranscriptView *view = nullptr;
    QPlainTextEdit *input = nullptr;
    QPushButton *send = nullptr;
    QLabel *status = nullptr;
    QPushButton *retryNow = nullptr; // while a lost connection waits to be opened again
    QLabel *typing = nullptr;        // "bot is typing…"
    QPushButton *jump = nullptr;     // "new messages" when scrolled up
    QTimer *reconnect = nullptr;
    QTimer *relayout = nullptr; // after the view's width changed
    QPointer<rasachat::ChatChannel> channel;
    std::unique_ptr<rasachat::ChatChannel> ownedChannel;
    QStringList history;
    int historyPos = 0;
    QString connectionText;
    QString lastError; // the reason of the last failure, until a session is confirmed
    QJsonValue metadata = QJsonValue::Undefined;
    int deliveryTimeoutMs = 30'000;
    int callbackTimeoutMs = 10'000;
    int botMessages = 0; // received so far, to tell whether a callback came
    int reconnectFirstMs = 1000;
    int reconnectDelayMs = 1000;
    bool keepOpen = true; // the user wants the channel open (a lost connection is retried)
    bool follow = true;   // the view shows the newest message and keeps doing so
    bool adjusting = false;
    bool clamped = false; // the range shrank under the value: the next value change is Qt's
    // Storage
    QPointer<ConversationStore> store;
    qint64 conversation = -1;
    QString session;
    QString server;
};

} // namespace RasaChat
