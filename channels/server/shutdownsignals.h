#pragma once

#include <QObject>

class QSocketNotifier;

namespace rasachat {

// Turns SIGINT and SIGTERM into a Qt signal on the event loop (a self-pipe: the handler itself only
// writes a byte), so that servers close their sockets and exit cleanly. One per process.
class ShutdownSignals : public QObject
{
    Q_OBJECT
public:
    explicit ShutdownSignals(QObject *parent = nullptr);
    ~ShutdownSignals() override;

signals:
    void shutdownRequested(int signalNumber);

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace rasachat
