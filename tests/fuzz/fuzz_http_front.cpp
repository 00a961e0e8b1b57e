// rasa-mock's whole HTTP front as a client sees it: the info routes, REST, and Socket.IO over polling and
// over a WebSocket upgrade (the demo bot answering), fed with the fuzzer's bytes.
//
// The bytes reach a real HttpConnection through in-process socket pairs (socketpair(2), adopted by a
// QTcpSocket): no network, and a run is deterministic because the event loop is run until it is idle
// after every chunk, and no timer with a real interval fires within one run.
//
// Input: chunks separated by "@@" (the next chunk on the same connection, after the server has answered
// the previous one) or "@+" (the next chunk on a new connection; at most 4). In every chunk, "{SID}" is
// replaced by the Engine.IO session id of the last OPEN packet the server sent, so that polling and
// upgrade requests can name a live session.

#include "fuzzsupport.h"
#include "http/httpconnection.h"
#include "server/mockserver.h"

#include <QTcpSocket>
#include <cstdio>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace rasachat;

namespace {

constexpr int kMaxConnections = 4;

// Our end of one connection; the other end is an HttpConnection of the server.
class Peer
{
public:
    explicit Peer(HttpServer *server)
    {
        int fds[2];
        if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
            return;
        m_fd = fds[0];
        ::fcntl(m_fd, F_SETFL, ::fcntl(m_fd, F_GETFL) | O_NONBLOCK);
        auto *socket = new QTcpSocket;
        if (!socket->setSocketDescriptor(fds[1])) {
            ::close(fds[1]);
            delete socket;
            return;
        }
        new HttpConnection(socket, server); // owned by the server from here on
    }
    ~Peer()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    Peer(const Peer &) = delete;
    Peer &operator=(const Peer &) = delete;

    bool isValid() const { return m_fd >= 0; }

    // Writes all of `bytes`, letting the server read (and answer) whenever the pipe is full.
    void write(QByteArrayView bytes, QByteArray *received)
    {
        qsizetype done = 0;
        for (int stalls = 0; done < bytes.size() && stalls < 100;) {
            const ssize_t n = ::write(m_fd, bytes.data() + done, size_t(bytes.size() - done));
            if (n > 0) {
                done += n;
                stalls = 0;
                continue;
            }
            ++stalls;
            fuzz::settle();
            read(received);
        }
        fuzz::settle();
        read(received);
    }

    void read(QByteArray *received)
    {
        char buffer[16384];
        ssize_t n;
        while ((n = ::read(m_fd, buffer, sizeof buffer)) > 0)
            received->append(buffer, n);
    }

private:
    int m_fd = -1;
};

// The session id of the last Engine.IO OPEN packet in `received` (polling body or WebSocket frame).
QByteArray lastSid(const QByteArray &received, const QByteArray &previous)
{
    static const QByteArray marker = R"(0{"sid":")";
    const qsizetype at = received.lastIndexOf(marker);
    if (at < 0)
        return previous;
    const qsizetype start = at + marker.size();
    const qsizetype end = received.indexOf('"', start);
    return end < 0 ? previous : received.mid(start, end - start);
}

qsizetype nextSeparator(const QByteArray &input, qsizetype from)
{
    for (qsizetype i = from; i + 1 < input.size(); ++i) {
        if (input[i] == '@' && (input[i + 1] == '@' || input[i + 1] == '+'))
            return i;
    }
    return -1;
}

} // namespace

RASACHAT_FUZZ_TARGET(http_front)
{
    fuzz::ensureApp();
    QByteArray received; // everything the server wrote, kept for the sid
    QByteArray sid = "none";
    {
        MockOptions options;
        options.port = 0; // listens on loopback, but nothing connects there: the peers are socket pairs
        options.bot = QStringLiteral("demo");
        MockServer mock(options);
        QString error;
        FUZZ_CHECK(mock.start(&error), error.toUtf8());

        std::vector<std::unique_ptr<Peer>> peers;
        peers.push_back(std::make_unique<Peer>(mock.http()));
        FUZZ_CHECK(peers.back()->isValid(), "socketpair");

        const QByteArray input = FUZZ_BYTES;
        for (qsizetype start = 0;;) {
            const qsizetype separator = nextSeparator(input, start);
            QByteArray chunk = input.mid(start, (separator < 0 ? input.size() : separator) - start);
            chunk.replace("{SID}", sid);
            peers.back()->write(chunk, &received);
            sid = lastSid(received, sid);
            if (received.size() > 1'000'000)
                received = received.right(1000);
            if (separator < 0)
                break;
            if (input[separator + 1] == '+' && int(peers.size()) < kMaxConnections) {
                peers.push_back(std::make_unique<Peer>(mock.http()));
                FUZZ_CHECK(peers.back()->isValid(), "socketpair");
            }
            start = separator + 2;
        }
        // The clients go away; the server must notice and tidy up before it is destroyed.
        peers.clear();
        fuzz::settle();
    }
    static const bool trace = qEnvironmentVariableIsSet("FUZZ_HTTP_TRACE"); // for writing seeds
    if (trace)
        std::fprintf(stderr, "--- server wrote:\n%s\n", received.constData());
    fuzz::settle();
    return 0;
}
