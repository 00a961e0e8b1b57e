#pragma once

#include <QCommandLineParser>
#include <QString>
#include <limits>
#include <optional>

class QTextStream;

namespace rasachat {

// What rasa-mock and rasa-probe's commands share when they read a command line: --help, one error line
// "<program>: <why>" with exit code 2 for any bad value, and numbers checked against their range with the
// same words everywhere. The first error wins; reads after it do nothing, so a caller reads every option
// and then asks failed() once.
class CommandLine
{
public:
    static constexpr int UsageError = 2;

    // program: how errors start, e.g. "rasa-probe send".
    CommandLine(const QString &program, QTextStream &out, QTextStream &err);

    QCommandLineParser &parser() { return m_parser; }
    const QCommandLineParser &parser() const { return m_parser; }

    // -v/--version prints "<application name> <version>".
    void addVersionOption();
    // Adds --help and parses. False when the program should stop now with exitCode(): help or version was
    // printed (0) or the command line is malformed (2, said on err).
    bool parse(const QStringList &arguments);

    // Records a usage error (said on err) unless one was recorded already; returns UsageError.
    int fail(const QString &why);
    bool failed() const { return m_failed; }
    int exitCode() const { return m_exitCode; }

    enum class Unit { None, Milliseconds, Seconds, Bytes };
    // The option's value as an integer in [min, max] (its default if not given); otherwise a usage error
    // and *value is left alone.
    void read(const QCommandLineOption &option, int *value, qint64 min,
              qint64 max = std::numeric_limits<int>::max(), Unit unit = Unit::None);
    void read(const QCommandLineOption &option, qint64 *value, qint64 min,
              qint64 max = std::numeric_limits<qint64>::max(), Unit unit = Unit::None);
    // A finite number above `above`.
    void read(const QCommandLineOption &option, double *value, double above, Unit unit = Unit::None);

private:
    std::optional<qint64> integer(const QCommandLineOption &option, qint64 min, qint64 max, Unit unit);

    QString m_program;
    QTextStream &m_out;
    QTextStream &m_err;
    QCommandLineParser m_parser;
    bool m_version = false;
    bool m_failed = false;
    int m_exitCode = 0;
};

} // namespace rasachat
