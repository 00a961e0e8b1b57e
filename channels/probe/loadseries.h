#pragma once

#include <QFile>
#include <QString>
#include <memory>

namespace rasachat {

struct LoadResult;

// `rasa-probe load --out FILE`: one row per second of the run, as CSV (FILE.csv, with a header line) or as
// JSON lines (FILE.jsonl): second, offered (messages the schedule called for in that second), sent,
// answered, errors, timeouts, late, p50_ms and p99_ms (of the messages answered in that second).
class LoadSeriesWriter
{
public:
    // nullptr with *error set when the file cannot be written or its name ends neither in .csv nor .jsonl.
    static std::unique_ptr<LoadSeriesWriter> open(const QString &path, QString *error);
    void write(int second, const LoadResult &interval);

private:
    enum class Format { Csv, JsonLines };
    LoadSeriesWriter(const QString &path, Format format) : m_file(path), m_format(format) {}

    QFile m_file;
    Format m_format;
};

} // namespace rasachat
