#include "turnrunner.h"

#include "trackerstore.h"

#include <QTimer>

namespace rasachat {

TurnRunner::TurnRunner(std::unique_ptr<Agent> agent, int delayMs, QObject *parent)
    : QObject(parent), m_agent(std::move(agent)), m_delayMs(delayMs)
{}

TurnRunner::~TurnRunner() = default;

void TurnRunner::run(const UserMessage &message, Done done)
{
    if (m_delayMs <= 0) {
        // Nothing can be in progress: without a delay every turn completes inside run().
        done(play(message));
        return;
    }
    QQueue<Turn> &queue = m_queues[message.senderId];
    queue.enqueue({message, std::move(done)});
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
    if (it->isEmpty())
        m_queues.erase(it);
    else
        startNext(sender);
    turn.done(play(turn.message));
}

QList<BotMessage> TurnRunner::play(const UserMessage &message)
{
    const AgentTurn turn = m_agent->turn(message);
    if (m_store)
        m_store->recordTurn(message, turn);
    return turn.messages();
}

} // namespace rasachat
