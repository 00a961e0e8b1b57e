#pragma once

// A byte-level HTTP client for tests: writes exactly the bytes given and parses exactly what comes
// back, so that tests see the wire as a foreign client would (framing, headers, chunking, closing).

#include <QByteArray>
#include <QTcpSocket>
#include <QTest>
#include <optional>

struct RawResponse
{
    int status = 0;
    QList<QPair<QByteArray, QByteArray>> headers; // names lower-cased
    QByteArray body;                              // de-chunked

    QByteArray header(const QByteArray &lowerName) const
    {
        for (const auto &h : headers)
            if (h.first == lowerName)
                return h.second;
        return {};
    }
};

class RawClient
{
public:
    explicit RawClient(quint16 port)
    {
        m_socket.connectToHost(QHostAddress::LocalHost, port);
        m_connected =
            QTest::qWaitFor([this] { return m_socket.state() == QAbstractSocket::ConnectedState; }, 5000);
    }
    bool isConnected() const { return m_connected; }
    bool isOpen() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    void send(const QByteArray &bytes)
    {
        m_socket.write(bytes);
        m_socket.flush();
    }
    QTcpSocket &socket() { return m_socket; }

    // Waits (on the event loop) for one complete response; nullopt if none arrives in time.
    std::optional<RawResponse> read(int timeoutMs = 5000)
    {
        std::optional<RawResponse> result;
        (void)QTest::qWaitFor(
            [&] {
                m_buffer += m_socket.readAll();
                const bool closed = m_socket.state() != QAbstractSocket::ConnectedState;
                result = tryParse(closed);
                return result.has_value() || closed;
            },
            timeoutMs);
        return result;
    }

    // Waits until the server has closed the connection.
    bool waitClosed(int timeoutMs = 5000)
    {
        return QTest::qWaitFor([&] { return m_socket.state() == QAbstractSocket::UnconnectedState; },
                               timeoutMs);
    }

    QByteArray rest() const { return m_buffer; }
    // The next response answers a HEAD request: it has headers only.
    void expectHeadResponse() { m_headOnly = true; }

    static QByteArray request(const QByteArray &method, const QByteArray &target, const QByteArray &body = {},
                              const QByteArray &extraHeaders = {})
    {
        QByteArray r = method + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extraHeaders;
        if (!body.isNull())
            r += "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) +
                 "\r\n";
        return r + "\r\n" + body;
    }

private:
    std::optional<RawResponse> tryParse(bool closed)
    {
        const qsizetype headEnd = m_buffer.indexOf("\r\n\r\n");
        if (headEnd < 0)
            return std::nullopt;
        RawResponse r;
        const QList<QByteArray> lines = m_buffer.left(headEnd).split('\n');
        r.status = lines.first().split(' ').value(1).toInt();
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines[i].trimmed();
            const qsizetype colon = line.indexOf(':');
            r.headers.append({line.left(colon).toLower(), line.mid(colon + 1).trimmed()});
        }
        qsizetype pos = headEnd + 4;
        if (r.status < 200 || r.status == 204 || m_headOnly) {
            // no body
        } else if (r.header("transfer-encoding") == "chunked") {
            while (true) {
                const qsizetype eol = m_buffer.indexOf("\r\n", pos);
                if (eol < 0)
                    return std::nullopt;
                bool ok = false;
                const int size = m_buffer.mid(pos, eol - pos).toInt(&ok, 16);
                if (!ok || m_buffer.size() < eol + 2 + size + 2)
                    return std::nullopt;
                r.body += m_buffer.mid(eol + 2, size);
                pos = eol + 2 + size + 2;
                if (size == 0)
                    break;
            }
        } else if (!r.header("content-length").isEmpty()) {
            const int length = r.header("content-length").toInt();
            if (m_buffer.size() < pos + length)
                return std::nullopt;
            r.body = m_buffer.mid(pos, length);
            pos += length;
        } else {
            if (!closed)
                return std::nullopt;
            r.body = m_buffer.mid(pos);
            pos = m_buffer.size();
        }
        m_buffer.remove(0, pos);
        m_headOnly = false;
        return r;
    }

    QTcpSocket m_socket;
    bool m_headOnly = false;
    QByteArray m_buffer;
    bool m_connected = false;
};
