#include "conversationrunner.h"

#include "../message/jsonwriter.h"

namespace rasachat {

ConversationRunner::ConversationRunner(const ConversationScript &script, const Conversation &conversation,
                                       const ChannelSettings &settings, QObject *parent)
    : QObject(parent), m_file(script.fileName), m_conversation(conversation), m_settings(settings)
{
    m_settings.senderId.clear(); // every conversation is a new one
    m_settings.reconnect = false;
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &ConversationRunner::onTimeout);
}

ConversationRunner::~ConversationRunner() = default;

void ConversationRunner::start()
{
    m_clock.start();
    QString error;
    m_channel = makeChannel(m_settings, &error);
    if (!m_channel)
        return finish(false, error, true);
    connect(m_channel.get(), &ChatChannel::botMessage, this, &ConversationRunner::onBotMessage);
    connect(m_channel.get(), &ChatChannel::errorOccurred, this, [this](const ChannelError &e) {
        const bool unreachable = e.kind == ChannelError::Kind::Connection && m_step == 0 && m_inbox.isEmpty();
        fail(m_step < m_conversation.steps.size() ? &m_conversation.steps[m_step] : nullptr, e.message,
             unreachable);
    });
    connect(m_channel.get(), &ChatChannel::sessionConfirmed, this, &ConversationRunner::advance,
            Qt::SingleShotConnection);
    m_channel->open();
}

void ConversationRunner::advance()
{
    while (!m_done && m_step < m_conversation.steps.size()) {
        const ScriptStep &step = m_conversation.steps[m_step];
        switch (step.kind) {
        case ScriptStep::Kind::User: {
            UserMessage m;
            m.text = step.text;
            m.metadata = step.metadata;
            m_channel->send(m);
            ++m_step;
            break;
        }
        case ScriptStep::Kind::Click: {
            const auto button = std::find_if(m_lastButtons.begin(), m_lastButtons.end(),
                                             [&](const Button &b) { return b.title == step.text; });
            if (button == m_lastButtons.end())
                return fail(&step, QStringLiteral("no button titled \"%1\" in the last message with buttons")
                                       .arg(step.text));
            UserMessage m;
            m.text = button->payload.isEmpty() ? button->title : button->payload;
            m_channel->send(m);
            ++m_step;
            break;
        }
        case ScriptStep::Kind::Bot:
            if (m_inbox.isEmpty()) {
                m_waiting = true;
                m_timer.start(step.timeoutMs);
                return;
            } else {
                const BotMessage got = m_inbox.dequeue();
                const QString why = step.expect.mismatch(got);
                if (!why.isEmpty())
                    return fail(&step, why);
                ++m_step;
            }
            break;
        case ScriptStep::Kind::Silence:
            if (!m_inbox.isEmpty())
                return fail(&step, QStringLiteral("expected no answer, got %1")
                                       .arg(QString::fromUtf8(m_inbox.head().raw.isEmpty()
                                                                  ? m_inbox.head().toWire(JsonStyle::Compact)
                                                                  : m_inbox.head().raw)));
            m_waiting = true;
            m_timer.start(step.timeoutMs);
            return;
        }
    }
    if (!m_done)
        finish(true, {});
}

void ConversationRunner::onBotMessage(const BotMessage &message)
{
    if (m_done)
        return;
    if ((message.buttons && !message.buttons->isEmpty()) ||
        (message.quickReplies && !message.quickReplies->isEmpty()))
        m_lastButtons = message.quickReplies && !message.quickReplies->isEmpty() ? *message.quickReplies
                                                                                 : *message.buttons;
    m_inbox.enqueue(message);
    if (m_waiting) {
        m_waiting = false;
        m_timer.stop();
        advance();
    }
}

void ConversationRunner::onTimeout()
{
    m_waiting = false;
    const ScriptStep &step = m_conversation.steps[m_step];
    if (step.kind == ScriptStep::Kind::Silence) {
        ++m_step;
        return advance();
    }
    fail(&step, QStringLiteral("expected %1 within %2 ms, got nothing")
                    .arg(step.expect.describe())
                    .arg(step.timeoutMs));
}

void ConversationRunner::fail(const ScriptStep *step, const QString &why, bool unreachable)
{
    const int line = step ? step->line : m_conversation.line;
    finish(false, QStringLiteral("%1:%2: %3").arg(m_file).arg(line).arg(why), unreachable);
}

void ConversationRunner::finish(bool passed, const QString &failure, bool unreachable)
{
    if (m_done)
        return;
    m_done = true;
    m_timer.stop();
    if (m_channel) {
        m_channel->disconnect(this);
        m_channel->close();
    }
    emit finished(ConversationResult{m_conversation.name, passed, unreachable, failure, m_clock.elapsed()});
}

} // namespace rasachat
