#pragma once

#include "connectionoptions.h"
#include "rasachat_widget_export.h"

#include <QJsonValue>
#include <QWidget>
#include <memory>

class QAbstractItemModel;

namespace rasachat {
class ChatChannel;
struct BotMessage;
struct ChannelError;
struct UserMessage;
} // namespace rasachat

namespace RasaChat {

class ChatWidgetPrivate;
class ConversationStore;

// The embeddable chat (the installed library's public API, docs/embedding.md): give it a server URL and
// a channel kind and add it to any layout. It shows the conversation as bubbles, sends what the user types
// (Enter; Shift+Enter starts a new line; Up/Down walk the history), turns a click on a button or quick reply
// into the payload sent and its title shown, and tells the connection's state (connecting, connected, session
// confirmed, reconnecting, error + reason). A message the server has not accepted within the delivery timeout
// is marked "not sent" with a Retry; a REST or callback connection that was lost is opened again by itself,
// with a growing delay, and "Retry now" tries at once. Keyboard: in the transcript, keys 1-9 press the
// buttons of the selected message; Ctrl+C copies it.
class RASACHAT_WIDGET_EXPORT ChatWidget : public QWidget
{
    Q_OBJECT
public:
    explicit ChatWidget(QWidget *parent = nullptr);
    ~ChatWidget() override;

    // Creates and owns a channel of `kind` (rest, callback, socketio) to `serverUrl`, replacing (and
    // closing) the one before; returns false with *error set when the kind is unknown.
    bool connectTo(const QUrl &serverUrl, const QString &kind, QString *error = nullptr);
    // The same with everything credentials.yml may set for the channel (a JWT, event names, ...).
    bool connectTo(const ConnectionOptions &options, QString *error = nullptr);

    // The conversation, one row per message, oldest first; Qt::DisplayRole is the message's text. For an
    // application that wants to watch it (read-only).
    QAbstractItemModel *transcript() const;
    QString connectionText() const;
    // Metadata sent with every message (undefined: none), e.g. from a connection profile.
    void setDefaultMetadata(const QJsonValue &metadata);
    // How long a message may wait for the server's acknowledgement before it is marked "not sent"
    // (default 30 s).
    void setDeliveryTimeout(int ms);
    // Callback channel: how long after the server accepted a message a reply is awaited before the
    // window says none reached the receiver (default 10 s).
    void setCallbackTimeout(int ms);
    // The first delay before a lost REST/callback connection is opened again; it doubles up to 30 s.
    void setReconnectDelay(int ms);
    // Starts a new conversation for the next session: the transcript is emptied.
    void startNewConversation();

public slots:
    void sendText(const QString &text);
    // Presses button `button` of the message in `row`: sends its payload, shows its title.
    bool pressButton(int row, int button);
    // Sends the failed user message in `row` again; false if it had not failed.
    bool retry(int row);
    // Opens the channel now and keeps it open (a lost REST/callback connection is retried).
    void openChannel();
    // Closes the channel and leaves it closed.
    void closeChannel();

signals:
    void connectionTextChanged(const QString &text);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    // The desktop window and the tests reach the rest through ChatWidgetPrivate (chatwidget_p.h).
    friend class ChatWidgetPrivate;
    enum class Tone { Neutral, Good, Busy, Bad };

    void setChannel(rasachat::ChatChannel *channel);
    void setStore(ConversationStore *store);
    void onBotMessage(const rasachat::BotMessage &message);
    void onError(const rasachat::ChannelError &error);
    void onStateChanged();
    void onSessionConfirmed(const QString &sessionId);
    void setConnectionText(const QString &text, Tone tone);
    void send(const rasachat::UserMessage &message, const QString &shown);
    void pressChip(int row, const QString &title, const QString &payload);
    void scheduleReconnect();
    void storeRows(int first, int last);
    void awaitCallback(const QString &messageId);
    void updateIndicators();
    void placeJumpButton();
    QString sessionText() const;
    QString reconnectText() const;

    Q_DISABLE_COPY_MOVE(ChatWidget)
    // The state lives behind a pointer so that the installed library can change it without breaking
    // applications built against an earlier version.
    std::unique_ptr<ChatWidgetPrivate> d;
};

} // namespace RasaChat
