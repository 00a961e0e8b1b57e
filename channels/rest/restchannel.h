#pragma once

#include "../webhook/webhookchannel.h"

namespace rasachat {

struct RestChannelOptions
{
    QUrl serverUrl;                               // e.g. http://127.0.0.1:5005
    QString senderId;                             // empty: a fresh id
    qint64 maxReplyBytes = kDefaultMaxReplyBytes; // a longer answer is refused unread; 0: no limit
    int timeoutMs = 0;   // each answer complete within this, reading included; 0: no deadline
    TlsOptions tls = {}; // for an https:// server
};

// The client of Rasa's REST channel: each user message is one POST to /webhooks/rest/webhook and its
// answer is the list of the bot's messages.
class RestChannel : public WebhookChannel
{
    Q_OBJECT
public:
    explicit RestChannel(const RestChannelOptions &options, QObject *parent = nullptr);

    QString kindName() const override { return QStringLiteral("rest"); }
    bool repliesCompleteOnDelivery() const override { return true; }

private:
    void handleAnswer(const HttpTrafficClient::Result &answer, const QString &messageId) override;
};

// Parses a REST reply body: a JSON list of message objects. On failure returns false with *error set.
bool parseBotMessageList(const QByteArray &body, QList<BotMessage> *out, QString *error);

// What a REST client does with a 200 answer to message `messageId`: `channel` emits botMessage() for each
// message in it and then messageDelivered(), or errorOccurred() when the body is not a list of messages.
void deliverRestReply(ChatChannel *channel, const QByteArray &body, const QString &messageId);

} // namespace rasachat
