#pragma once

#include <QList>
#include <QString>
#include <optional>

namespace rasachat {

// When rasa-probe load sends: an arrival rate that ramps linearly between targets, stage by stage, as k6's
// ramping-arrival-rate (`--stages 30s:100,60s:1000,30s:0`), or one constant rate (`--rate R --duration S`).
// Message k (from 0) is due at the instant the integral of the rate reaches k, so a constant rate R sends
// at 0, 1/R, 2/R, ... and a ramp from 0 speeds up gradually. Pure arithmetic, no clock.
class LoadSchedule
{
public:
    struct Stage
    {
        double durationS = 0;
        double target = 0; // messages per second at the end of the stage
    };

    static LoadSchedule constant(double rate, double durationS);
    // "DURATION:TARGET,..." with DURATION like 30s, 1m, 1m30s, 500ms or a number of seconds; the first stage
    // ramps from startRate. nullopt with *error set when the text is not that.
    static std::optional<LoadSchedule> parseStages(const QString &text, double startRate, QString *error);

    double durationS() const { return m_durationS; }
    double rateAt(double t) const;
    // Messages due by time t: the integral of the rate from 0 to t.
    double expected(double t) const;
    // How many messages are due at time t (those with index < this); total() once t reaches the end.
    qint64 dueBy(double t) const;
    qint64 total() const;
    // When message k is due: the earliest t with expected(t) >= k (0 for k = 0); durationS() if never.
    double timeOf(qint64 k) const;
    double peakRate() const;
    const QList<Stage> &stages() const { return m_stages; }
    double startRate() const { return m_start; }

private:
    QList<Stage> m_stages;
    double m_start = 0;
    double m_durationS = 0;
};

} // namespace rasachat
