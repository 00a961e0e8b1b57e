#pragma once

#include "agent.h"

#include <QHash>
#include <QObject>
#include <QQueue>
#include <functional>

namespace rasachat {

class TrackerStore;

// Runs turns against an agent the way Rasa does: the turns of one sender one after another (Rasa holds
// a lock per conversation), different senders independently; `delayMs` simulates a slow bot.
class TurnRunner : public QObject
{
    Q_OBJECT
public:
    using Done = std::function<void(const QList<BotMessage> &responses)>;

    TurnRunner(std::unique_ptr<Agent> agent, int delayMs, QObject *parent = nullptr);
    ~TurnRunner() override;

    // `done` is called once with the agent's responses, possibly before run() returns.
    void run(const UserMessage &message, Done done);

    // Every turn played from now on is also logged there (rasa-mock --enable-api).
    void setTrackerStore(TrackerStore *store) { m_store = store; }
    const Agent &agent() const { return *m_agent; }

private:
    struct Turn
    {
        UserMessage message;
        Done done;
    };
    void startNext(const QString &sender);
    void finish(const QString &sender);
    QList<BotMessage> play(const UserMessage &message);

    std::unique_ptr<Agent> m_agent;
    int m_delayMs;
    TrackerStore *m_store = nullptr;
    QHash<QString, QQueue<Turn>> m_queues; // the head of each queue is the turn in progress
};

} // namespace rasachat
