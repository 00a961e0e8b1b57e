#pragma once

#include "latencyhistogram.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <optional>

namespace rasachat {

// What a rasa-probe load run measured, as printed (table or --json) and as rasa-probe merge reads it back.
// Latencies are those of answered messages only, from the instant each was sent to its first reply.
struct LoadResult
{
    QString channel;
    int sessions = 0;
    double rate = 0;               // the peak offered rate, messages per second
    double durationS = 0;          // of the sending window
    qint64 scheduled = 0;          // messages the schedule called for
    qint64 sent = 0;               // messages actually sent within the window
    qint64 answered = 0;           // replied to within the timeout
    qint64 errors = 0;             // refused, failed or answered with an error
    qint64 timeouts = 0;           // no reply within the timeout
    qint64 late = 0;               // of the timeouts: the reply came afterwards
    qint64 failedExpectations = 0; // --script: bot messages that did not fit the script
    qint64 conversations = 0;      // --script: conversations started
    qint64 passed = 0;             // --script: conversations played to the end, every bot message fitting
    bool scripted = false;
    double throughput = 0; // replies per second, over the time from the first send to the last reply
    LatencyHistogram latency;

    double percentileMs(double p) const { return latency.percentile(p) / 1000.0; }
    double maxMs() const { return double(latency.max()) / 1000.0; }

    QByteArray toJson() const;
    // Reads what toJson() wrote; nullopt with *error set otherwise.
    static std::optional<LoadResult> fromJson(const QByteArray &json, QString *error);
    // Several runs at once (several processes or machines): counts and histograms add up, throughputs
    // and rates too; the window is the longest.
    void add(const LoadResult &other);
    QString table() const;
};

} // namespace rasachat
