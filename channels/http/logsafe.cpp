#include "logsafe.h"

namespace rasachat {

namespace {

bool needsEscape(char32_t c)
{
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f))
        return true; // C0, DEL, C1 (0x9b is a CSI of its own on some terminals)
    if (c == 0x2028 || c == 0x2029)
        return true; // line and paragraph separators
    return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f ||
           c == 0x061c; // bidirectional marks and overrides
}

void appendEscape(QString &out, char32_t c)
{
    switch (c) {
    case u'\n':
        out += u"\\n";
        return;
    case u'\r':
        out += u"\\r";
        return;
    case u'\t':
        out += u"\\t";
        return;
    default:
        break;
    }
    if (c <= 0xff)
        out += QStringLiteral("\\x%1").arg(uint(c), 2, 16, QLatin1Char('0'));
    else
        out += QStringLiteral("\\u{%1}").arg(uint(c), 4, 16, QLatin1Char('0'));
}

} // namespace

QString logSafe(QStringView text)
{
    QString out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (c.isSurrogate()) { // a pair passes whole; a lone half is shown as its code unit
            if (c.isHighSurrogate() && i + 1 < text.size() && text[i + 1].isLowSurrogate()) {
                out += c;
                out += text[++i];
            } else {
                out += QStringLiteral("\\u{%1}").arg(c.unicode(), 4, 16, QLatin1Char('0'));
            }
            continue;
        }
        if (c == u'\\')
            out += u"\\\\";
        else if (needsEscape(c.unicode()))
            appendEscape(out, c.unicode());
        else
            out += c;
    }
    return out;
}

QString logSafe(QByteArrayView bytes)
{
    QString out;
    out.reserve(bytes.size());
    for (const char byte : bytes) {
        const auto c = uchar(byte);
        if (c == '\\')
            out += u"\\\\";
        else if (c < 0x20 || c >= 0x7f)
            appendEscape(out, c);
        else
            out += QLatin1Char(char(c));
    }
    return out;
}

} // namespace rasachat
