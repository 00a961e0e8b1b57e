#pragma once

#include "agent.h"

#include <QHash>
#include <QObject>
#include <QPointer>
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

    // `done` is called once with the agent's responses, possibly before run() returns. With a `requester`
    // (the HTTP request waiting for the answer), a turn whose requester is gone before its turn came is
    // not played and `done` is not called: a client that sends and leaves cannot queue up turns (as
    // Rasa's server cancels the handler of a request whose client left).
    void run(const UserMessage &message, Done done, const QObject *requester = nullptr);

    // Every turn played from now on is also logged there (rasa-mock --enable-api).
    void setTrackerStore(TrackerStore *store) { m_store = store; }
    const Agent &agent() const { return *m_agent; }
    // The turns waiting or in progress, of every sender (only with a delay).
    int queuedTurns() const;

private:
    struct Turn
    {
        UserMessage message;
        Done done;
        bool hasRequester = false;
        QPointer<const QObject> requester;
        bool abandoned() const { return hasRequester && !requester; }
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
