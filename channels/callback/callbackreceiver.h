#pragma once

#include "../client/chatchannel.h"
#include "../http/httpserver.h"

namespace rasachat {

// The local HTTP endpoint Rasa's callback channel POSTs bot messages to (the `callback: url:` of the
// server's credentials.yml). It accepts any path, one message object or a list of them per request
// (Rasa sends one; its docs show a list), and hands each message on with its recipient_id, so that
// several CallbackChannels (one per sender) can share one receiver port.
class CallbackReceiver : public QObject
{
    Q_OBJECT
public:
    explicit CallbackReceiver(QObject *parent = nullptr);

    // On failure returns false with a one-line reason in *error. Listening again is a no-op.
    bool listen(const QHostAddress &host, quint16 port, QString *error);
    bool isListening() const { return m_server.isListening(); }
    void close() { m_server.close(); }
    // Where it listens, e.g. http://127.0.0.1:5055/.
    QUrl url() const;

signals:
    void botMessage(const rasachat::BotMessage &message); // recipientId says whose it is
    void traffic(const rasachat::WireRecord &record);
    void badCallback(const rasachat::ChannelError &error);

private:
    void receive(const HttpRequest &request, HttpResponder *responder);
    void reportOversized(const HttpRequest &request);

    HttpServer m_server;
};

} // namespace rasachat
