#pragma once

#include <QByteArrayView>
#include <QString>
#include <QStringView>

namespace rasachat {

// What a client sends (sender ids, packets, paths, headers) is written to the log only through these:
// control characters, line and paragraph separators and bidirectional overrides come out as escapes
// (\n, \x1b, \u{2028}) and a backslash as \\, so that no input can start a line of its own, hide text
// or repaint the terminal.
QString logSafe(QStringView text);
// Raw bytes: printable ASCII as it is, every other byte as \xHH.
QString logSafe(QByteArrayView bytes);

} // namespace rasachat
