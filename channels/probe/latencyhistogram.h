#pragma once

#include <QJsonObject>
#include <QtGlobal>
#include <optional>
#include <vector>

namespace rasachat {

// A log-bucketed latency histogram in the manner of HdrHistogram: values in microseconds; below 128 µs
// every microsecond has its own bucket, above it each power of two is cut into 128 equal buckets, so a
// bucket is never wider than 1/128 (0.8 %) of the values in it. Fixed bucket bounds make histograms of
// several runs (or machines) add up exactly, and percentiles of the sum are as precise as of each part.
//
// JSON form (rasa-probe load --json, read back by rasa-probe merge):
//   {"unit":"us","sub_buckets":128,"count":N,"min":A,"max":B,"buckets":[[from,to,count],...]}
// with one [from, to) row per non-empty bucket, in ascending order.
class LatencyHistogram
{
public:
    static constexpr int kSubBuckets = 128;

    void record(qint64 micros);
    void add(const LatencyHistogram &other);

    qint64 count() const { return m_count; }
    qint64 min() const { return m_count ? m_min : 0; }
    qint64 max() const { return m_count ? m_max : 0; }
    // The nearest-rank percentile (p in 0..100), as the middle of its bucket, kept within [min, max].
    double percentile(double p) const;

    QJsonObject toJson() const;
    // nullopt with *error set when the object is not a histogram of this layout.
    static std::optional<LatencyHistogram> fromJson(const QJsonObject &o, QString *error);

    static int bucketOf(qint64 micros);
    static qint64 bucketFrom(int bucket);
    static qint64 bucketTo(int bucket); // exclusive

private:
    std::vector<qint64> m_counts; // by bucket index, grown on demand
    qint64 m_count = 0;
    qint64 m_min = 0;
    qint64 m_max = 0;
};

} // namespace rasachat
