#include "e2erunner.h"

#include "../message/jsonwriter.h"

namespace rasachat {

namespace {

QString shown(const QJsonValue &v)
{
    return QString::fromUtf8(JsonWriter::encode(v, JsonStyle::Compact));
}

QString wireText(const BotMessage &m)
{
    return QString::fromUtf8(m.raw.isEmpty() ? m.toWire(JsonStyle::Compact) : m.raw);
}

} // namespace

E2ERunner::E2ERunner(const QString &fileName, const E2ETestCase &testCase, const ChannelSettings &settings,
                     const ApiSettings &api, int timeoutMs, QObject *parent)
    : QObject(parent), m_file(fileName), m_case(testCase), m_settings(settings), m_api(api),
      m_timeoutMs(timeoutMs)
{
    m_settings.reconnect = false;
    for (QTimer *t : {&m_deadline, &m_quietTimer, &m_serverTimer})
        t->setSingleShot(true);
    connect(&m_serverTimer, &QTimer::timeout, this, [this] {
        const bool session = m_sender.isEmpty();
        fail(m_inTurn                 ? m_case.steps[m_step].line
             : m_case.steps.isEmpty() ? m_case.line
                                      : m_case.steps.first().line,
             noAnswerWithin(m_settings.serverUrl, m_timeoutMs,
                            session ? QStringLiteral("opening the %1 session").arg(m_settings.kind)
                                    : QStringLiteral("the answer to this message")),
             true, true);
    });
    m_pollTimer.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, [this] { evaluate(true); });
    connect(&m_quietTimer, &QTimer::timeout, this, [this] {
        m_quiet = true;
        checkTurn();
    });
    connect(&m_pollTimer, &QTimer::timeout, this, &E2ERunner::poll);
}

E2ERunner::~E2ERunner() = default;

void E2ERunner::start()
{
    m_clock.start();
    if (!m_case.fixtureSlots.isEmpty() && !m_api.enabled())
        // Without its fixtures the test case would run against another conversation state.
        return finish(false, {});
    QString error;
    m_channel = makeChannel(m_settings, &error);
    if (!m_channel)
        return finish(false, error, true);
    if (m_api.enabled())
        m_tracker = new TrackerClient(m_api, this);
    connect(m_channel.get(), &ChatChannel::botMessage, this, &E2ERunner::onBotMessage);
    connect(m_channel.get(), &ChatChannel::errorOccurred, this, [this](const ChannelError &e) {
        const bool unreachable = e.kind == ChannelError::Kind::Connection && m_turns == 0;
        fail(m_inTurn || e.messageId == m_pendingId ? m_case.steps[m_step].line : m_case.line, e.message,
             unreachable);
    });
    connect(m_channel.get(), &ChatChannel::messageDelivered, this, [this](const QString &id) {
        if (id != m_pendingId || !m_inTurn)
            return;
        m_delivered = true;
        m_serverTimer.stop();
        if (!m_tracker && !m_channel->deliveryEndsTurn()) {
            // callback: the callbacks may come after "success"; the turn is over when they stop
            m_quiet = false;
            m_quietTimer.start(kQuietMs);
        }
        checkTurn();
    });
    connect(m_channel.get(), &ChatChannel::sessionConfirmed, this, &E2ERunner::onSession,
            Qt::SingleShotConnection);
    m_serverTimer.start(m_timeoutMs);
    m_channel->open();
}

void E2ERunner::onSession(const QString &sender)
{
    m_serverTimer.stop();
    m_sender = sender;
    if (!m_tracker)
        return startTurn();
    auto baseline = [this](const QJsonObject &tracker, const QString &error) {
        if (m_done)
            return;
        if (!error.isEmpty())
            return fail(m_case.line, error);
        m_baselineUsers = userEvents(tracker);
        startTurn();
    };
    if (m_case.fixtureSlots.isEmpty())
        return m_tracker->tracker(m_sender, baseline);
    // Rasa's set_up_fixtures: the slots are set on the conversation before its first message.
    QJsonArray events;
    for (const auto &[name, value] : m_case.fixtureSlots) {
        events.append(QJsonObject{{QStringLiteral("event"), QStringLiteral("slot")},
                                  {QStringLiteral("name"), name},
                                  {QStringLiteral("value"), value}});
        record(QStringLiteral("fixture"), QStringLiteral("%1 = %2").arg(name, shown(value)));
    }
    m_tracker->appendEvents(m_sender, events, baseline);
}

void E2ERunner::startTurn()
{
    if (m_done)
        return;
    if (m_step >= m_case.steps.size())
        return finish(true, {});
    const E2EStep &user = m_case.steps[m_step];
    m_turnEnd = m_step + 1;
    while (m_turnEnd < m_case.steps.size() && m_case.steps[m_turnEnd].kind != E2EStep::Kind::User)
        ++m_turnEnd;
    UserMessage m;
    m.text = Conversation::resolve(user.text, m_sender);
    if (!user.metadata.isEmpty())
        m.metadata = user.metadata;
    m.messageId = newSessionId();
    m_pendingId = m.messageId;
    m_messages.clear();
    m_turnEvents = {};
    m_inTurn = true;
    m_delivered = m_quiet = m_trackerDone = false;
    ++m_turns;
    record(QStringLiteral("user"), m.text);
    m_channel->send(m);
    m_deadline.start(kTurnTimeoutMs);
    m_serverTimer.start(m_timeoutMs);
    if (m_tracker)
        m_pollTimer.start(kPollMs);
}

void E2ERunner::poll()
{
    if (m_done || !m_inTurn || m_polling)
        return;
    m_polling = true;
    const int turn = m_turns;
    m_tracker->tracker(m_sender, [this, turn](const QJsonObject &tracker, const QString &error) {
        m_polling = false;
        if (m_done || turn != m_turns)
            return;
        if (!error.isEmpty())
            return fail(m_case.steps[m_step].line, error);
        // This turn's user event is the (baseline + turns)-th; the turn is over at its action_listen.
        const auto turnEvents = completedTurn(tracker, m_baselineUsers + m_turns);
        m_sawUserEvent = userEvents(tracker) >= m_baselineUsers + m_turns;
        if (!turnEvents) {
            m_pollTimer.start(kPollMs);
            return;
        }
        m_turnEvents = *turnEvents;
        m_trackerDone = true;
        checkTurn();
    });
}

void E2ERunner::checkTurn()
{
    if (m_done || !m_inTurn || !m_delivered)
        return;
    if (m_tracker) {
        if (!m_trackerDone)
            return;
        qsizetype botEvents = 0;
        for (const QJsonValue &e : std::as_const(m_turnEvents))
            botEvents += e.toObject().value(u"event").toString() == u"bot";
        // A channel may split one response into several messages (Rasa's text at blank lines), never fewer.
        if (m_messages.size() < botEvents)
            return;
        return evaluate(false);
    }
    // Never before the turn is over: a bot step found early would leave the turn's later messages to the
    // next turn, and that turn's steps would be checked against them.
    if (m_channel->deliveryEndsTurn() || m_quiet)
        evaluate(false);
}

void E2ERunner::evaluate(bool timedOut)
{
    if (m_done || !m_inTurn)
        return;
    m_inTurn = false;
    m_deadline.stop();
    m_quietTimer.stop();
    m_pollTimer.stop();
    if (!m_delivered)
        return fail(m_case.steps[m_step].line, notConfirmed(*m_channel, kTurnTimeoutMs));
    if (m_tracker && !m_trackerDone)
        return fail(m_case.steps[m_step].line, m_sawUserEvent ? noTurnEnd() : noUserEvent(m_sender));
    QList<bool> usedMessage(m_messages.size(), false);
    QStringList texts;
    for (const BotMessage &m : std::as_const(m_messages))
        texts << (m.text ? u'"' + *m.text + u'"' : wireText(m));
    QList<QJsonObject> bots, slotEvents;
    for (const QJsonValue &v : std::as_const(m_turnEvents)) {
        const QJsonObject e = v.toObject();
        if (e.value(u"event").toString() == u"bot")
            bots << e;
        else if (e.value(u"event").toString() == u"slot")
            slotEvents << e;
    }
    QList<bool> usedBot(bots.size(), false);
    QStringList names, setSlots;
    for (const QJsonObject &b : std::as_const(bots))
        names << b.value(u"metadata").toObject().value(u"utter_action").toString(QStringLiteral("(no name)"));
    for (const QJsonObject &s : std::as_const(slotEvents))
        setSlots << QStringLiteral("%1 = %2").arg(s.value(u"name").toString(), shown(s.value(u"value")));
    if (m_tracker)
        record(QStringLiteral("tracker"),
               QStringLiteral("responses [%1], slots set [%2]").arg(names.join(u", "), setSlots.join(u", ")));
    const QString within = timedOut ? QStringLiteral(" within %1 ms").arg(kTurnTimeoutMs) : QString();
    for (int i = m_step + 1; i < m_turnEnd; ++i) {
        const E2EStep &s = m_case.steps[i];
        switch (s.kind) {
        case E2EStep::Kind::User:
            break;
        case E2EStep::Kind::Bot: {
            bool found = false;
            for (qsizetype j = 0; j < m_messages.size() && !found; ++j)
                if (!usedMessage[j] && m_messages[j].text == s.text)
                    usedMessage[j] = found = true;
            if (!found)
                return fail(s.line,
                            QStringLiteral("expected bot \"%1\"%2, got %3")
                                .arg(s.text, within,
                                     texts.isEmpty() ? QStringLiteral("nothing") : texts.join(u", ")));
            break;
        }
        case E2EStep::Kind::Utter: {
            if (!m_tracker) {
                m_skipped << QStringLiteral("%1:%2").arg(m_file).arg(s.line);
                break;
            }
            bool found = false;
            for (qsizetype j = 0; j < bots.size() && !found; ++j)
                if (!usedBot[j] && names[j] == s.text)
                    usedBot[j] = found = true;
            if (!found)
                return fail(s.line, QStringLiteral("expected utter %1, got %2")
                                        .arg(s.text, names.isEmpty() ? QStringLiteral("no response")
                                                                     : names.join(u", ")));
            break;
        }
        case E2EStep::Kind::SlotWasSet:
        case E2EStep::Kind::SlotWasNotSet: {
            if (!m_tracker) {
                m_skipped << QStringLiteral("%1:%2").arg(m_file).arg(s.line);
                break;
            }
            const bool wanted = s.kind == E2EStep::Kind::SlotWasSet;
            for (const SlotExpectation &slot : s.slotChecks) {
                const bool set = std::any_of(slotEvents.begin(), slotEvents.end(), [&](const QJsonObject &e) {
                    return e.value(u"name").toString() == slot.name &&
                           (!slot.value || e.value(u"value") == *slot.value);
                });
                if (set != wanted)
                    return fail(
                        s.line,
                        QStringLiteral("expected %1 %2, got %3")
                            .arg(wanted ? QStringLiteral("slot_was_set") : QStringLiteral("slot_was_not_set"),
                                 slot.describe(),
                                 setSlots.isEmpty() ? QStringLiteral("no slot set")
                                                    : QStringLiteral("slots set: ") + setSlots.join(u", ")));
            }
            break;
        }
        }
    }
    m_step = m_turnEnd;
    startTurn();
}

void E2ERunner::onBotMessage(const BotMessage &message)
{
    if (m_done)
        return;
    record(QStringLiteral("bot"), wireText(message));
    m_messages.append(message);
    if (!m_tracker && m_inTurn) {
        m_quiet = false;
        m_quietTimer.start(kQuietMs);
    }
    checkTurn();
}

void E2ERunner::record(const QString &who, const QString &what)
{
    m_transcript << QStringLiteral("+%1 ms  %2: %3").arg(m_clock.elapsed()).arg(who, what);
}

void E2ERunner::fail(int line, const QString &why, bool unreachable, bool timedOut)
{
    finish(false, QStringLiteral("%1:%2: %3").arg(m_file).arg(line).arg(why), unreachable, timedOut);
}

void E2ERunner::finish(bool passed, const QString &failure, bool unreachable, bool timedOut)
{
    if (m_done)
        return;
    m_done = true;
    m_deadline.stop();
    m_serverTimer.stop();
    m_quietTimer.stop();
    m_pollTimer.stop();
    if (m_channel) {
        m_channel->disconnect(this);
        m_channel->close();
    }
    ConversationResult result{m_case.name,       passed,   unreachable,  {},      {}, failure,
                              m_clock.elapsed(), m_sender, m_transcript, timedOut};
    if (!passed && failure.isEmpty() && !unreachable) {
        result.skipped = true;
        result.skipReason = QStringLiteral("its fixtures (%1:%2) need Rasa's HTTP API (--api-url)")
                                .arg(m_file)
                                .arg(m_case.line);
    } else if (passed && !m_skipped.isEmpty()) {
        result.passed = false;
        result.skipped = true;
        result.skipReason = QStringLiteral("%1 step(s) need Rasa's HTTP API (--api-url): %2")
                                .arg(m_skipped.size())
                                .arg(m_skipped.join(u", "));
    }
    emit finished(result);
}

} // namespace rasachat
