#include "loadseries.h"

#include "../message/jsonwriter.h"
#include "loadresult.h"

#include <cmath>

namespace rasachat {

std::unique_ptr<LoadSeriesWriter> LoadSeriesWriter::open(const QString &path, QString *error)
{
    Format format;
    if (path.endsWith(u".csv", Qt::CaseInsensitive)) {
        format = Format::Csv;
    } else if (path.endsWith(u".jsonl", Qt::CaseInsensitive)) {
        format = Format::JsonLines;
    } else {
        *error = QStringLiteral("--out: %1 must end in .csv or .jsonl").arg(path);
        return nullptr;
    }
    std::unique_ptr<LoadSeriesWriter> w(new LoadSeriesWriter(path, format));
    if (!w->m_file.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text)) {
        *error = QStringLiteral("--out: cannot write %1: %2").arg(path, w->m_file.errorString());
        return nullptr;
    }
    if (format == Format::Csv)
        w->m_file.write("second,offered,sent,answered,errors,timeouts,late,p50_ms,p99_ms\n");
    return w;
}

void LoadSeriesWriter::write(int second, const LoadResult &r)
{
    const double p50 = std::round(r.percentileMs(50) * 100) / 100;
    const double p99 = std::round(r.percentileMs(99) * 100) / 100;
    if (m_format == Format::Csv) {
        m_file.write(QStringLiteral("%1,%2,%3,%4,%5,%6,%7,%8,%9\n")
                         .arg(second)
                         .arg(r.scheduled)
                         .arg(r.sent)
                         .arg(r.answered)
                         .arg(r.errors)
                         .arg(r.timeouts)
                         .arg(r.late)
                         .arg(p50)
                         .arg(p99)
                         .toUtf8());
    } else {
        JsonWriter w(JsonStyle::Compact);
        w.beginObject();
        w.key(u"second").value(second);
        w.key(u"offered").value(double(r.scheduled));
        w.key(u"sent").value(double(r.sent));
        w.key(u"answered").value(double(r.answered));
        w.key(u"errors").value(double(r.errors));
        w.key(u"timeouts").value(double(r.timeouts));
        w.key(u"late").value(double(r.late));
        w.key(u"p50_ms").value(p50);
        w.key(u"p99_ms").value(p99);
        w.endObject();
        m_file.write(w.data() + '\n');
    }
    m_file.flush(); // a run that is interrupted keeps the seconds it had
}

} // namespace rasachat
