#pragma once

// WebSocket frames as a test client writes and reads them on a raw socket (RFC 6455), for tests that
// drive the server byte by byte (floods, clients that do not read).

#include <QByteArray>
#include <QList>

// A client's WebSocket text frame: FIN + text, masked with key 0 (the payload stays as it is).
inline QByteArray clientTextFrame(const QByteArray &payload)
{
    QByteArray frame("\x81", 1);
    if (payload.size() < 126) {
        frame += char(0x80 | payload.size());
    } else {
        Q_ASSERT(payload.size() <= 0xffff);
        frame += char(0x80 | 126);
        frame += char(payload.size() >> 8);
        frame += char(payload.size() & 0xff);
    }
    return frame + QByteArray(4, '\0') + payload;
}

// The server's frames to a client (unmasked) taken off the front of `buffer`: the text of each complete
// data frame; control frames are skipped.
inline QList<QByteArray> takeServerTextFrames(QByteArray *buffer)
{
    QList<QByteArray> texts;
    for (;;) {
        if (buffer->size() < 2)
            return texts;
        const auto byte = [&](qsizetype i) { return quint64(quint8(buffer->at(i))); };
        quint64 length = byte(1) & 0x7f;
        qsizetype header = 2;
        if (length == 126) {
            if (buffer->size() < 4)
                return texts;
            length = byte(2) << 8 | byte(3);
            header = 4;
        } else if (length == 127) {
            if (buffer->size() < 10)
                return texts;
            length = 0;
            for (int i = 2; i < 10; ++i)
                length = length << 8 | byte(i);
            header = 10;
        }
        if (quint64(buffer->size() - header) < length)
            return texts;
        if ((byte(0) & 0x0f) == 0x1)
            texts.append(buffer->mid(header, qsizetype(length)));
        buffer->remove(0, header + qsizetype(length));
    }
}

// A WebSocket client of rasa-mock (echo bot, no heartbeat during the test) that writes `messages` echo
// requests of 60 kB each and does not read (its socket takes at most 4 kB) until told.
