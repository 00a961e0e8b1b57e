#include "conversationrunner.h"

#include "../message/jsonwriter.h"

namespace rasachat {

ConversationRunner::ConversationRunner(const ConversationScript &script, const Conversation &conversation,
                                       const ChannelSettings &settings, QObject *parent)
    : QObject(parent), m_file(script.fileName), m_conversation(conversation), m_settings(settings)
{
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
    connect(
        m_channel.get(), &ChatChannel::sessionConfirmed, this,
        [this](const QString &id) {
            m_sender = id;
            m_conversation = m_conversation.withSender(id);
            advance();
        },
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
            if (strayMessage(&step, QStringLiteral("before this step")))
                return;
            record(QStringLiteral("user"), m.text);
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
            if (strayMessage(&step, QStringLiteral("before this step")))
                return;
            record(QStringLiteral("click"), QStringLiteral("%1 (%2)").arg(step.text, m.text));
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
        case ScriptStep::Kind::SlotWasSet:
        case ScriptStep::Kind::SlotWasNotSet:
            ++m_step; // checked only through Rasa's HTTP API: the conversation is reported skipped
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
    if (m_done)
        return;
    if (m_conversation.strict) {
        const ScriptStep *last = &m_conversation.steps.last();
        if (strayMessage(last, QStringLiteral("after the last step")))
            return;
        m_finalQuiet = true;
        m_waiting = true;
        m_timer.start(kStrictQuietMs);
        return;
    }
    finish(true, {});
}

bool ConversationRunner::strayMessage(const ScriptStep *step, const QString &when)
{
    if (!m_conversation.strict || m_inbox.isEmpty())
        return false;
    const BotMessage &m = m_inbox.head();
    fail(step, QStringLiteral("strict: a bot message no step expected, %1: %2")
                   .arg(when, QString::fromUtf8(m.raw.isEmpty() ? m.toWire(JsonStyle::Compact) : m.raw)));
    return true;
}

void ConversationRunner::record(const QString &who, const QString &what)
{
    m_transcript << QStringLiteral("+%1 ms  %2: %3").arg(m_clock.elapsed()).arg(who, what);
}

void ConversationRunner::onBotMessage(const BotMessage &message)
{
    if (m_done)
        return;
    if ((message.buttons && !message.buttons->isEmpty()) ||
        (message.quickReplies && !message.quickReplies->isEmpty()))
        m_lastButtons = message.quickReplies && !message.quickReplies->isEmpty() ? *message.quickReplies
                                                                                 : *message.buttons;
    record(QStringLiteral("bot"),
           QString::fromUtf8(message.raw.isEmpty() ? message.toWire(JsonStyle::Compact) : message.raw));
    m_inbox.enqueue(message);
    if (m_finalQuiet) {
        strayMessage(&m_conversation.steps.last(), QStringLiteral("after the last step"));
        return;
    }
    if (m_waiting) {
        m_waiting = false;
        m_timer.stop();
        advance();
    }
}

void ConversationRunner::onTimeout()
{
    m_waiting = false;
    if (m_finalQuiet)
        return finish(true, {});
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
    ConversationResult result{m_conversation.name, passed,   unreachable, {}, {}, failure,
                              m_clock.elapsed(),   m_sender, m_transcript};
    const auto unchecked = m_conversation.apiSteps();
    if (passed && !unchecked.isEmpty()) {
        // A step that was not checked must never count as passed.
        QStringList where;
        for (const ScriptStep *s : unchecked)
            where << QStringLiteral("%1:%2").arg(m_file).arg(s->line);
        result.passed = false;
        result.skipped = true;
        result.skipReason = QStringLiteral("%1 step(s) need Rasa's HTTP API (--api-url): %2")
                                .arg(unchecked.size())
                                .arg(where.join(u", "));
    }
    emit finished(result);
}

} // namespace rasachat
