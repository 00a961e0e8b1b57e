#include "connectionprofile.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>

namespace RasaChat {

std::optional<rasachat::ChannelSettings> ConnectionProfile::channelSettings(QString *error) const
{
    rasachat::ChannelSettings s;
    s.kind = channel;
    s.serverUrl = QUrl(url);
    s.receiverPort = quint16(receiverPort);
    s.transport = transport;
    s.token = token;
    s.userMessageEvt = userMessageEvt;
    s.botMessageEvt = botMessageEvt;
    s.metadataKey = metadataKey;
    s.rememberSession = sessionPersistence;
    if (!caCertFile.isEmpty()) {
        auto certificates = rasachat::loadCaCertificates(caCertFile, error);
        if (!certificates)
            return std::nullopt;
        s.tls.caCertificates = *certificates;
    }
    return s;
}

QJsonValue ConnectionProfile::metadata(QString *error) const
{
    if (metadataJson.trimmed().isEmpty())
        return QJsonValue::Undefined;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(metadataJson.toUtf8(), &parseError);
    if (!doc.isObject()) {
        if (error)
            *error = QCoreApplication::translate("RasaChat::ConnectionProfile",
                                                 "metadata must be a JSON object, e.g. {\"lang\": \"en\"}");
        return QJsonValue::Undefined;
    }
    return doc.object();
}

QList<ConnectionProfile> ProfileStore::load() const
{
    QList<ConnectionProfile> profiles;
    const int n = m_settings->beginReadArray(QStringLiteral("profiles"));
    for (int i = 0; i < n; ++i) {
        m_settings->setArrayIndex(i);
        ConnectionProfile p;
        auto str = [this](const char *key, const QString &dflt) {
            return m_settings->value(QLatin1StringView(key), dflt).toString();
        };
        p.name = str("name", p.name);
        p.url = str("url", p.url);
        p.channel = str("channel", p.channel);
        p.userMessageEvt = str("userMessageEvt", p.userMessageEvt);
        p.botMessageEvt = str("botMessageEvt", p.botMessageEvt);
        p.metadataKey = str("metadataKey", p.metadataKey);
        p.sessionPersistence = m_settings->value(QStringLiteral("sessionPersistence"), true).toBool();
        p.metadataJson = str("metadata", {});
        p.token = str("token", {});
        p.receiverPort = m_settings->value(QStringLiteral("receiverPort"), 0).toInt();
        p.transport = str("transport", p.transport);
        p.caCertFile = str("caCertFile", {});
        profiles.append(p);
    }
    m_settings->endArray();
    return profiles;
}

void ProfileStore::save(const QList<ConnectionProfile> &profiles)
{
    m_settings->remove(QStringLiteral("profiles"));
    m_settings->beginWriteArray(QStringLiteral("profiles"), int(profiles.size()));
    for (int i = 0; i < profiles.size(); ++i) {
        const ConnectionProfile &p = profiles.at(i);
        m_settings->setArrayIndex(i);
        m_settings->setValue(QStringLiteral("name"), p.name);
        m_settings->setValue(QStringLiteral("url"), p.url);
        m_settings->setValue(QStringLiteral("channel"), p.channel);
        m_settings->setValue(QStringLiteral("userMessageEvt"), p.userMessageEvt);
        m_settings->setValue(QStringLiteral("botMessageEvt"), p.botMessageEvt);
        m_settings->setValue(QStringLiteral("metadataKey"), p.metadataKey);
        m_settings->setValue(QStringLiteral("sessionPersistence"), p.sessionPersistence);
        m_settings->setValue(QStringLiteral("metadata"), p.metadataJson);
        m_settings->setValue(QStringLiteral("token"), p.token);
        m_settings->setValue(QStringLiteral("receiverPort"), p.receiverPort);
        m_settings->setValue(QStringLiteral("transport"), p.transport);
        m_settings->setValue(QStringLiteral("caCertFile"), p.caCertFile);
    }
    m_settings->endArray();
    m_settings->sync();
}

QString ProfileStore::lastUsed() const
{
    return m_settings->value(QStringLiteral("lastProfile")).toString();
}

void ProfileStore::setLastUsed(const QString &name)
{
    m_settings->setValue(QStringLiteral("lastProfile"), name);
}

} // namespace RasaChat
