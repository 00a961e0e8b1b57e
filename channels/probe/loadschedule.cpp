#include "loadschedule.h"

#include <QRegularExpression>
#include <algorithm>
#include <cmath>

namespace rasachat {

namespace {

// "1m30s", "500ms", "2h", "45" (seconds); nullopt when it is none of these.
std::optional<double> parseDuration(const QString &text)
{
    static const QRegularExpression part(QStringLiteral("(\\d+(?:\\.\\d+)?)(ms|h|m|s)?"));
    if (text.isEmpty())
        return std::nullopt;
    double seconds = 0;
    qsizetype at = 0;
    bool bare = false;
    while (at < text.size()) {
        const auto m = part.match(text, at, QRegularExpression::NormalMatch,
                                  QRegularExpression::AnchorAtOffsetMatchOption);
        if (!m.hasMatch() || bare)
            return std::nullopt;
        const double v = m.captured(1).toDouble();
        const QString unit = m.captured(2);
        bare = unit.isEmpty();
        seconds += unit == u"ms" ? v / 1000 : unit == u"m" ? v * 60 : unit == u"h" ? v * 3600 : v;
        at = m.capturedEnd(0);
    }
    return seconds;
}

} // namespace

LoadSchedule LoadSchedule::constant(double rate, double durationS)
{
    LoadSchedule s;
    s.m_start = rate;
    s.m_stages = {Stage{durationS, rate}};
    s.m_durationS = durationS;
    return s;
}

std::optional<LoadSchedule> LoadSchedule::parseStages(const QString &text, double startRate, QString *error)
{
    LoadSchedule s;
    s.m_start = startRate;
    for (const QString &item : text.split(u',')) {
        const QString stage = item.trimmed();
        const qsizetype colon = stage.indexOf(u':');
        const auto duration = colon > 0 ? parseDuration(stage.left(colon)) : std::nullopt;
        bool ok = false;
        const double target = colon > 0 ? stage.mid(colon + 1).toDouble(&ok) : 0;
        if (!duration || !ok || target < 0 || !std::isfinite(target)) {
            *error =
                QStringLiteral("--stages: \"%1\" is not DURATION:RATE (e.g. 30s:100); stages are separated "
                               "by commas, as in 30s:100,1m:1000,30s:0")
                    .arg(stage);
            return std::nullopt;
        }
        s.m_stages.append(Stage{*duration, target});
        s.m_durationS += *duration;
    }
    if (s.m_durationS <= 0) {
        *error = QStringLiteral("--stages: the stages last no time at all");
        return std::nullopt;
    }
    return s;
}

double LoadSchedule::rateAt(double t) const
{
    double from = m_start, begin = 0;
    for (const Stage &st : m_stages) {
        if (t < begin + st.durationS)
            return from + (st.target - from) * (t - begin) / st.durationS;
        begin += st.durationS;
        from = st.target;
    }
    return t < m_durationS ? from : 0;
}

double LoadSchedule::expected(double t) const
{
    double n = 0, from = m_start, begin = 0;
    for (const Stage &st : m_stages) {
        if (t <= begin)
            break;
        const double span = std::min(t - begin, st.durationS);
        // the trapezoid under a linear ramp from `from` to the rate reached after `span`
        const double reached = st.durationS > 0 ? from + (st.target - from) * span / st.durationS : from;
        n += (from + reached) / 2 * span;
        begin += st.durationS;
        from = st.target;
    }
    return n;
}

qint64 LoadSchedule::total() const
{
    // A tiny tolerance so that 10/s for 2 s is 20 messages, not 21 because of rounding.
    return qint64(std::ceil(expected(m_durationS) - 1e-9));
}

qint64 LoadSchedule::dueBy(double t) const
{
    if (t < 0)
        return 0;
    return std::min(total(), qint64(std::floor(expected(t) + 1e-9)) + 1);
}

double LoadSchedule::timeOf(qint64 k) const
{
    if (k <= 0)
        return 0;
    if (k >= total())
        return m_durationS;
    double lo = 0, hi = m_durationS; // expected() only grows: bisect to well under a microsecond
    for (int i = 0; i < 64 && hi - lo > 1e-7; ++i) {
        const double mid = (lo + hi) / 2;
        (expected(mid) + 1e-9 >= double(k) ? hi : lo) = mid;
    }
    return hi;
}

double LoadSchedule::peakRate() const
{
    double peak = m_start;
    for (const Stage &st : m_stages)
        peak = std::max(peak, st.target);
    return peak;
}

} // namespace rasachat
