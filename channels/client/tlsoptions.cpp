#include "tlsoptions.h"

#include <QFile>
#include <QSslSocket>

namespace rasachat {

QSslConfiguration clientSslConfiguration(const TlsOptions &options)
{
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    if (!options.caCertificates.isEmpty()) {
        // Setting CAs turns off Qt's on-demand loading of the system's, so they are given explicitly;
        // read once per process (a load test opens many channels).
        static const QList<QSslCertificate> system = QSslConfiguration::systemCaCertificates();
        config.setCaCertificates(system + options.caCertificates);
    }
    if (!options.verifyPeer)
        config.setPeerVerifyMode(QSslSocket::VerifyNone);
    return config;
}

std::optional<QList<QSslCertificate>> loadCaCertificates(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read the CA file %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    const QList<QSslCertificate> certificates = QSslCertificate::fromData(file.readAll(), QSsl::Pem);
    if (certificates.isEmpty()) {
        *error =
            QStringLiteral("the CA file %1 holds no PEM certificate (-----BEGIN CERTIFICATE-----)").arg(path);
        return std::nullopt;
    }
    return certificates;
}

QString tlsErrorText(const QList<QSslError> &errors)
{
    QStringList reasons;
    for (const QSslError &e : errors)
        if (!reasons.contains(e.errorString()))
            reasons.append(e.errorString());
    if (reasons.isEmpty())
        return QStringLiteral("TLS handshake failed");
    return QStringLiteral("TLS: the server's certificate was refused (%1)").arg(reasons.join(u"; "));
}

} // namespace rasachat
