#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace rasachat {

struct LoadResult;

// One pass/fail criterion of a load run, as k6 writes them: `p99<50ms`, `p99.9<=1s`, `errors<0.1%`,
// `timeouts==0`, `throughput>=900`. Metrics: p50 p90 p95 p99 p99.9 max (latency: ms, s or us, default ms),
// scheduled sent answered errors timeouts late failed (counts; with %, a share of sent, or for sent of
// scheduled), throughput (replies/s). Operators: < <= > >= == !=.
class LoadThreshold
{
public:
    enum class Metric { Latency, Max, Scheduled, Sent, Answered, Errors, Timeouts, Late, Failed, Throughput };
    enum class Op { Less, LessEqual, Greater, GreaterEqual, Equal, NotEqual };

    // nullopt with *error set saying what is wrong with the text.
    static std::optional<LoadThreshold> parse(const QString &text, QString *error);

    // Empty when the result keeps to it; otherwise "p99<50ms (p99 was 73.20 ms)".
    QString crossed(const LoadResult &result) const;
    QString text() const { return m_text; }

    // The exit code of a run (or of merged runs): 1 when a threshold is crossed or, without thresholds,
    // when anything failed (errors, timeouts, failed expectations) or less than 95 % of the schedule was
    // kept; else 0. *lines says why, a line each (warnings included), for stderr.
    static int verdict(const LoadResult &result, const QList<LoadThreshold> &thresholds, QStringList *lines);

private:
    double measure(const LoadResult &r) const;

    QString m_text;
    Metric m_metric = Metric::Latency;
    double m_percentile = 0; // Latency
    Op m_op = Op::Less;
    double m_value = 0; // milliseconds for latencies, a fraction 0..1 when m_percent
    bool m_percent = false;
};

} // namespace rasachat
