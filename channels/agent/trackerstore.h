#pragma once

#include "agent.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QQueue>
#include <QStringList>
#include <functional>

namespace rasachat {

// One event of a tracker, as Rasa serialises it (`Event.as_dict()`): the keys in Rasa's order, so that
// the tracker endpoints answer with Rasa's bytes.
struct TrackerEvent
{
    QList<QPair<QString, QJsonValue>> fields; // "event" first

    QString type() const;
    QJsonValue value(QStringView key) const;
    QJsonObject toJson() const;
};

// The conversations rasa-mock --enable-api keeps for GET /conversations/{sender}/tracker and
// POST /conversations/{sender}/tracker/events: per sender the events Rasa's processor would log for the
// turns the agent played (session start, `user`, `slot`, `action` + `bot` per response, `action_listen`)
// and those appended through the API, and the slots they set. Bounded: at most kMaxTrackers senders (the
// oldest is forgotten) and kMaxEvents events per sender (the oldest are dropped, as Rasa's
// max_event_history does).
class TrackerStore
{
public:
    static constexpr int kMaxTrackers = 10'000;
    static constexpr int kMaxEvents = 10'000;

    // `slotNames`: the domain's slots, listed (as null) before they are set.
    explicit TrackerStore(const QStringList &slotNames);

    void recordTurn(const UserMessage &message, const AgentTurn &turn);
    // Appends events given as Rasa's event JSON (an object or a list of them). On a body that is not
    // events returns false with *error saying why; nothing is appended then.
    bool append(const QString &sender, const QJsonValue &events, QString *error);
    // Rasa's `tracker.current_state(EventVerbosity.AFTER_RESTART)`, as Sanic's response.json writes it.
    QByteArray state(const QString &sender);

    // For tests and the log: the events of one sender (creating its session if it has none).
    QList<TrackerEvent> events(const QString &sender);

    // What `now` is for timestamps (seconds since the epoch); tests fix it.
    void setClock(std::function<double()> clock) { m_clock = std::move(clock); }

private:
    struct Tracker
    {
        QList<TrackerEvent> events;
    };
    Tracker &tracker(const QString &sender, bool startSession = true);
    void add(Tracker &t, TrackerEvent e);
    TrackerEvent action(const QString &name, const QString &actionText = {}) const;

    QStringList m_slotNames;
    QHash<QString, Tracker> m_trackers;
    QQueue<QString> m_order; // senders by age, for forgetting the oldest
    std::function<double()> m_clock;
};

} // namespace rasachat
