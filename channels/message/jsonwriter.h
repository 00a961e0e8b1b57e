#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QList>

namespace rasachat {

// The two JSON dialects Rasa puts on the wire, reproduced byte for byte:
//  - Ujson:  Sanic's response.json() with ujson defaults (non-stream REST replies): no spaces,
//            '/' escaped as "\/", non-ASCII as \uXXXX.
//  - Python: the standard library's json.dumps() defaults (REST stream lines, callback POST bodies):
//            ", " and ": " separators, '/' as is, non-ASCII as \uXXXX.
//  - PythonCompact: json.dumps(separators=(',', ':')), as python-socketio writes Socket.IO packets:
//            no spaces, '/' as is, non-ASCII as \uXXXX.
// and one of our own for people (rasa-probe output): no spaces, nothing escaped that need not be, UTF-8.
enum class JsonStyle { Ujson, Python, PythonCompact, Compact };

// A streaming writer that keeps the key order it is given, which QJsonObject cannot: Rasa's message
// objects have a fixed key order (recipient_id, text, image, buttons, attachment, custom) that clients
// written against real Rasa may see. Plain QJsonObjects are written with their keys sorted.
class JsonWriter
{
public:
    explicit JsonWriter(JsonStyle style) : m_style(style) {}

    JsonWriter &beginObject();
    JsonWriter &endObject();
    JsonWriter &beginArray();
    JsonWriter &endArray();
    JsonWriter &key(QStringView name);
    JsonWriter &value(const QJsonValue &v);

    const QByteArray &data() const { return m_out; }

    static QByteArray encode(const QJsonValue &v, JsonStyle style);

private:
    void separate();
    void writeString(QStringView s);
    void writeNumber(double d);

    JsonStyle m_style;
    QByteArray m_out;
    QList<bool> m_first; // one entry per open container: has nothing been written into it yet?
    bool m_afterKey = false;
};

} // namespace rasachat
