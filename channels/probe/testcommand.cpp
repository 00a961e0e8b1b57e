#include "testcommand.h"

#include "../callback/callbackreceiver.h"
#include "e2erunner.h"

#include <QFile>
#include <QTextStream>
#include <QXmlStreamWriter>

namespace rasachat {

TestCommand::TestCommand(const TestOptions &options, QTextStream &out, QTextStream &err, QObject *parent)
    : QObject(parent), m_options(options), m_out(out), m_err(err)
{
    for (int i = 0; i < total(); ++i) {
        // Rasa's test cases have no tags: --tag selects none of them.
        const QStringList tags = m_options.e2e ? QStringList() : options.script.conversations[i].tags;
        const QString name =
            m_options.e2e ? m_options.e2e->testCases[i].name : options.script.conversations[i].name;
        const bool tagged =
            options.tags.isEmpty() || std::any_of(options.tags.begin(), options.tags.end(),
                                                  [&](const QString &t) { return tags.contains(t); });
        const bool named =
            options.names.isEmpty() || std::any_of(options.names.begin(), options.names.end(),
                                                   [&](const QString &n) { return name.contains(n); });
        if (tagged && named)
            m_selected.append(i);
    }
    m_results.resize(m_selected.size());
}

void TestCommand::start()
{
    if (m_selected.isEmpty()) {
        m_err << "rasa-probe test: no conversation of " << fileName() << " has the given --tag/--name"
              << Qt::endl;
        emit finished(2);
        return;
    }
    if (!m_options.junitPath.isEmpty()) {
        // A CI job must not lose its report after a long run: find out now, before anything is sent.
        // Append leaves an existing report as it is until the new one replaces it.
        QFile file(m_options.junitPath);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Append)) {
            m_err << "rasa-probe test: cannot write the JUnit report " << m_options.junitPath << ": "
                  << file.errorString() << Qt::endl;
            emit finished(2);
            return;
        }
    }
    if (m_options.channel.kind == u"callback") {
        // Every conversation's bot messages come to one port; each channel keeps its recipient_id's.
        auto receiver = std::make_shared<CallbackReceiver>();
        QString error;
        if (!receiver->listen(QHostAddress::LocalHost, m_options.channel.receiverPort, &error)) {
            m_err << "rasa-probe test: " << error << Qt::endl;
            emit finished(3);
            return;
        }
        m_options.channel.callbackReceiver = receiver;
    }
    for (int i = 0; i < std::max(1, m_options.jobs); ++i)
        launchNext();
}

void TestCommand::launchNext()
{
    if (m_aborted || m_next >= m_selected.size())
        return;
    const int index = m_next++;
    const int number = m_selected[index] + 1; // its place in the file, stable under --tag/--name
    ChannelSettings settings = m_options.channel;
    if (!settings.senderId.isEmpty())
        settings.senderId += u'-' + QString::number(number);
    ++m_running;
    if (m_options.e2e) {
        auto *runner = new E2ERunner(m_options.e2e->fileName, m_options.e2e->testCases[m_selected[index]],
                                     settings, m_options.api, m_options.timeoutMs, this);
        connect(runner, &E2ERunner::finished, this, [this, index, runner](const ConversationResult &r) {
            runner->deleteLater();
            onFinished(index, r);
        });
        return runner->start();
    }
    auto *runner = new ConversationRunner(m_options.script, m_options.script.conversations[m_selected[index]],
                                          settings, m_options.api, m_options.timeoutMs, this);
    connect(runner, &ConversationRunner::finished, this, [this, index, runner](const ConversationResult &r) {
        runner->deleteLater();
        onFinished(index, r);
    });
    runner->start();
}

void TestCommand::onFinished(int index, const ConversationResult &result)
{
    --m_running;
    if (m_aborted)
        return;
    if (result.unreachable) {
        m_aborted = true;
        // A refused connection is the server's, whatever the step; a timeout says which step was waiting.
        m_err << "rasa-probe: "
              << (result.timedOut ? result.failure : result.failure.section(QStringLiteral(": "), 1))
              << Qt::endl;
        emit finished(3);
        return;
    }
    m_results[index] = result;
    if (result.passed) {
        m_out << "PASS  " << result.name << " (" << result.elapsedMs << " ms)" << Qt::endl;
    } else if (result.skipped) {
        m_out << "SKIP  " << result.name << " (" << result.elapsedMs << " ms)\n      " << result.skipReason
              << Qt::endl;
    } else {
        m_out << "FAIL  " << result.name << " (" << result.elapsedMs << " ms)\n      " << result.failure
              << "\n      transcript (sender " << result.sender << "):\n";
        for (const QString &line : result.transcript)
            m_out << "        " << line << '\n';
        if (result.transcript.isEmpty())
            m_out << "        (nothing was exchanged)\n";
        m_out.flush();
    }
    launchNext();
    if (m_running > 0 || m_next < m_selected.size())
        return;
    finishRun();
}

void TestCommand::finishRun()
{
    const auto skipped =
        std::count_if(m_results.begin(), m_results.end(), [](const auto &r) { return r.skipped; });
    const auto failed = std::count_if(m_results.begin(), m_results.end(),
                                      [](const auto &r) { return !r.passed && !r.skipped; });
    const auto passed = m_results.size() - failed - skipped;
    m_out << passed << " passed, " << failed << " failed";
    if (skipped)
        m_out << ", " << skipped << " skipped";
    if (m_selected.size() < total())
        m_out << ", " << total() - m_selected.size() << " not selected";
    m_out << Qt::endl;
    if (skipped)
        m_err << "rasa-probe test: " << skipped << " conversation(s) could not be checked completely: their "
              << "utter and slot steps need Rasa's HTTP API (--api-url, --api-token)" << Qt::endl;
    if (!m_options.junitPath.isEmpty()) {
        QString error;
        if (!writeJUnit(m_options.junitPath, fileName(), m_results, &error)) {
            m_err << "rasa-probe test: cannot write the JUnit report " << m_options.junitPath << ": " << error
                  << Qt::endl;
            emit finished(2);
            return;
        }
    }
    // A conversation not checked completely is not a pass: the run did not do what it was asked.
    emit finished(failed || skipped ? 1 : 0);
}

qsizetype TestCommand::total() const
{
    return m_options.e2e ? m_options.e2e->testCases.size() : m_options.script.conversations.size();
}

QString TestCommand::fileName() const
{
    return m_options.e2e ? m_options.e2e->fileName : m_options.script.fileName;
}

bool TestCommand::writeJUnit(const QString &path, const QString &suite,
                             const QList<ConversationResult> &results, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        *error = file.errorString();
        return false;
    }
    QXmlStreamWriter xml(&file);
    xml.setAutoFormatting(true);
    xml.writeStartDocument();
    const auto failures =
        std::count_if(results.begin(), results.end(), [](const auto &r) { return !r.passed && !r.skipped; });
    const auto skips = std::count_if(results.begin(), results.end(), [](const auto &r) { return r.skipped; });
    qint64 totalMs = 0;
    for (const auto &r : results)
        totalMs += r.elapsedMs;
    xml.writeStartElement(QStringLiteral("testsuites"));
    xml.writeStartElement(QStringLiteral("testsuite"));
    xml.writeAttribute(QStringLiteral("name"), suite);
    xml.writeAttribute(QStringLiteral("tests"), QString::number(results.size()));
    xml.writeAttribute(QStringLiteral("failures"), QString::number(failures));
    xml.writeAttribute(QStringLiteral("errors"), QStringLiteral("0"));
    xml.writeAttribute(QStringLiteral("skipped"), QString::number(skips));
    xml.writeAttribute(QStringLiteral("time"), QString::number(totalMs / 1000.0, 'f', 3));
    for (const auto &r : results) {
        xml.writeStartElement(QStringLiteral("testcase"));
        xml.writeAttribute(QStringLiteral("classname"), suite);
        xml.writeAttribute(QStringLiteral("name"), r.name);
        xml.writeAttribute(QStringLiteral("time"), QString::number(r.elapsedMs / 1000.0, 'f', 3));
        if (r.skipped) {
            xml.writeStartElement(QStringLiteral("skipped"));
            xml.writeAttribute(QStringLiteral("message"), r.skipReason);
            xml.writeEndElement();
        } else if (!r.passed) {
            xml.writeStartElement(QStringLiteral("failure"));
            xml.writeAttribute(QStringLiteral("message"), r.failure);
            xml.writeCharacters(r.failure);
            xml.writeEndElement();
            xml.writeTextElement(QStringLiteral("system-out"), r.transcript.join(u'\n'));
        }
        xml.writeEndElement();
    }
    xml.writeEndElement();
    xml.writeEndElement();
    xml.writeEndDocument();
    if (xml.hasError() || !file.flush()) {
        *error = file.errorString();
        return false;
    }
    return true;
}

} // namespace rasachat
