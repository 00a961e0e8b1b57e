#pragma once

#include <QString>

namespace rasachat {

// Engine.IO server settings; the defaults are python-engineio 4.x's, which Rasa does not override.
struct EngineOptions
{
    QString path = QStringLiteral("/socket.io/");
    int pingIntervalMs = 25'000;
    int pingTimeoutMs = 20'000;
    int maxPayload = 1'000'000; // bytes of one polling POST body or one WebSocket message
    int upgradeTimeoutMs = 10'000;
    int maxSessions = 10'000; // live sessions; a handshake over it is answered 503
    // Backpressure. WebSocket: a client that leaves more than this unread is not read from until it has
    // taken all but half of it; one that stays so for writeStallTimeoutMs, or that leaves four times this
    // unread at any time, is dropped. Polling: a session whose packets waiting for a GET exceed it is
    // closed.
    qint64 maxUnsentBytes = 4 * 1024 * 1024;
    int writeStallTimeoutMs = 30'000;
};

// Why an Engine.IO session ended, with the names socket.io uses for them.
enum class EioCloseReason {
    ServerClose,
    ClientClose,
    PingTimeout,
    TransportClose,
    TransportError,
    ParseError
};

QString eioCloseReasonName(EioCloseReason reason);

} // namespace rasachat
