#include "jsonwriter.h"

#include <QCborValue>
#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>
#include <cmath>

namespace rasachat {

JsonWriter &JsonWriter::beginObject()
{
    separate();
    m_out += '{';
    m_first.append(true);
    return *this;
}

JsonWriter &JsonWriter::endObject()
{
    m_first.removeLast();
    m_out += '}';
    return *this;
}

JsonWriter &JsonWriter::beginArray()
{
    separate();
    m_out += '[';
    m_first.append(true);
    return *this;
}

JsonWriter &JsonWriter::endArray()
{
    m_first.removeLast();
    m_out += ']';
    return *this;
}

JsonWriter &JsonWriter::key(QStringView name)
{
    separate();
    writeString(name);
    m_out += m_style == JsonStyle::Python ? ": " : ":"; // only json.dumps' default has spaces
    m_afterKey = true;
    return *this;
}

void JsonWriter::separate()
{
    if (m_afterKey) {
        m_afterKey = false;
        return;
    }
    if (m_first.isEmpty())
        return;
    if (!m_first.last())
        m_out += m_style == JsonStyle::Python ? ", " : ",";
    m_first.last() = false;
}

JsonWriter &JsonWriter::value(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Object: {
        const QJsonObject o = v.toObject();
        beginObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            key(it.key()).value(it.value());
        endObject();
        break;
    }
    case QJsonValue::Array: {
        beginArray();
        for (const QJsonValue &item : v.toArray())
            value(item);
        endArray();
        break;
    }
    case QJsonValue::String:
        separate();
        writeString(v.toString());
        break;
    case QJsonValue::Double: {
        separate();
        // An integer literal is held as a 64-bit integer: every digit goes back out, as Python keeps
        // them (a double would round those beyond 2^53).
        const QCborValue number = QCborValue::fromJsonValue(v);
        if (number.isInteger())
            m_out += QByteArray::number(number.toInteger());
        else
            writeNumber(v.toDouble());
        break;
    }
    case QJsonValue::Bool:
        separate();
        m_out += v.toBool() ? "true" : "false";
        break;
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        separate();
        m_out += "null";
        break;
    }
    return *this;
}

void JsonWriter::writeString(QStringView s)
{
    static const char hex[] = "0123456789abcdef";
    m_out += '"';
    qsizetype plainFrom = 0; // Compact: a run of characters written as UTF-8 in one go
    auto flushPlain = [&](qsizetype upTo) {
        if (upTo > plainFrom)
            m_out += s.mid(plainFrom, upTo - plainFrom).toUtf8();
    };
    for (qsizetype i = 0; i < s.size(); ++i) {
        const char16_t u = s[i].unicode();
        const char *escape = nullptr;
        switch (u) {
        case '"':
            escape = "\\\"";
            break;
        case '\\':
            escape = "\\\\";
            break;
        case '\n':
            escape = "\\n";
            break;
        case '\r':
            escape = "\\r";
            break;
        case '\t':
            escape = "\\t";
            break;
        case '\b':
            escape = "\\b";
            break;
        case '\f':
            escape = "\\f";
            break;
        case '/':
            escape = m_style == JsonStyle::Ujson ? "\\/" : nullptr;
            break;
        default:
            break;
        }
        const bool needsUnicodeEscape = !escape && (u < 0x20 || (u > 0x7e && m_style != JsonStyle::Compact));
        if (!escape && !needsUnicodeEscape)
            continue;
        flushPlain(i);
        plainFrom = i + 1;
        if (escape) {
            m_out += escape;
        } else {
            // Python and ujson are ASCII-only; surrogate pairs stay two escapes, as they write them.
            m_out += "\\u";
            m_out += hex[(u >> 12) & 0xf];
            m_out += hex[(u >> 8) & 0xf];
            m_out += hex[(u >> 4) & 0xf];
            m_out += hex[u & 0xf];
        }
    }
    flushPlain(s.size());
    m_out += '"';
}

void JsonWriter::writeNumber(double d)
{
    // JSON numbers reach us as doubles; integral values are what Python would hold as int.
    if (std::isfinite(d) && d == std::trunc(d) && std::fabs(d) < 9007199254740992.0) {
        m_out += QByteArray::number(qint64(d));
        return;
    }
    if (!std::isfinite(d)) {
        m_out += "null";
        return;
    }
    m_out += QByteArray::number(d, 'g', QLocale::FloatingPointShortest);
}

QByteArray JsonWriter::encode(const QJsonValue &v, JsonStyle style)
{
    JsonWriter w(style);
    w.value(v);
    return w.data();
}

} // namespace rasachat
