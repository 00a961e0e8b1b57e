#include "channeloptions.h"

#include <QCommandLineParser>

namespace rasachat {

ChannelOptions::ChannelOptions()
    : m_url(QStringLiteral("url"), QStringLiteral("The Rasa server."), QStringLiteral("URL"),
            QStringLiteral("http://127.0.0.1:5005")),
      m_channel(QStringLiteral("channel"), QStringLiteral("Channel: rest, callback or socketio."),
                QStringLiteral("NAME"), QStringLiteral("rest")),
      m_sender(QStringLiteral("sender"), QStringLiteral("Sender id (default: a fresh one)."),
               QStringLiteral("ID")),
      m_sessionId(QStringLiteral("session-id"),
                  QStringLiteral("socketio: the session id to offer (default: a fresh one)."),
                  QStringLiteral("ID")),
      m_receiverPort(QStringLiteral("receiver-port"),
                     QStringLiteral("callback: local port for the bot's POSTs (0: any)."),
                     QStringLiteral("PORT"), QStringLiteral("0")),
      m_transport(QStringLiteral("transport"),
                  QStringLiteral("socketio: auto (polling, then websocket), polling or websocket."),
                  QStringLiteral("NAME"), QStringLiteral("auto")),
      m_token(QStringLiteral("token"), QStringLiteral("socketio: JWT for the connect auth."),
              QStringLiteral("JWT")),
      m_userEvt(QStringLiteral("user-evt"), QStringLiteral("socketio: user message event."),
                QStringLiteral("NAME"), QStringLiteral("user_uttered")),
      m_botEvt(QStringLiteral("bot-evt"), QStringLiteral("socketio: bot message event."),
               QStringLiteral("NAME"), QStringLiteral("bot_uttered")),
      m_metadataKey(QStringLiteral("metadata-key"),
                    QStringLiteral("socketio: the key that carries metadata."), QStringLiteral("KEY"),
                    QStringLiteral("metadata")),
      m_socketioPath(QStringLiteral("socketio-path"), QStringLiteral("socketio: the Socket.IO path."),
                     QStringLiteral("PATH"), QStringLiteral("/socket.io")),
      m_caCert(QStringLiteral("cacert"),
               QStringLiteral("https: also trust the CA certificate(s) of this PEM file."),
               QStringLiteral("FILE")),
      m_insecure(QStringLiteral("insecure"),
                 QStringLiteral("https: accept any server certificate (no verification; a warning is "
                                "printed)."))
{}

void ChannelOptions::addTo(QCommandLineParser &parser) const
{
    parser.addOptions({m_url, m_channel, m_sender, m_sessionId, m_receiverPort, m_transport, m_token,
                       m_userEvt, m_botEvt, m_metadataKey, m_socketioPath, m_caCert, m_insecure});
}

bool ChannelOptions::read(const QCommandLineParser &parser, ChannelSettings *s, QString *error) const
{
    s->kind = parser.value(m_channel);
    if (!channelKinds().contains(s->kind)) {
        *error = QStringLiteral("--channel must be one of: %1").arg(channelKinds().join(u", "));
        return false;
    }
    s->serverUrl = QUrl(parser.value(m_url));
    if (!s->serverUrl.isValid() || s->serverUrl.host().isEmpty() ||
        !s->serverUrl.scheme().startsWith(u"http")) {
        *error = QStringLiteral("--url must be an http(s) URL like http://127.0.0.1:5005");
        return false;
    }
    s->senderId = parser.isSet(m_sessionId) ? parser.value(m_sessionId) : parser.value(m_sender);
    bool ok = false;
    const uint port = parser.value(m_receiverPort).toUInt(&ok);
    if (!ok || port > 65535) {
        *error = QStringLiteral("--receiver-port must be a number from 0 to 65535");
        return false;
    }
    s->receiverPort = quint16(port);
    s->transport = parser.value(m_transport);
    if (!QStringList{QStringLiteral("auto"), QStringLiteral("polling"), QStringLiteral("websocket")}.contains(
            s->transport)) {
        *error = QStringLiteral("--transport must be auto, polling or websocket");
        return false;
    }
    s->token = parser.value(m_token);
    s->userMessageEvt = parser.value(m_userEvt);
    s->botMessageEvt = parser.value(m_botEvt);
    s->metadataKey = parser.value(m_metadataKey);
    s->socketioPath = parser.value(m_socketioPath);
    if (parser.isSet(m_caCert)) {
        auto certificates = loadCaCertificates(parser.value(m_caCert), error);
        if (!certificates)
            return false;
        s->tls.caCertificates = *certificates;
    }
    s->tls.verifyPeer = !parser.isSet(m_insecure);
    return true;
}

} // namespace rasachat
