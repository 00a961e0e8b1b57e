#include "chatchannel.h"

#include <QUuid>

namespace rasachat {

void ChatChannel::setState(State state)
{
    if (state == m_state)
        return;
    m_state = state;
    emit stateChanged(state);
}

QString channelStateName(ChatChannel::State state)
{
    switch (state) {
    case ChatChannel::State::Disconnected:
        return QStringLiteral("disconnected");
    case ChatChannel::State::Connecting:
        return QStringLiteral("connecting");
    case ChatChannel::State::Connected:
        return QStringLiteral("connected");
    case ChatChannel::State::Reconnecting:
        return QStringLiteral("reconnecting");
    }
    return {};
}

UserMessage ChatChannel::addressed(const UserMessage &message, const QString &sender)
{
    UserMessage m = message;
    if (m.senderId.isEmpty())
        m.senderId = sender;
    if (m.messageId.isEmpty())
        m.messageId = newSessionId();
    return m;
}

QString newSessionId()
{
    return QUuid::createUuid().toString(QUuid::Id128);
}

} // namespace rasachat
