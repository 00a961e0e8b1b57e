#pragma once

#include "../webhook/webhookchannel.h"
#include "callbackreceiver.h"

#include <memory>

namespace rasachat {

struct CallbackChannelOptions
{
    QUrl serverUrl;   // e.g. http://127.0.0.1:5005
    QString senderId; // empty: a fresh id
    QHostAddress receiverHost = QHostAddress::LocalHost;
    quint16 receiverPort = 0; // 0: any free port
    // A receiver shared with other channels (one per sender, e.g. rasa-probe test --jobs); null: its own.
    std::shared_ptr<CallbackReceiver> receiver;
    qint64 maxReplyBytes = kDefaultMaxReplyBytes; // for the webhook's answer ("success")
    int timeoutMs = 0;                            // each webhook answer complete within this; 0: none
    TlsOptions tls = {}; // for an https:// server; the receiver is plain HTTP (the bot POSTs to it)
};

// The client of Rasa's callback channel: a user message is POSTed to /webhooks/callback/webhook
// (answered "success"), and the bot's messages arrive later as POSTs to a local receiver, which must
// be the `callback: url:` of the server's credentials.yml (CallbackReceiver). The channel keeps the
// messages whose recipient_id is its sender, so several channels may share one receiver.
class CallbackChannel : public WebhookChannel
{
    Q_OBJECT
public:
    explicit CallbackChannel(const CallbackChannelOptions &options, QObject *parent = nullptr);

    QString kindName() const override { return QStringLiteral("callback"); }
    QString deliveryConfirmation() const override { return QStringLiteral("the webhook's \"success\""); }
    void open() override;
    void close() override;

    // Starts the receiver (open() does it too), so that its URL can be configured on the server first.
    // On failure returns false with a one-line reason in *error.
    bool listen(QString *error);
    // Where the receiver listens once listening, e.g. http://127.0.0.1:5055/.
    QUrl receiverUrl() const;

private:
    void handleAnswer(const HttpTrafficClient::Result &answer, const QString &messageId) override;
    void receive(const BotMessage &message);

    CallbackChannelOptions m_options;
    std::shared_ptr<CallbackReceiver> m_receiver;
    bool m_ownsReceiver = false;
};

} // namespace rasachat
