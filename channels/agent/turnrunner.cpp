#include "turnrunner.h"

#include "trackerstore.h"

#include <QTimer>
#include <algorithm>

namespace rasachat {

TurnRunner::TurnRunner(std::unique_ptr<Agent> agent, int delayMs, QObject *parent)
    : QObject(parent), m_agent(std::move(agent)), m_delayMs(delayMs)
{}

TurnRunner::~TurnRunner() = default;

void TurnRunner::run(const UserMessage &message, Done done, const QObject *requester)
{
    if (m_delayMs <= 0) {
        // Nothing can be in progress: without a delay every turn completes inside run().
        done(play(message));
        return;
    }
    QQueue<Turn> &queue = m_queues[message.senderId];
    // What waits behind the turn in progress for a requester that left is dropped now, so that the queue
    // holds no more than the requests still open.
    if (queue.size() > 1)
        queue.erase(
            std::remove_if(queue.begin() + 1, queue.end(), [](const Turn &t) { return t.abandoned(); }),
            queue.end());
    queue.enqueue({message, std::move(done), requester != nullptr, requester});
    if (queue.size() == 1)
        startNext(message.senderId);
}

void TurnRunner::startNext(const QString &sender)
{
    QTimer::singleShot(m_delayMs, this, [this, sender] { finish(sender); });
}

void TurnRunner::finish(const QString &sender)
{
    auto it = m_queues.find(sender);
    if (it == m_queues.end() || it->isEmpty())
        return;
    const Turn turn = it->dequeue();
    // The next one that someone still waits for.
    while (!it->isEmpty() && it->head().abandoned())
        it->dequeue();
    if (it->isEmpty())
        m_queues.erase(it);
    else
        startNext(sender);
    if (!turn.abandoned())
        turn.done(play(turn.message));
}

int TurnRunner::queuedTurns() const
{
    qsizetype n = 0;
    for (const QQueue<Turn> &queue : m_queues)
        n += queue.size();
    return int(n);
}

QList<BotMessage> TurnRunner::play(const UserMessage &message)
{
    const AgentTurn turn = m_agent->turn(message);
    if (m_store)
        m_store->recordTurn(message, turn);
    return turn.messages();
}

} // namespace rasachat
