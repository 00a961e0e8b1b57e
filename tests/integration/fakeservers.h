#pragma once

// Misbehaving servers for client tests: each writes exactly the bytes a test scripts, on a loopback port
// the OS picks, so that the clients meet what a broken or hostile server really sends (a DISCONNECT at
// an awkward moment, a malformed packet, a frame over the limit, a reply cut short, an endless body).

#include <QCryptographicHash>
#include <QHostAddress>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrl>
#include <QWebSocket>
#include <QWebSocketServer>
#include <functional>
#include <sys/socket.h>

// A Socket.IO v5 server over a WebSocket (the client must use the websocket transport) that does only
// the handshakes — Engine.IO OPEN, Socket.IO CONNECT, Rasa's session_request -> session_confirm — and
// hands every other frame from the client to `onFrame`, which answers with sendText().
class FakeSioServer : public QObject
{
public:
    // `onFrame(server, frame)` gets each frame after the handshake, e.g. 420["user_uttered",{...}].
    std::function<void(FakeSioServer &server, const QString &frame)> onFrame;
    int maxPayload = 1'000'000; // announced in the OPEN packet

    FakeSioServer() : m_server(QStringLiteral("fake"), QWebSocketServer::NonSecureMode)
    {
        connect(&m_server, &QWebSocketServer::newConnection, this, &FakeSioServer::accept);
    }
    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort())); }

    void sendText(const QString &frame)
    {
        if (m_client)
            m_client->sendTextMessage(frame);
    }
    QWebSocket *client() const { return m_client; }
    // Frames from the client after the handshake, and how many connections were accepted.
    QStringList frames;
    int connections = 0;

private:
    void accept()
    {
        QWebSocket *ws = m_server.nextPendingConnection();
        ws->setParent(this);
        ++connections;
        m_client = ws;
        connect(ws, &QWebSocket::textMessageReceived, this, [this](const QString &text) { onText(text); });
        ws->sendTextMessage(QStringLiteral(R"(0{"sid":"fake-eio-%1","upgrades":[],"pingInterval":25000,)"
                                           R"("pingTimeout":20000,"maxPayload":%2})")
                                .arg(connections)
                                .arg(maxPayload));
    }
    void onText(const QString &text)
    {
        if (text == u"40" || text.startsWith(u"40{")) {
            sendText(QStringLiteral(R"(40{"sid":"fake-sio-%1"})").arg(connections));
        } else if (text.startsWith(uR"(42["session_request")")) {
            sendText(QStringLiteral(R"(42["session_confirm","fake-session"])"));
        } else if (text != u"3" && text != u"1") { // pongs and the client's CLOSE
            frames.append(text);
            if (onFrame)
                onFrame(*this, text);
        }
    }

    QWebSocketServer m_server;
    QPointer<QWebSocket> m_client;
};

// An HTTP server that answers every request with what `respond` returns, written as is; then it
// closes the connection, resets it (RST: unsent data is dropped, as a crashed server would) or keeps
// it open. `respond` may also write more later through the socket it is given.
class ScriptedHttpServer : public QObject
{
public:
    enum class After { KeepOpen, Close, Reset };
    struct Answer
    {
        QByteArray bytes;
        After after = After::Close;
    };
    // Gets the request head (request line and headers) and the socket.
    std::function<Answer(const QByteArray &head, QTcpSocket *socket)> respond;
    QList<QByteArray> requests; // the heads, in order
    qint64 streamed = 0;        // bytes written by stream()
    int hangUps = 0;            // connections the client closed

    // Keeps writing to `socket` for as long as the client reads: a body without end.
    void stream(QTcpSocket *socket)
    {
        auto more = [this, socket] {
            while (socket->state() == QAbstractSocket::ConnectedState && socket->bytesToWrite() < 256 * 1024)
                streamed += socket->write(QByteArray(64 * 1024, 'x'));
        };
        connect(socket, &QTcpSocket::bytesWritten, socket, more);
        more();
    }

    ScriptedHttpServer()
    {
        connect(&m_server, &QTcpServer::newConnection, this, &ScriptedHttpServer::accept);
    }
    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort())); }

    static void reset(QTcpSocket *socket)
    {
        const linger hard{1, 0}; // close() then sends RST instead of FIN
        ::setsockopt(int(socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
        socket->abort();
    }

private:
    void accept()
    {
        while (QTcpSocket *socket = m_server.nextPendingConnection()) {
            socket->setParent(this);
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onData(socket); });
            connect(socket, &QTcpSocket::disconnected, this, [this] { ++hangUps; });
        }
    }
    void onData(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        while (true) {
            const qsizetype end = buffer.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            const QByteArray head = buffer.left(end);
            qsizetype length = 0;
            for (const QByteArray &line : head.split('\n')) {
                if (line.toLower().startsWith("content-length:"))
                    length = line.mid(15).trimmed().toLongLong();
            }
            if (buffer.size() < end + 4 + length)
                return;
            buffer.remove(0, end + 4 + length);
            requests.append(head);
            const Answer answer = respond(head, socket);
            socket->write(answer.bytes);
            if (answer.after == After::Close) {
                socket->disconnectFromHost();
                return;
            }
            if (answer.after == After::Reset) {
                socket->flush();
                reset(socket);
                return;
            }
        }
    }

    QTcpServer m_server;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

// A WebSocket server written by hand, for frames no WebSocket library would send (a header announcing
// a gigabyte): it answers the upgrade, then hands the socket to `onOpen`, which writes raw frames.
class RawWebSocketServer : public QObject
{
public:
    std::function<void(QTcpSocket *socket)> onOpen;
    int hangUps = 0;

    RawWebSocketServer()
    {
        connect(&m_server, &QTcpServer::newConnection, this, &RawWebSocketServer::accept);
    }
    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort())); }

    // An unmasked server frame header (FIN set) for `length` payload bytes.
    static QByteArray header(quint8 opcode, quint64 length)
    {
        QByteArray h(1, char(0x80 | opcode));
        if (length < 126) {
            h += char(length);
        } else if (length < 65536) {
            h += char(126);
            h += char(length >> 8);
            h += char(length & 0xff);
        } else {
            h += char(127);
            for (int shift = 56; shift >= 0; shift -= 8)
                h += char((length >> shift) & 0xff);
        }
        return h;
    }
    static QByteArray textFrame(const QByteArray &text) { return header(0x1, quint64(text.size())) + text; }

private:
    void accept()
    {
        while (QTcpSocket *socket = m_server.nextPendingConnection()) {
            socket->setParent(this);
            connect(socket, &QTcpSocket::disconnected, this, [this] { ++hangUps; });
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
                if (socket->property("open").toBool())
                    return (void)socket->readAll(); // the client's frames: not needed here
                m_heads[socket] += socket->readAll();
                const QByteArray head = m_heads[socket];
                if (!head.contains("\r\n\r\n"))
                    return;
                QByteArray key;
                for (const QByteArray &line : head.split('\n'))
                    if (line.toLower().startsWith("sec-websocket-key:"))
                        key = line.mid(18).trimmed();
                const QByteArray accept =
                    QCryptographicHash::hash(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11",
                                             QCryptographicHash::Sha1)
                        .toBase64();
                socket->write(
                    "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    "Sec-WebSocket-Accept: " +
                    accept + "\r\n\r\n");
                socket->setProperty("open", true);
                if (onOpen)
                    onOpen(socket);
            });
        }
    }

    QTcpServer m_server;
    QHash<QTcpSocket *, QByteArray> m_heads;
};
