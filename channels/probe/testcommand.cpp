#include "testcommand.h"

#include <QFile>
#include <QTextStream>
#include <QXmlStreamWriter>

namespace rasachat {

TestCommand::TestCommand(const TestOptions &options, QTextStream &out, QTextStream &err, QObject *parent)
    : QObject(parent), m_options(options), m_out(out), m_err(err)
{
    m_results.resize(options.script.conversations.size());
    m_done.fill(false, options.script.conversations.size());
}

void TestCommand::start()
{
    for (int i = 0; i < std::max(1, m_options.jobs); ++i)
        launchNext();
}

void TestCommand::launchNext()
{
    if (m_aborted || m_next >= m_options.script.conversations.size())
        return;
    const int index = m_next++;
    auto *runner = new ConversationRunner(m_options.script, m_options.script.conversations[index],
                                          m_options.channel, this);
    connect(runner, &ConversationRunner::finished, this, [this, index, runner](const ConversationResult &r) {
        runner->deleteLater();
        onFinished(index, r);
    });
    ++m_running;
    runner->start();
}

void TestCommand::onFinished(int index, const ConversationResult &result)
{
    --m_running;
    if (m_aborted)
        return;
    if (result.unreachable) {
        m_aborted = true;
        m_err << "rasa-probe: " << result.failure.section(QStringLiteral(": "), 1) << Qt::endl;
        emit finished(3);
        return;
    }
    m_results[index] = result;
    m_done[index] = true;
    if (result.passed) {
        m_out << "PASS  " << result.name << " (" << result.elapsedMs << " ms)" << Qt::endl;
    } else {
        m_out << "FAIL  " << result.name << " (" << result.elapsedMs << " ms)\n      " << result.failure
              << Qt::endl;
    }
    launchNext();
    if (m_running > 0 || m_next < m_options.script.conversations.size())
        return;
    const auto failed =
        std::count_if(m_results.begin(), m_results.end(), [](const auto &r) { return !r.passed; });
    const auto passed = m_results.size() - failed;
    m_out << passed << " passed, " << failed << " failed" << Qt::endl;
    if (!m_options.junitPath.isEmpty()) {
        QString error;
        if (!writeJUnit(m_options.junitPath, m_options.script.fileName, m_results, &error))
            m_err << "rasa-probe: cannot write " << m_options.junitPath << ": " << error << Qt::endl;
    }
    emit finished(failed ? 1 : 0);
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
        std::count_if(results.begin(), results.end(), [](const auto &r) { return !r.passed; });
    qint64 totalMs = 0;
    for (const auto &r : results)
        totalMs += r.elapsedMs;
    xml.writeStartElement(QStringLiteral("testsuites"));
    xml.writeStartElement(QStringLiteral("testsuite"));
    xml.writeAttribute(QStringLiteral("name"), suite);
    xml.writeAttribute(QStringLiteral("tests"), QString::number(results.size()));
    xml.writeAttribute(QStringLiteral("failures"), QString::number(failures));
    xml.writeAttribute(QStringLiteral("errors"), QStringLiteral("0"));
    xml.writeAttribute(QStringLiteral("time"), QString::number(totalMs / 1000.0, 'f', 3));
    for (const auto &r : results) {
        xml.writeStartElement(QStringLiteral("testcase"));
        xml.writeAttribute(QStringLiteral("classname"), suite);
        xml.writeAttribute(QStringLiteral("name"), r.name);
        xml.writeAttribute(QStringLiteral("time"), QString::number(r.elapsedMs / 1000.0, 'f', 3));
        if (!r.passed) {
            xml.writeStartElement(QStringLiteral("failure"));
            xml.writeAttribute(QStringLiteral("message"), r.failure);
            xml.writeCharacters(r.failure);
            xml.writeEndElement();
        }
        xml.writeEndElement();
    }
    xml.writeEndElement();
    xml.writeEndElement();
    xml.writeEndDocument();
    return !xml.hasError();
}

} // namespace rasachat
