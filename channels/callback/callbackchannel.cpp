#include "callbackchannel.h"

namespace rasachat {

CallbackChannel::CallbackChannel(const CallbackChannelOptions &options, QObject *parent)
    : WebhookChannel(QStringLiteral("callback"), options.serverUrl, options.senderId, parent),
      m_options(options), m_receiver(options.receiver)
{
    setReplyLimits(options.maxReplyBytes, options.timeoutMs);
    setTls(options.tls);
    m_ownsReceiver = !m_receiver;
    if (m_ownsReceiver)
        m_receiver = std::make_shared<CallbackReceiver>();
    connect(m_receiver.get(), &CallbackReceiver::botMessage, this, &CallbackChannel::receive);
    connect(m_receiver.get(), &CallbackReceiver::traffic, this, &ChatChannel::traffic);
    connect(m_receiver.get(), &CallbackReceiver::badCallback, this, &ChatChannel::errorOccurred);
}

QUrl CallbackChannel::receiverUrl() const
{
    return m_receiver->url();
}

bool CallbackChannel::listen(QString *error)
{
    if (m_receiver->isListening())
        return true;
    if (!m_receiver->listen(m_options.receiverHost, m_options.receiverPort, error))
        return false;
    // Keep the port: the server's callback url points here, also after a close() and open().
    m_options.receiverPort = quint16(m_receiver->url().port());
    return true;
}

void CallbackChannel::open()
{
    if (state() != State::Disconnected)
        return;
    QString why;
    if (!listen(&why)) {
        emit errorOccurred(ChannelError{ChannelError::Kind::Configuration, why, why, {}});
        return;
    }
    WebhookChannel::open();
}

void CallbackChannel::close()
{
    WebhookChannel::close();
    if (m_ownsReceiver)
        m_receiver->close();
}

void CallbackChannel::handleAnswer(const HttpTrafficClient::Result &answer, const QString &messageId)
{
    if (answer.body != "success") {
        emit errorOccurred(
            ChannelError{ChannelError::Kind::Protocol,
                         QStringLiteral("the callback webhook answered %1 instead of \"success\"")
                             .arg(errorTextFromBody(answer.body)),
                         QString::fromUtf8(answer.body), messageId});
        return;
    }
    emit messageDelivered(messageId);
}

void CallbackChannel::receive(const BotMessage &message)
{
    if (message.recipientId == senderId())
        emit botMessage(message);
}

} // namespace rasachat
