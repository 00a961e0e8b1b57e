#include "latencyhistogram.h"

#include <QJsonArray>
#include <algorithm>
#include <bit>
#include <cmath>

namespace rasachat {

namespace {
constexpr int kShift = std::countr_zero(unsigned(LatencyHistogram::kSubBuckets)); // 7
} // namespace

int LatencyHistogram::bucketOf(qint64 micros)
{
    const auto v = quint64(std::max<qint64>(micros, 0));
    if (v < quint64(kSubBuckets))
        return int(v);
    // v = mantissa << exponent with mantissa in [128, 256): bucket 128 + 128 * exponent + (mantissa - 128)
    const int exponent = int(std::bit_width(v)) - 1 - kShift;
    const auto mantissa = int(v >> exponent);
    return kSubBuckets * (exponent + 1) + (mantissa - kSubBuckets);
}

qint64 LatencyHistogram::bucketFrom(int bucket)
{
    if (bucket < kSubBuckets)
        return bucket;
    const int exponent = bucket / kSubBuckets - 1;
    const qint64 mantissa = kSubBuckets + bucket % kSubBuckets;
    return mantissa << exponent;
}

qint64 LatencyHistogram::bucketTo(int bucket)
{
    if (bucket < kSubBuckets)
        return bucket + 1;
    return bucketFrom(bucket) + (qint64(1) << (bucket / kSubBuckets - 1));
}

void LatencyHistogram::record(qint64 micros)
{
    micros = std::max<qint64>(micros, 0);
    const auto b = std::size_t(bucketOf(micros));
    if (b >= m_counts.size())
        m_counts.resize(b + 1, 0);
    ++m_counts[b];
    m_min = m_count ? std::min(m_min, micros) : micros;
    m_max = m_count ? std::max(m_max, micros) : micros;
    ++m_count;
}

void LatencyHistogram::add(const LatencyHistogram &other)
{
    if (!other.m_count)
        return;
    if (other.m_counts.size() > m_counts.size())
        m_counts.resize(other.m_counts.size(), 0);
    for (std::size_t i = 0; i < other.m_counts.size(); ++i)
        m_counts[i] += other.m_counts[i];
    m_min = m_count ? std::min(m_min, other.m_min) : other.m_min;
    m_max = m_count ? std::max(m_max, other.m_max) : other.m_max;
    m_count += other.m_count;
}

double LatencyHistogram::percentile(double p) const
{
    if (!m_count)
        return 0;
    const auto rank = std::clamp<qint64>(qint64(std::ceil(p / 100.0 * double(m_count))), 1, m_count);
    qint64 seen = 0;
    for (std::size_t i = 0; i < m_counts.size(); ++i) {
        seen += m_counts[i];
        if (seen >= rank) {
            const double middle = double(bucketFrom(int(i)) + bucketTo(int(i)) - 1) / 2.0;
            return std::clamp(middle, double(m_min), double(m_max));
        }
    }
    return double(m_max);
}

QJsonObject LatencyHistogram::toJson() const
{
    QJsonArray buckets;
    for (std::size_t i = 0; i < m_counts.size(); ++i) {
        if (m_counts[i])
            buckets.append(
                QJsonArray{double(bucketFrom(int(i))), double(bucketTo(int(i))), double(m_counts[i])});
    }
    return QJsonObject{
        {QStringLiteral("unit"), QStringLiteral("us")}, {QStringLiteral("sub_buckets"), kSubBuckets},
        {QStringLiteral("count"), double(m_count)},     {QStringLiteral("min"), double(min())},
        {QStringLiteral("max"), double(max())},         {QStringLiteral("buckets"), buckets}};
}

std::optional<LatencyHistogram> LatencyHistogram::fromJson(const QJsonObject &o, QString *error)
{
    if (o.value(u"unit").toString() != u"us" || o.value(u"sub_buckets").toInt() != kSubBuckets) {
        *error = QStringLiteral("the histogram is not in microseconds with %1 sub-buckets").arg(kSubBuckets);
        return std::nullopt;
    }
    LatencyHistogram h;
    qint64 total = 0;
    for (const QJsonValue &row : o.value(u"buckets").toArray()) {
        const QJsonArray r = row.toArray();
        const double from = r.at(0).toDouble(-1);
        const double count = r.at(2).toDouble(-1);
        const int b = from >= 0 && from < 9e15 ? bucketOf(qint64(from)) : -1;
        if (r.size() != 3 || b < 0 || double(bucketFrom(b)) != from ||
            double(bucketTo(b)) != r.at(1).toDouble() || count < 1 || count != std::floor(count)) {
            *error = QStringLiteral("a histogram bucket is not [from, to, count] of this layout");
            return std::nullopt;
        }
        if (std::size_t(b) >= h.m_counts.size())
            h.m_counts.resize(std::size_t(b) + 1, 0);
        h.m_counts[std::size_t(b)] += qint64(count);
        total += qint64(count);
    }
    h.m_count = total;
    h.m_min = qint64(o.value(u"min").toDouble());
    h.m_max = qint64(o.value(u"max").toDouble());
    const auto first = std::find_if(h.m_counts.begin(), h.m_counts.end(), [](qint64 c) { return c > 0; });
    if (total != qint64(o.value(u"count").toDouble(-1)) ||
        (total && (bucketOf(h.m_min) != int(first - h.m_counts.begin()) ||
                   bucketOf(h.m_max) != int(h.m_counts.size()) - 1))) {
        *error = QStringLiteral("the histogram's count, min or max do not fit its buckets");
        return std::nullopt;
    }
    return h;
}

} // namespace rasachat
