#include "commandline.h"

#include <QCoreApplication>
#include <QTextStream>
#include <cmath>

namespace rasachat {

namespace {

QString unitName(CommandLine::Unit unit)
{
    switch (unit) {
    case CommandLine::Unit::Milliseconds:
        return QStringLiteral(" of milliseconds");
    case CommandLine::Unit::Seconds:
        return QStringLiteral(" of seconds");
    case CommandLine::Unit::Bytes:
        return QStringLiteral(" of bytes");
    case CommandLine::Unit::None:
        break;
    }
    return {};
}

QString optionName(const QCommandLineOption &option)
{
    return QStringLiteral("--") + option.names().constLast();
}

} // namespace

CommandLine::CommandLine(const QString &program, QTextStream &out, QTextStream &err)
    : m_program(program), m_out(out), m_err(err)
{}

void CommandLine::addVersionOption()
{
    m_parser.addVersionOption();
    m_version = true;
}

bool CommandLine::parse(const QStringList &arguments)
{
    m_parser.addHelpOption();
    if (!m_parser.parse(arguments)) {
        fail(m_parser.errorText());
        return false;
    }
    if (m_parser.isSet(QStringLiteral("help"))) {
        // Qt names the program by argv[0] ("Usage: build/bin/rasa-probe [options]"); the user typed a
        // command.
        QString help = m_parser.helpText();
        const qsizetype programEnd = help.indexOf(QStringLiteral(" [options]"));
        if (help.startsWith(QStringLiteral("Usage: ")) && programEnd > 0)
            help.replace(7, programEnd - 7, m_program);
        m_out << help;
        m_out.flush();
        m_exitCode = 0;
        return false;
    }
    if (m_version && m_parser.isSet(QStringLiteral("version"))) {
        m_out << QCoreApplication::applicationName() << ' ' << QCoreApplication::applicationVersion()
              << Qt::endl;
        m_exitCode = 0;
        return false;
    }
    return true;
}

int CommandLine::fail(const QString &why)
{
    if (!m_failed) {
        m_failed = true;
        m_exitCode = UsageError;
        m_err << m_program << ": " << why << Qt::endl;
    }
    return UsageError;
}

std::optional<qint64> CommandLine::integer(const QCommandLineOption &option, qint64 min, qint64 max,
                                           Unit unit)
{
    if (m_failed)
        return std::nullopt;
    const QString text = m_parser.value(option);
    bool ok = false;
    const qint64 value = text.trimmed().toLongLong(&ok);
    if (ok && value >= min && value <= max)
        return value;
    QString range;
    const bool bounded = max != std::numeric_limits<int>::max() && max != std::numeric_limits<qint64>::max();
    if (bounded)
        range = QStringLiteral("a number%1 from %2 to %3").arg(unitName(unit)).arg(min).arg(max);
    else if (min == 1)
        range = QStringLiteral("a positive number%1").arg(unitName(unit));
    else if (min == 0)
        range = QStringLiteral("0 or a positive number%1").arg(unitName(unit));
    else
        range = QStringLiteral("a number%1 of at least %2").arg(unitName(unit)).arg(min);
    fail(QStringLiteral("%1 must be %2, not '%3'").arg(optionName(option), range, text));
    return std::nullopt;
}

void CommandLine::read(const QCommandLineOption &option, int *value, qint64 min, qint64 max, Unit unit)
{
    if (const auto v = integer(option, min, std::min<qint64>(max, std::numeric_limits<int>::max()), unit))
        *value = int(*v);
}

void CommandLine::read(const QCommandLineOption &option, qint64 *value, qint64 min, qint64 max, Unit unit)
{
    if (const auto v = integer(option, min, max, unit))
        *value = *v;
}

void CommandLine::read(const QCommandLineOption &option, double *value, double above, Unit unit)
{
    if (m_failed)
        return;
    const QString text = m_parser.value(option);
    bool ok = false;
    const double v = text.trimmed().toDouble(&ok);
    if (ok && std::isfinite(v) && v > above) {
        *value = v;
        return;
    }
    fail(above == 0 ? QStringLiteral("%1 must be a positive number%2, not '%3'")
                          .arg(optionName(option), unitName(unit), text)
                    : QStringLiteral("%1 must be a number%2 above %3, not '%4'")
                          .arg(optionName(option), unitName(unit))
                          .arg(above)
                          .arg(text));
}

} // namespace rasachat
