#pragma once

#include "../client/chatchannel.h"
#include "../client/tlsoptions.h"

#include <QQueue>
#include <QUrl>
#include <memory>

class QTcpSocket;

namespace rasachat {

struct RawHttpExchange;

// A lean REST client for load generation: one keep-alive TCP connection per channel, requests written
// by hand and answers read with libhttp-parser, one request in flight at a time (so messages reach the
// bot in order). It skips QNetworkAccessManager's per-request machinery, which caps a process at a few
// thousand requests a second. http or https (QSslSocket, checked as `tls` says); WireRecords are not
// produced (a load test would drown in them). Same behaviour otherwise as RestChannel.
class RawRestChannel : public ChatChannel
{
    Q_OBJECT
public:
    // An answer body over `maxReplyBytes` is refused (0: no limit).
    RawRestChannel(const QUrl &serverUrl, const QString &senderId,
                   qint64 maxReplyBytes = kDefaultMaxReplyBytes, const TlsOptions &tls = {},
                   QObject *parent = nullptr);
    ~RawRestChannel() override;

    QString kindName() const override { return QStringLiteral("rest"); }
    void open() override;
    void close() override;
    void send(const UserMessage &message) override;
    bool repliesCompleteOnDelivery() const override { return true; }

private:
    void connectSocket();
    void pump();
    void onReadyRead();
    void onResponse(int status, const QByteArray &body);
    void onSocketGone();
    void onSocketError(const QString &why, ChannelError::Reason reason = ChannelError::Reason::Unreachable);
    bool ready() const;
    void onBadReply(ChannelError::Reason reason, const QString &why);

    QUrl m_url;
    QString m_sender;
    QByteArray m_hostHeader;
    QByteArray m_basePath;
    std::optional<QSslConfiguration> m_tls; // https
    QString m_tlsError;                     // why the server's certificate was refused
    QTcpSocket *m_socket = nullptr;         // a QSslSocket for https
    std::unique_ptr<RawHttpExchange> m_exchange;
    QQueue<UserMessage> m_queue;
    enum class InFlight { None, Health, Message };
    InFlight m_inFlight = InFlight::None;
    QString m_inFlightId;
};

} // namespace rasachat
