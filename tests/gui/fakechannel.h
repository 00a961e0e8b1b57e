#pragma once

#include "client/chatchannel.h"

#include <QJsonDocument>
#include <QJsonObject>

// A ChatChannel with no server behind it, for the GUI tests: open() confirms a session at once, what
// the widget sends is recorded in `sent`, and the test plays the bot with reply() and ack().
// (No Q_OBJECT: it declares no signals or slots of its own.)
class FakeChannel : public rasachat::ChatChannel
{
public:
    explicit FakeChannel(const QString &session = QStringLiteral("fake-session")) : m_session(session) {}

    QString kindName() const override { return QStringLiteral("fake"); }
    void open() override
    {
        setSessionId(m_session);
        setState(State::Connected);
        emit sessionConfirmed(sessionId());
    }
    void close() override { setState(State::Disconnected); }
    void send(const rasachat::UserMessage &message) override { sent.append(message); }
    void reply(const QString &text) { emit botMessage(rasachat::BotMessage::textMessage(text)); }
    void reply(const rasachat::BotMessage &m) { emit botMessage(m); }
    void ack(const QString &messageId) { emit messageDelivered(messageId); }

    QList<rasachat::UserMessage> sent;

private:
    QString m_session;
};

// A bot message as Rasa sends it, from its JSON.
inline rasachat::BotMessage botFromJson(const char *json)
{
    return rasachat::BotMessage::fromJson(QJsonDocument::fromJson(json).object());
}
