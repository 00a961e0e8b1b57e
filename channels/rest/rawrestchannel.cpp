#include "rawrestchannel.h"

#include "restchannel.h"

#include <QJsonDocument>
#include <QPointer>
#include <QSslSocket>
#include <QTcpSocket>
#include <http_parser.h>

namespace rasachat {

// One HTTP response being read: the parser and what its callbacks collected. A body over maxBytes
// stops the parser (tooLarge) before it is buffered.
struct RawHttpExchange
{
    http_parser parser;
    http_parser_settings settings;
    QByteArray body;
    qint64 maxBytes = 0;
    qint64 announced = -1; // Content-Length, if any
    bool started = false;  // a byte of the response has arrived
    bool complete = false;
    bool tooLarge = false;

    RawHttpExchange()
    {
        http_parser_settings_init(&settings);
        settings.on_headers_complete = [](http_parser *p) {
            auto *self = static_cast<RawHttpExchange *>(p->data);
            if (p->flags & F_CONTENTLENGTH)
                self->announced = qint64(p->content_length);
            if (self->maxBytes > 0 && self->announced > self->maxBytes) {
                self->tooLarge = true;
                return -1;
            }
            return 0;
        };
        settings.on_body = [](http_parser *p, const char *at, size_t n) {
            auto *self = static_cast<RawHttpExchange *>(p->data);
            if (self->maxBytes > 0 && self->body.size() + qint64(n) > self->maxBytes) {
                self->tooLarge = true;
                return -1;
            }
            self->body.append(at, qsizetype(n));
            return 0;
        };
        settings.on_message_complete = [](http_parser *p) {
            static_cast<RawHttpExchange *>(p->data)->complete = true;
            http_parser_pause(p, 1); // one response at a time
            return 0;
        };
        reset();
    }
    void reset()
    {
        http_parser_init(&parser, HTTP_RESPONSE);
        parser.data = this;
        body.clear();
        announced = -1;
        started = false;
        complete = false;
        tooLarge = false;
    }
};

RawRestChannel::RawRestChannel(const QUrl &serverUrl, const QString &senderId, qint64 maxReplyBytes,
                               const TlsOptions &tls, QObject *parent)
    : ChatChannel(parent), m_url(serverUrl), m_sender(senderId.isEmpty() ? newSessionId() : senderId),
      m_exchange(std::make_unique<RawHttpExchange>())
{
    m_exchange->maxBytes = maxReplyBytes;
    if (m_url.scheme() == u"https")
        m_tls = clientSslConfiguration(tls);
    m_url.setPort(m_url.port(m_tls ? 443 : 80));
    m_hostHeader = (m_url.host() + u':' + QString::number(m_url.port())).toUtf8();
    QString base = m_url.path();
    while (base.endsWith(u'/'))
        base.chop(1);
    m_basePath = base.toUtf8();
}

RawRestChannel::~RawRestChannel() = default;

void RawRestChannel::connectSocket()
{
    if (m_socket) { // this may run in one of its signals
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
    }
    m_tlsError.clear();
    if (m_tls) {
        auto *tls = new QSslSocket(this);
        tls->setSslConfiguration(*m_tls);
        // Not ignored: the socket then fails with SslHandshakeFailedError; these say why.
        connect(tls, &QSslSocket::sslErrors, this,
                [this](const QList<QSslError> &errors) { m_tlsError = tlsErrorText(errors); });
        connect(tls, &QSslSocket::encrypted, this, &RawRestChannel::pump);
        m_socket = tls;
    } else {
        m_socket = new QTcpSocket(this);
        connect(m_socket, &QTcpSocket::connected, this, &RawRestChannel::pump);
    }
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    connect(m_socket, &QTcpSocket::readyRead, this, &RawRestChannel::onReadyRead);
    connect(m_socket, &QTcpSocket::errorOccurred, this, &RawRestChannel::onSocketGone);
    if (auto *tls = qobject_cast<QSslSocket *>(m_socket))
        tls->connectToHostEncrypted(m_url.host(), quint16(m_url.port()));
    else
        m_socket->connectToHost(m_url.host(), quint16(m_url.port()));
}

bool RawRestChannel::ready() const
{
    if (!m_socket || m_socket->state() != QAbstractSocket::ConnectedState)
        return false;
    const auto *tls = qobject_cast<const QSslSocket *>(m_socket);
    return !tls || tls->isEncrypted();
}

void RawRestChannel::open()
{
    if (state() != State::Disconnected)
        return;
    setState(State::Connecting);
    m_inFlight = InFlight::None;
    connectSocket();
}

void RawRestChannel::close()
{
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
        m_socket = nullptr;
    }
    m_inFlight = InFlight::None;
    setState(State::Disconnected);
}

void RawRestChannel::send(const UserMessage &message)
{
    m_queue.enqueue(addressed(message, m_sender));
    pump();
}

void RawRestChannel::pump()
{
    if (!ready() || m_inFlight != InFlight::None)
        return;
    m_exchange->reset();
    if (state() == State::Connecting) { // Rasa's health route stands for "connect", as in RestChannel
        m_inFlight = InFlight::Health;
        m_socket->write("GET " + m_basePath + "/webhooks/rest/ HTTP/1.1\r\nHost: " + m_hostHeader +
                        "\r\n\r\n");
        return;
    }
    if (m_queue.isEmpty() || state() != State::Connected)
        return;
    const UserMessage m = m_queue.dequeue();
    const QByteArray body = QJsonDocument(m.toWebhookJson()).toJson(QJsonDocument::Compact);
    m_inFlight = InFlight::Message;
    m_inFlightId = m.messageId;
    m_socket->write("POST " + m_basePath + "/webhooks/rest/webhook HTTP/1.1\r\nHost: " + m_hostHeader +
                    "\r\nContent-Type: application/json\r\nContent-Length: " +
                    QByteArray::number(body.size()) + "\r\n\r\n" + body);
}

void RawRestChannel::onReadyRead()
{
    const QByteArray data = m_socket->readAll();
    if (m_inFlight == InFlight::None)
        return onSocketError(QStringLiteral("the server answered more than was asked"));
    m_exchange->started = true;
    const size_t parsed = http_parser_execute(&m_exchange->parser, &m_exchange->settings, data.constData(),
                                              size_t(data.size()));
    const auto err = HTTP_PARSER_ERRNO(&m_exchange->parser);
    if (m_exchange->tooLarge)
        return onBadReply(
            ChannelError::Reason::ReplyTooLarge,
            QStringLiteral("the reply is over the limit of %1 bytes").arg(m_exchange->maxBytes));
    if (err != HPE_OK && err != HPE_PAUSED)
        return onBadReply(
            ChannelError::Reason::MalformedReply,
            QStringLiteral("bad HTTP answer: %1").arg(QLatin1StringView(http_errno_description(err))));
    if (!m_exchange->complete)
        return;
    if (parsed < size_t(data.size()))
        return onSocketError(QStringLiteral("the server answered more than was asked"));
    onResponse(int(m_exchange->parser.status_code), m_exchange->body);
}

void RawRestChannel::onResponse(int status, const QByteArray &body)
{
    const InFlight what = m_inFlight;
    m_inFlight = InFlight::None;
    if (what == InFlight::Health) {
        if (status != 200) {
            setState(State::Disconnected);
            emit errorOccurred(ChannelError{
                ChannelError::Kind::Http,
                QStringLiteral("%1 has no rest channel (HTTP %2)").arg(m_url.toString()).arg(status),
                QString::fromUtf8(body),
                {}});
            return;
        }
        setSessionId(m_sender);
        setState(State::Connected);
        emit sessionConfirmed(m_sender);
    } else if (status != 200) {
        emit errorOccurred(ChannelError{ChannelError::Kind::Http,
                                        QStringLiteral("/webhooks/rest/webhook answered %1").arg(status),
                                        QString::fromUtf8(body), m_inFlightId});
    } else {
        const QPointer<RawRestChannel> self(this); // a slot may delete the channel
        deliverRestReply(this, body, m_inFlightId);
        if (!self)
            return;
    }
    pump();
}

void RawRestChannel::onSocketGone()
{
    if (m_socket->error() == QAbstractSocket::SslHandshakeFailedError || !m_tlsError.isEmpty())
        return onSocketError(m_tlsError.isEmpty() ? m_socket->errorString() : m_tlsError,
                             ChannelError::Reason::Tls);
    const QString why = m_socket->errorString();
    if (m_inFlight == InFlight::None || !m_exchange->started)
        return onSocketError(why);
    // The server closed in the middle of an answer: that ends a body without a length, and cuts any other.
    http_parser_execute(&m_exchange->parser, &m_exchange->settings, nullptr, 0);
    if (m_exchange->complete) {
        const QPointer<RawRestChannel> self(this);
        onResponse(int(m_exchange->parser.status_code), m_exchange->body);
        if (self && state() == State::Connected)
            connectSocket(); // a new connection for the next message
        return;
    }
    const qint64 got = m_exchange->body.size();
    onBadReply(
        ChannelError::Reason::TruncatedReply,
        m_exchange->announced >= 0
            ? QStringLiteral("the connection closed after %1 of %2 bytes").arg(got).arg(m_exchange->announced)
            : QStringLiteral("the connection closed after %1 bytes, before the end of the reply").arg(got));
}

void RawRestChannel::onBadReply(ChannelError::Reason reason, const QString &why)
{
    // The server got the message but its answer is unusable: the message fails, and the connection,
    // which may be mid-body, is dropped.
    const QString id = m_inFlightId;
    close();
    emit errorOccurred(
        ChannelError{reason == ChannelError::Reason::TruncatedReply ? ChannelError::Kind::Connection
                                                                    : ChannelError::Kind::Protocol,
                     QStringLiteral("%1 answered, but %2").arg(m_url.toString(), why), why, id, reason});
}

void RawRestChannel::onSocketError(const QString &why, ChannelError::Reason reason)
{
    const bool connecting = state() == State::Connecting;
    close();
    emit errorOccurred(ChannelError{ChannelError::Kind::Connection,
                                    QStringLiteral("cannot reach %1: %2").arg(m_url.toString(), why), why,
                                    connecting ? QString() : m_inFlightId, reason});
}

} // namespace rasachat
