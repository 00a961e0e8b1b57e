#pragma once

#include "conversationrunner.h"

#include <QObject>

class QTextStream;

namespace rasachat {

struct TestOptions
{
    ConversationScript script;
    ChannelSettings channel;
    int jobs = 1;
    QString junitPath;
};

// `rasa-probe test`: runs every conversation of a script (up to `jobs` at once, each on a fresh sender),
// prints a pass/fail line per conversation with the first difference, a summary, and optionally JUnit XML.
// Exit code 0 when all pass, 1 when any fails, 3 when the server cannot be reached.
class TestCommand : public QObject
{
    Q_OBJECT
public:
    TestCommand(const TestOptions &options, QTextStream &out, QTextStream &err, QObject *parent = nullptr);

    void start();

    static bool writeJUnit(const QString &path, const QString &suite,
                           const QList<ConversationResult> &results, QString *error);

signals:
    void finished(int exitCode);

private:
    void launchNext();
    void onFinished(int index, const ConversationResult &result);

    TestOptions m_options;
    QTextStream &m_out;
    QTextStream &m_err;
    QList<ConversationResult> m_results;
    QList<bool> m_done;
    int m_next = 0;
    int m_running = 0;
    bool m_aborted = false;
};

} // namespace rasachat
