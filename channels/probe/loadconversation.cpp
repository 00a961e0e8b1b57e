#include "loadconversation.h"

namespace rasachat {

LoadConversation::LoadConversation(const Conversation &conversation, const ChannelSettings &settings,
                                   int replyTimeoutMs, QObject *parent)
    : QObject(parent), m_conversation(conversation), m_settings(settings), m_replyTimeoutMs(replyTimeoutMs)
{
    m_settings.senderId.clear(); // every conversation is a new one
    m_settings.reconnect = false;
    m_settings.lean = true;
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &LoadConversation::onTimeout);
}

LoadConversation::~LoadConversation()
{
    if (m_channel)
        m_channel->disconnect(this);
}

void LoadConversation::start()
{
    m_clock.start();
    QString error;
    m_channel = makeChannel(m_settings, &error);
    if (!m_channel) {
        emit event(Event::Error, 0);
        return end(Outcome::Failed);
    }
    connect(m_channel.get(), &ChatChannel::botMessage, this, &LoadConversation::onBotMessage);
    connect(m_channel.get(), &ChatChannel::errorOccurred, this, [this](const ChannelError &) {
        if (m_done)
            return;
        emit event(Event::Error, 0);
        end(Outcome::Failed);
    });
    connect(
        m_channel.get(), &ChatChannel::sessionConfirmed, this,
        [this](const QString &session) {
            // As in `rasa-probe test`: ${sender} is the id this conversation's session was confirmed with.
            m_conversation = m_conversation.withSender(session);
            advance();
        },
        Qt::SingleShotConnection);
    m_channel->open();
}

void LoadConversation::abandon()
{
    m_done = true;
    m_timer.stop();
    if (m_channel) {
        m_channel->disconnect(this);
        m_channel->close();
    }
}

void LoadConversation::advance()
{
    while (!m_done && m_step < m_conversation.steps.size()) {
        const ScriptStep &step = m_conversation.steps[m_step];
        switch (step.kind) {
        case ScriptStep::Kind::User:
        case ScriptStep::Kind::Click: {
            UserMessage m;
            if (step.kind == ScriptStep::Kind::User) {
                m.text = step.text;
                m.metadata = step.metadata;
            } else {
                const auto button = std::find_if(m_lastButtons.begin(), m_lastButtons.end(),
                                                 [&](const Button &b) { return b.title == step.text; });
                if (button == m_lastButtons.end()) {
                    emit event(Event::Mismatch, 0);
                    return end(Outcome::Failed);
                }
                m.text = button->payload.isEmpty() ? button->title : button->payload;
            }
            ++m_step;
            const bool timed = m_step < m_conversation.steps.size() &&
                               m_conversation.steps[m_step].kind == ScriptStep::Kind::Bot;
            m_timedSentNs = timed ? m_clock.nsecsElapsed() : -1;
            emit event(Event::Sent, 0);
            m_channel->send(m);
            break;
        }
        case ScriptStep::Kind::Bot:
            if (m_inbox.isEmpty()) {
                m_waiting = true;
                // the first reply to a timed message within the load's timeout, the others within the step's
                m_timer.start(m_timedSentNs >= 0 ? m_replyTimeoutMs : step.timeoutMs);
                return;
            }
            if (!step.expect.mismatch(m_inbox.takeFirst()).isEmpty()) {
                emit event(Event::Mismatch, 0);
                return end(Outcome::Failed);
            }
            ++m_step;
            break;
        case ScriptStep::Kind::Silence:
            if (!m_inbox.isEmpty()) {
                emit event(Event::Mismatch, 0);
                return end(Outcome::Failed);
            }
            m_waiting = true;
            m_timer.start(step.timeoutMs);
            return;
        case ScriptStep::Kind::SlotWasSet:
        case ScriptStep::Kind::SlotWasNotSet:
            ++m_step; // load measures the channel; slots are for rasa-probe test --api-url
            break;
        }
    }
    if (!m_done)
        end(Outcome::Passed);
}

void LoadConversation::onBotMessage(const BotMessage &message)
{
    if (m_done)
        return;
    if (m_timedSentNs >= 0) {
        emit event(Event::Answered, (m_clock.nsecsElapsed() - m_timedSentNs) / 1000);
        m_timedSentNs = -1;
    }
    if (message.quickReplies && !message.quickReplies->isEmpty())
        m_lastButtons = *message.quickReplies;
    else if (message.buttons && !message.buttons->isEmpty())
        m_lastButtons = *message.buttons;
    m_inbox.append(message);
    if (m_waiting) {
        m_waiting = false;
        m_timer.stop();
        advance();
    }
}

void LoadConversation::onTimeout()
{
    m_waiting = false;
    if (m_conversation.steps[m_step].kind == ScriptStep::Kind::Silence) {
        ++m_step;
        return advance();
    }
    emit event(m_timedSentNs >= 0 ? Event::TimedOut : Event::Mismatch, 0);
    end(Outcome::Failed);
}

void LoadConversation::end(Outcome outcome)
{
    if (m_done)
        return;
    abandon();
    emit finished(outcome);
}

} // namespace rasachat
