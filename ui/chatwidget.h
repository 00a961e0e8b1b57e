#pragma once

#include <QJsonValue>
#include <QWidget>
#include <memory>

class QLineEdit;
class QListView;

namespace rasachat {
class ChatChannel;
struct BotMessage;
struct ChannelError;
struct UserMessage;
} // namespace rasachat

namespace RasaChat {

class ChatWidgetPrivate;
class TranscriptModel;

// The embeddable chat: give it a ChatChannel (or a server URL and a channel kind) and add it to any
// layout. It shows the conversation as bubbles, sends what the user types (Enter; Up/Down walk the
// history), turns a click on a button or quick reply into the payload sent and its title shown, and
// tells the connection's state (connecting, connected, session confirmed, reconnecting, error + reason).
// Keyboard: in the transcript, keys 1-9 press the buttons of the selected message; Ctrl+C copies it.
class ChatWidget : public QWidget
{
    Q_OBJECT
public:
    explicit ChatWidget(QWidget *parent = nullptr);
    ~ChatWidget() override;

    // Uses `channel` (not owned) from now on; opens it if it is not open.
    void setChannel(rasachat::ChatChannel *channel);
    // Creates and owns a channel of `kind` (rest, callback, socketio) to `serverUrl`; returns false with
    // *error set when the kind is unknown.
    bool connectTo(const QUrl &serverUrl, const QString &kind, QString *error = nullptr);
    rasachat::ChatChannel *channel() const;

    TranscriptModel *transcript() const;
    QListView *transcriptView() const;
    QLineEdit *input() const;
    QString connectionText() const;
    // Metadata sent with every message (undefined: none), e.g. from a connection profile.
    void setDefaultMetadata(const QJsonValue &metadata);

public slots:
    void sendText(const QString &text);
    // Presses button `button` of the message in `row`: sends its payload, shows its title.
    bool pressButton(int row, int button);

signals:
    void connectionTextChanged(const QString &text);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void onBotMessage(const rasachat::BotMessage &message);
    void onError(const rasachat::ChannelError &error);
    void setConnectionText(const QString &text, const QString &tone);
    void send(const rasachat::UserMessage &message, const QString &shown);

    // The state lives behind a pointer so that the installed library can change it without breaking
    // applications built against an earlier version.
    std::unique_ptr<ChatWidgetPrivate> d;
};

} // namespace RasaChat
