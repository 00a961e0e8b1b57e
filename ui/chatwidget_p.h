#pragma once

#include "client/chatchannel.h"

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
class MessageDelegate;
class TranscriptModel;
class TranscriptView;

// ChatWidget's state (see chatwidget.h).
class ChatWidgetPrivate
{
public:
    TranscriptModel *model = nullptr;
    ImageCache *images = nullptr;
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
    // Storage
    QPointer<ConversationStore> store;
    qint64 conversation = -1;
    QString session;
    QString server;
};

} // namespace RasaChat
