#include "loadresult.h"

#include "../message/jsonwriter.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <cmath>

namespace rasachat {

namespace {

double round2(double v)
{
    return std::round(v * 100) / 100;
}

struct Count
{
    const char16_t *key;
    qint64 LoadResult::*field;
};

// The counts, in the order they are printed; all are summed by merge.
constexpr Count kCounts[] = {{u"scheduled", &LoadResult::scheduled}, {u"sent", &LoadResult::sent},
                             {u"answered", &LoadResult::answered},   {u"errors", &LoadResult::errors},
                             {u"timeouts", &LoadResult::timeouts},   {u"late", &LoadResult::late}};

} // namespace

QByteArray LoadResult::toJson() const
{
    JsonWriter w(JsonStyle::Compact);
    w.beginObject();
    w.key(u"channel").value(channel);
    w.key(u"sessions").value(sessions);
    w.key(u"rate").value(rate);
    w.key(u"duration_s").value(durationS);
    for (const Count &c : kCounts)
        w.key(c.key).value(double(this->*c.field));
    if (scripted) {
        w.key(u"conversations").value(double(conversations));
        w.key(u"passed").value(double(passed));
        w.key(u"failed_expectations").value(double(failedExpectations));
    }
    w.key(u"throughput").value(std::round(throughput * 10) / 10);
    for (auto [key, p] : {std::pair{u"p50_ms", 50.0}, std::pair{u"p90_ms", 90.0}, std::pair{u"p95_ms", 95.0},
                          std::pair{u"p99_ms", 99.0}, std::pair{u"p999_ms", 99.9}})
        w.key(key).value(round2(percentileMs(p)));
    w.key(u"max_ms").value(round2(maxMs()));
    w.key(u"histogram").value(latency.toJson());
    w.endObject();
    return w.data();
}

std::optional<LoadResult> LoadResult::fromJson(const QByteArray &json, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (!doc.isObject()) {
        *error = parseError.error != QJsonParseError::NoError
                     ? QStringLiteral("not JSON: %1").arg(parseError.errorString())
                     : QStringLiteral("not a JSON object");
        return std::nullopt;
    }
    const QJsonObject o = doc.object();
    if (!o.value(u"histogram").isObject()) {
        *error = QStringLiteral("no \"histogram\": not the --json output of rasa-probe load");
        return std::nullopt;
    }
    LoadResult r;
    for (const Count &c : kCounts) {
        const double v = o.value(c.key).toDouble(-1);
        if (v < 0 || v != std::floor(v)) {
            *error = QStringLiteral("\"%1\" is missing or not a count").arg(QStringView(c.key));
            return std::nullopt;
        }
        r.*c.field = qint64(v);
    }
    auto histogram = LatencyHistogram::fromJson(o.value(u"histogram").toObject(), error);
    if (!histogram)
        return std::nullopt;
    r.latency = *histogram;
    r.channel = o.value(u"channel").toString();
    r.sessions = o.value(u"sessions").toInt();
    r.rate = o.value(u"rate").toDouble();
    r.durationS = o.value(u"duration_s").toDouble();
    r.throughput = o.value(u"throughput").toDouble();
    r.scripted = o.contains(u"conversations");
    r.conversations = qint64(o.value(u"conversations").toDouble());
    r.failedExpectations = qint64(o.value(u"failed_expectations").toDouble());
    r.passed = qint64(o.value(u"passed").toDouble());
    return r;
}

void LoadResult::add(const LoadResult &other)
{
    if (channel != other.channel)
        channel = channel.isEmpty() ? other.channel : channel + u'+' + other.channel;
    sessions += other.sessions;
    rate += other.rate;
    durationS = std::max(durationS, other.durationS);
    for (const Count &c : kCounts)
        this->*c.field += other.*c.field;
    scripted = scripted || other.scripted;
    conversations += other.conversations;
    failedExpectations += other.failedExpectations;
    passed += other.passed;
    throughput += other.throughput;
    latency.add(other.latency);
}

QString LoadResult::table() const
{
    QString t = QStringLiteral("%1 sessions over %2, up to %3 %4/s for %5 s\n")
                    .arg(sessions)
                    .arg(channel)
                    .arg(rate)
                    .arg(scripted ? u"conversations" : u"messages")
                    .arg(durationS);
    if (!scripted)
        t += QStringLiteral("  scheduled   %1\n").arg(scheduled);
    t += QStringLiteral("  sent        %1\n  answered    %2\n  errors      %3\n"
                        "  timeouts    %4 (late replies %5)\n")
             .arg(sent)
             .arg(answered)
             .arg(errors)
             .arg(timeouts)
             .arg(late);
    if (scripted) // the schedule's arrivals are conversations
        t += QStringLiteral("  conversations %1 scheduled, %2 started, %3 passed; %4 failed expectations\n")
                 .arg(scheduled)
                 .arg(conversations)
                 .arg(passed)
                 .arg(failedExpectations);
    t += QStringLiteral("  throughput  %1 replies/s\n").arg(throughput, 0, 'f', 1);
    t += QStringLiteral("  latency     p50 %1 ms  p90 %2 ms  p95 %3 ms  p99 %4 ms  p99.9 %5 ms  max %6 ms")
             .arg(percentileMs(50), 0, 'f', 2)
             .arg(percentileMs(90), 0, 'f', 2)
             .arg(percentileMs(95), 0, 'f', 2)
             .arg(percentileMs(99), 0, 'f', 2)
             .arg(percentileMs(99.9), 0, 'f', 2)
             .arg(maxMs(), 0, 'f', 2);
    return t;
}

} // namespace rasachat
