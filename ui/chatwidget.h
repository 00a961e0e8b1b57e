#pragma once

#include "client/chatchannel.h"

#include <QJsonValue>
#include <QPointer>
#include <QWidget>
#include <memory>

class QLabel;
class QLineEdit;
class QListView;
class QPushButton;

namespace RasaChat {

class ImageCache;
class MessageDelegate;
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
    rasachat::ChatChannel *channel() const { return m_channel; }

    TranscriptModel *transcript() const { return m_model; }
    QListView *transcriptView() const { return m_view; }
    QLineEdit *input() const { return m_input; }
    QString connectionText() const;
    // Metadata sent with every message (undefined: none), e.g. from a connection profile.
    void setDefaultMetadata(const QJsonValue &metadata) { m_metadata = metadata; }

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

    TranscriptModel *m_model;
    ImageCache *m_images;
    MessageDelegate *m_delegate;
    QListView *m_view;
    QLineEdit *m_input;
    QPushButton *m_send;
    QLabel *m_status;
    QPointer<rasachat::ChatChannel> m_channel;
    std::unique_ptr<rasachat::ChatChannel> m_ownedChannel;
    QStringList m_history;
    int m_historyPos = 0;
    QString m_connectionText;
    QJsonValue m_metadata = QJsonValue::Undefined;
};

} // namespace RasaChat
