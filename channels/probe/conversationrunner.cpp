#include "conversationrunner.h"

#include "../message/jsonwriter.h"

namespace rasachat {

ConversationRunner::ConversationRunner(const ConversationScript &script, const Conversation &conversation,
                                       const ChannelSettings &settings, const ApiSettings &api, int timeoutMs,
                                       QObject *parent)
    : QObject(parent), m_file(script.fileName), m_conversation(conversation), m_settings(settings),
      m_timeoutMs(timeoutMs), m_api(api)
{
    m_settings.reconnect = false;
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &ConversationRunner::onTimeout);
    m_serverTimer.setSingleShot(true);
    connect(&m_serverTimer, &QTimer::timeout, this, &ConversationRunner::onServerTimeout);
    m_pollTimer.setSingleShot(true);
    connect(&m_pollTimer, &QTimer::timeout, this, &ConversationRunner::pollTurn);
    if (m_api.enabled() && !m_conversation.apiSteps().isEmpty())
        m_tracker = new TrackerClient(m_api, this);
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
        // An error about a message (refused, cut off) belongs to the step that sent it: messages are
        // answered in order, so it is the oldest one unanswered.
        const ScriptStep *step = !e.messageId.isEmpty() && !m_unanswered.isEmpty() ? m_unanswered.head()
                                 : m_step < m_conversation.steps.size() ? &m_conversation.steps[m_step]
                                                                        : nullptr;
        fail(step, e.message, unreachable);
    });
    connect(m_channel.get(), &ChatChannel::messageDelivered, this, &ConversationRunner::onDelivered);
    connect(
        m_channel.get(), &ChatChannel::sessionConfirmed, this, [this](const QString &id) { onSession(id); },
        Qt::SingleShotConnection);
    // A server that accepts the connection and never answers must not hold the run: a first `bot:` step's
    // own timeout only starts once the session is there.
    m_serverTimer.start(m_timeoutMs);
    m_channel->open();
}

QString noAnswerWithin(const QUrl &server, int timeoutMs, const QString &waitingFor)
{
    return QStringLiteral("no answer from %1 within %2 ms (%3)")
        .arg(server.toString(QUrl::RemovePath | QUrl::RemoveQuery))
        .arg(timeoutMs)
        .arg(waitingFor);
}

void ConversationRunner::onDelivered()
{
    if (m_done || m_unanswered.isEmpty())
        return;
    m_unanswered.dequeue();
    if (!m_unanswered.isEmpty())
        return m_serverTimer.start(m_timeoutMs); // the next message has its own time
    m_serverTimer.stop();
    if (m_draining) {
        m_draining = false;
        advance();
    }
}

void ConversationRunner::onServerTimeout()
{
    if (m_unanswered.isEmpty()) {
        const ScriptStep *waiting =
            m_step < m_conversation.steps.size() ? &m_conversation.steps[m_step] : nullptr;
        return fail(waiting,
                    noAnswerWithin(m_settings.serverUrl, m_timeoutMs,
                                   QStringLiteral("opening the %1 session").arg(m_settings.kind)),
                    true, true);
    }
    fail(m_unanswered.head(),
         noAnswerWithin(m_settings.serverUrl, m_timeoutMs, QStringLiteral("the answer to this message")),
         true, true);
}

void ConversationRunner::sent(const ScriptStep *step)
{
    m_unanswered.enqueue(step);
    if (!m_serverTimer.isActive())
        m_serverTimer.start(m_timeoutMs);
}

QString noUserEvent(const QString &sender)
{
    return QStringLiteral(
               "the tracker of '%1' (Rasa's HTTP API) did not log this turn's user message within "
               "10000 ms (on socketio Rasa's sender is the session id only with session_persistence: "
               "true)")
        .arg(sender);
}

QString noTurnEnd()
{
    return QStringLiteral("the tracker did not log the end of this turn (action_listen) within 10000 ms");
}

QString notConfirmed(const ChatChannel &channel, int withinMs)
{
    return QStringLiteral("the server did not confirm this message (%1) within %2 ms")
        .arg(channel.deliveryConfirmation())
        .arg(withinMs);
}

void ConversationRunner::onSession(const QString &sender)
{
    m_serverTimer.stop();
    m_sender = sender;
    m_conversation = m_conversation.withSender(sender);
    if (!m_tracker)
        return advance();
    // The conversation's turns are counted from the user events its tracker already has (--sender reused).
    m_tracker->tracker(m_sender, [this](const QJsonObject &tracker, const QString &error) {
        if (m_done)
            return;
        if (!error.isEmpty())
            return fail(nullptr, error);
        m_baselineUsers = userEvents(tracker);
        advance();
    });
}

void ConversationRunner::verifyTurn(std::function<void()> then)
{
    m_afterVerify = std::move(then);
    m_verifyClock.start();
    pollTurn();
}

void ConversationRunner::pollTurn()
{
    const int turn = m_baselineUsers + m_turns;
    m_tracker->tracker(m_sender, [this, turn](const QJsonObject &tracker, const QString &error) {
        if (m_done)
            return;
        const ScriptStep *first = m_turnChecks.first();
        if (!error.isEmpty())
            return fail(first, error);
        const auto events = completedTurn(tracker, turn);
        if (!events) {
            if (m_verifyClock.elapsed() > 10'000)
                return fail(first, userEvents(tracker) < turn ? noUserEvent(m_sender) : noTurnEnd());
            m_pollTimer.start(100);
            return;
        }
        QStringList names, setSlots;
        QList<QJsonObject> slotEvents;
        for (const QJsonValue &v : *events) {
            const QJsonObject e = v.toObject();
            if (e.value(u"event").toString() == u"bot")
                names << e.value(u"metadata")
                             .toObject()
                             .value(u"utter_action")
                             .toString(QStringLiteral("(no name)"));
            if (e.value(u"event").toString() == u"slot") {
                slotEvents << e;
                setSlots << QStringLiteral("%1 = %2").arg(
                    e.value(u"name").toString(),
                    QString::fromUtf8(JsonWriter::encode(e.value(u"value"), JsonStyle::Compact)));
            }
        }
        record(QStringLiteral("tracker"),
               QStringLiteral("responses [%1], slots set [%2]").arg(names.join(u", "), setSlots.join(u", ")));
        QStringList unused = names;
        for (const ScriptStep *s : std::as_const(m_turnChecks)) {
            if (s->kind == ScriptStep::Kind::Bot) {
                if (!unused.removeOne(*s->expect.utter))
                    return fail(s, QStringLiteral("expected utter %1, got %2")
                                       .arg(*s->expect.utter, names.isEmpty() ? QStringLiteral("no response")
                                                                              : names.join(u", ")));
                continue;
            }
            const bool wanted = s->kind == ScriptStep::Kind::SlotWasSet;
            for (const SlotExpectation &slot : s->slotChecks) {
                const bool set = std::any_of(slotEvents.begin(), slotEvents.end(), [&](const QJsonObject &e) {
                    return e.value(u"name").toString() == slot.name &&
                           (!slot.value || e.value(u"value") == *slot.value);
                });
                if (set != wanted)
                    return fail(
                        s,
                        QStringLiteral("expected %1 %2, got %3")
                            .arg(wanted ? QStringLiteral("slot_was_set") : QStringLiteral("slot_was_not_set"),
                                 slot.describe(),
                                 setSlots.isEmpty() ? QStringLiteral("no slot set")
                                                    : QStringLiteral("slots set: ") + setSlots.join(u", ")));
            }
        }
        m_turnChecks.clear();
        const auto then = std::move(m_afterVerify);
        then();
    });
}

void ConversationRunner::advance()
{
    while (!m_done && m_step < m_conversation.steps.size()) {
        const ScriptStep &step = m_conversation.steps[m_step];
        switch (step.kind) {
        case ScriptStep::Kind::User: {
            if (m_tracker && !m_turnChecks.isEmpty())
                return verifyTurn([this] { advance(); });
            UserMessage m;
            m.text = step.text;
            m.metadata = step.metadata;
            if (strayMessage(&step, QStringLiteral("before this step")))
                return;
            record(QStringLiteral("user"), m.text);
            m_channel->send(m);
            sent(&step);
            ++m_step;
            ++m_turns;
            break;
        }
        case ScriptStep::Kind::Click: {
            if (m_tracker && !m_turnChecks.isEmpty())
                return verifyTurn([this] { advance(); });
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
            sent(&step);
            ++m_step;
            ++m_turns;
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
                if (step.expect.utter)
                    m_turnChecks << &step;
                ++m_step;
            }
            break;
        case ScriptStep::Kind::SlotWasSet:
        case ScriptStep::Kind::SlotWasNotSet:
            // checked through Rasa's HTTP API when the turn is over; without it the conversation is skipped
            m_turnChecks << &step;
            ++m_step;
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
    if (!m_unanswered.isEmpty()) {
        // Not a pass before the server has answered every message (onDelivered() comes back here).
        m_draining = true;
        return;
    }
    if (m_tracker && !m_turnChecks.isEmpty())
        return verifyTurn([this] { advance(); });
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

void ConversationRunner::fail(const ScriptStep *step, const QString &why, bool unreachable, bool timedOut)
{
    const int line = step ? step->line : m_conversation.line;
    finish(false, QStringLiteral("%1:%2: %3").arg(m_file).arg(line).arg(why), unreachable, timedOut);
}

void ConversationRunner::finish(bool passed, const QString &failure, bool unreachable, bool timedOut)
{
    if (m_done)
        return;
    m_done = true;
    m_timer.stop();
    m_serverTimer.stop();
    m_pollTimer.stop();
    if (m_channel) {
        m_channel->disconnect(this);
        m_channel->close();
    }
    ConversationResult result{m_conversation.name, passed,   unreachable,  {},      {}, failure,
                              m_clock.elapsed(),   m_sender, m_transcript, timedOut};
    const auto unchecked = m_api.enabled() ? QList<const ScriptStep *>() : m_conversation.apiSteps();
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
