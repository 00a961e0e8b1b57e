#pragma once

#include "conversationrunner.h"
#include "trackerclient.h"

#include <QObject>

class QTextStream;

namespace rasachat {

struct TestOptions
{
    ConversationScript script;
    std::optional<E2ETestSuite> e2e; // Rasa's test cases instead of `script`
    ApiSettings api;                 // --api-url, --api-token
    ChannelSettings channel;         // a senderId given is a prefix: conversation N runs as "<senderId>-N"
    int jobs = 1;
    int timeoutMs = kDefaultServerTimeoutMs; // each wait on the server: session, each message's answer
    QString junitPath;
    QStringList tags;  // run only conversations with one of these tags (empty: any)
    QStringList names; // run only conversations whose name contains one of these (empty: any)
};

// `rasa-probe test`: runs the selected conversations of a script (up to `jobs` at once, each on its own
// sender), prints a pass/fail line per conversation with the first difference and, on failure, the
// conversation's transcript, a summary, and optionally JUnit XML.
// Exit code 0 when all pass, 1 when any fails or is skipped (steps it could not check), 2 when nothing is
// selected or the JUnit report cannot be written (checked before anything is sent), 3 when the server cannot
// be reached or took no step within timeoutMs.
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
    void finishRun();
    void onFinished(int index, const ConversationResult &result);
    qsizetype total() const;
    QString fileName() const;

    TestOptions m_options;
    QTextStream &m_out;
    QTextStream &m_err;
    QList<int> m_selected;               // indexes into the script's conversations, in order
    QList<ConversationResult> m_results; // one per selected conversation
    int m_next = 0;
    int m_running = 0;
    bool m_aborted = false;
};

} // namespace rasachat
