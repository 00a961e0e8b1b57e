#include "loadthreshold.h"

#include "loadresult.h"

#include <QRegularExpression>
#include <cmath>

namespace rasachat {

namespace {

struct CountMetric
{
    QStringView name;
    LoadThreshold::Metric metric;
};

constexpr CountMetric kCountMetrics[] = {{u"scheduled", LoadThreshold::Metric::Scheduled},
                                         {u"sent", LoadThreshold::Metric::Sent},
                                         {u"answered", LoadThreshold::Metric::Answered},
                                         {u"errors", LoadThreshold::Metric::Errors},
                                         {u"timeouts", LoadThreshold::Metric::Timeouts},
                                         {u"late", LoadThreshold::Metric::Late},
                                         {u"failed", LoadThreshold::Metric::Failed},
                                         {u"throughput", LoadThreshold::Metric::Throughput},
                                         {u"max", LoadThreshold::Metric::Max}};

} // namespace

std::optional<LoadThreshold> LoadThreshold::parse(const QString &text, QString *error)
{
    static const QRegularExpression grammar(QStringLiteral(
        "^\\s*([a-z]+|p\\d+(?:\\.\\d+)?)\\s*(<=|>=|==|!=|<|>)\\s*(\\d+(?:\\.\\d+)?)\\s*(ms|us|s|%)?\\s*$"));
    const auto m = grammar.match(text);
    auto fail = [&](const QString &why) {
        *error = QStringLiteral("--threshold \"%1\": %2").arg(text, why);
        return std::nullopt;
    };
    if (!m.hasMatch())
        return fail(QStringLiteral("not METRIC OP VALUE, e.g. 'p99<50ms', 'errors<0.1%' or 'timeouts==0'"));
    LoadThreshold t;
    t.m_text = text.simplified().remove(u' ');
    const QString name = m.captured(1);
    const QString op = m.captured(2);
    const QString unit = m.captured(4);
    t.m_op = op == u"<"    ? Op::Less
             : op == u"<=" ? Op::LessEqual
             : op == u">"  ? Op::Greater
             : op == u">=" ? Op::GreaterEqual
             : op == u"==" ? Op::Equal
                           : Op::NotEqual;
    t.m_value = m.captured(3).toDouble();
    bool known = false;
    if (name.startsWith(u'p')) {
        t.m_metric = Metric::Latency;
        t.m_percentile = name == u"p999" ? 99.9 : name.mid(1).toDouble(); // p999 as in the --json keys
        if (t.m_percentile <= 0 || t.m_percentile > 100)
            return fail(QStringLiteral("a percentile is p0.1 to p100"));
        known = true;
    } else {
        for (const CountMetric &c : kCountMetrics) {
            if (c.name == name) {
                t.m_metric = c.metric;
                known = true;
            }
        }
    }
    if (!known)
        return fail(QStringLiteral("unknown metric \"%1\" (p50, p90, p95, p99, p99.9, max, scheduled, sent, "
                                   "answered, errors, timeouts, late, failed, throughput)")
                        .arg(name));
    const bool latency = t.m_metric == Metric::Latency || t.m_metric == Metric::Max;
    if (latency) {
        if (unit == u"%")
            return fail(QStringLiteral("a latency is in ms, s or us, not %"));
        t.m_value *= unit == u"s" ? 1000.0 : unit == u"us" ? 0.001 : 1.0;
    } else if (unit == u"%") {
        if (t.m_metric == Metric::Scheduled || t.m_metric == Metric::Throughput)
            return fail(QStringLiteral("%1 cannot be a percentage").arg(name));
        t.m_percent = true;
        t.m_value /= 100.0;
    } else if (!unit.isEmpty()) {
        return fail(QStringLiteral("%1 is a count, without a unit (or a percentage with %)").arg(name));
    }
    return t;
}

double LoadThreshold::measure(const LoadResult &r) const
{
    double v = 0;
    switch (m_metric) {
    case Metric::Latency:
        return r.percentileMs(m_percentile);
    case Metric::Max:
        return r.maxMs();
    case Metric::Throughput:
        return r.throughput;
    case Metric::Scheduled:
        return double(r.scheduled);
    case Metric::Sent:
        v = double(r.sent);
        break;
    case Metric::Answered:
        v = double(r.answered);
        break;
    case Metric::Errors:
        v = double(r.errors);
        break;
    case Metric::Timeouts:
        v = double(r.timeouts);
        break;
    case Metric::Late:
        v = double(r.late);
        break;
    case Metric::Failed:
        v = double(r.failedExpectations);
        break;
    }
    if (!m_percent)
        return v;
    const double whole = double(m_metric == Metric::Sent ? r.scheduled : r.sent);
    return whole > 0 ? v / whole : 0;
}

QString LoadThreshold::crossed(const LoadResult &result) const
{
    const double v = measure(result);
    bool holds = false;
    switch (m_op) {
    case Op::Less:
        holds = v < m_value;
        break;
    case Op::LessEqual:
        holds = v <= m_value;
        break;
    case Op::Greater:
        holds = v > m_value;
        break;
    case Op::GreaterEqual:
        holds = v >= m_value;
        break;
    case Op::Equal:
        holds = v == m_value;
        break;
    case Op::NotEqual:
        holds = v != m_value;
        break;
    }
    if (holds)
        return {};
    const QString name = m_text.left(m_text.indexOf(QRegularExpression(QStringLiteral("[<>=!]"))));
    QString was;
    if (m_metric == Metric::Latency || m_metric == Metric::Max)
        was = QStringLiteral("%1 ms").arg(v, 0, 'f', 2);
    else if (m_percent)
        was = QStringLiteral("%1%").arg(v * 100, 0, 'g', 4);
    else if (m_metric == Metric::Throughput)
        was = QStringLiteral("%1/s").arg(v, 0, 'f', 1);
    else
        was = QString::number(qint64(v));
    return QStringLiteral("%1 (%2 was %3)").arg(m_text, name, was);
}

int LoadThreshold::verdict(const LoadResult &r, const QList<LoadThreshold> &thresholds, QStringList *lines)
{
    const qint64 started = r.scripted ? r.conversations : r.sent;
    const bool keptUp = double(started) >= 0.95 * double(r.scheduled);
    const double share = r.scheduled ? 100.0 * double(started) / double(r.scheduled) : 0.0;
    if (!keptUp && r.scripted)
        lines->append(
            QStringLiteral("warning: started %1 of %2 scheduled conversations (%3 %): the others found "
                           "all %4 sessions busy; allow more --sessions")
                .arg(started)
                .arg(r.scheduled)
                .arg(share, 0, 'f', 1)
                .arg(r.sessions));
    else if (!keptUp)
        lines->append(
            QStringLiteral("warning: sent %1 of %2 scheduled messages (%3 %): the probe could not keep "
                           "up with the offered rate, so the server saw less load than asked; use fewer "
                           "sessions per process, or several processes and rasa-probe merge")
                .arg(started)
                .arg(r.scheduled)
                .arg(share, 0, 'f', 1));
    if (thresholds.isEmpty())
        return r.errors || r.timeouts || r.failedExpectations || !keptUp ? 1 : 0;
    int code = 0;
    for (const LoadThreshold &t : thresholds) {
        const QString crossed = t.crossed(r);
        if (!crossed.isEmpty()) {
            lines->append(QStringLiteral("threshold crossed: ") + crossed);
            code = 1;
        }
    }
    return code;
}

} // namespace rasachat
