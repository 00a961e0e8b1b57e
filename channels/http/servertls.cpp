#include "servertls.h"

#include <QFile>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslSocket>
#include <memory>
#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

namespace rasachat {

namespace {

std::optional<QByteArray> readFile(const QString &path, const char *what, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read the TLS %1 %2: %3")
                     .arg(QLatin1StringView(what), path, file.errorString());
        return std::nullopt;
    }
    return file.readAll();
}

// Qt cannot tell whether a key belongs to a certificate (the handshake would fail, for every client);
// OpenSSL, which Qt's TLS backend uses anyway, can.
bool keyMatchesCertificate(const QByteArray &certPem, const QByteArray &keyPem)
{
    const std::unique_ptr<BIO, decltype(&BIO_free)> certBio(
        BIO_new_mem_buf(certPem.constData(), int(certPem.size())), BIO_free);
    const std::unique_ptr<BIO, decltype(&BIO_free)> keyBio(
        BIO_new_mem_buf(keyPem.constData(), int(keyPem.size())), BIO_free);
    const std::unique_ptr<X509, decltype(&X509_free)> cert(
        PEM_read_bio_X509(certBio.get(), nullptr, nullptr, nullptr), X509_free);
    const std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
        PEM_read_bio_PrivateKey(keyBio.get(), nullptr, nullptr, nullptr), EVP_PKEY_free);
    return cert && key && X509_check_private_key(cert.get(), key.get()) == 1;
}

} // namespace

std::optional<QSslConfiguration> loadServerTls(const QString &certFile, const QString &keyFile,
                                               QString *error)
{
    if (!QSslSocket::supportsSsl()) {
        *error = QStringLiteral("TLS is not available: Qt has no TLS backend (%1)")
                     .arg(QSslSocket::sslLibraryVersionString());
        return std::nullopt;
    }
    const auto certPem = readFile(certFile, "certificate", error);
    if (!certPem)
        return std::nullopt;
    const auto keyPem = readFile(keyFile, "key", error);
    if (!keyPem)
        return std::nullopt;
    const QList<QSslCertificate> chain = QSslCertificate::fromData(*certPem, QSsl::Pem);
    if (chain.isEmpty() || chain.first().isNull()) {
        *error =
            QStringLiteral("the TLS certificate %1 holds no PEM certificate (-----BEGIN CERTIFICATE-----)")
                .arg(certFile);
        return std::nullopt;
    }
    QSslKey key;
    for (QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec, QSsl::Dsa}) {
        key = QSslKey(*keyPem, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull())
            break;
    }
    if (key.isNull()) {
        *error =
            QStringLiteral("the TLS key %1 is not an unencrypted PEM private key (RSA or EC)").arg(keyFile);
        return std::nullopt;
    }
    if (!keyMatchesCertificate(*certPem, *keyPem)) {
        *error =
            QStringLiteral("the TLS key %1 does not belong to the certificate %2").arg(keyFile, certFile);
        return std::nullopt;
    }
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setLocalCertificateChain(chain);
    config.setPrivateKey(key);
    config.setPeerVerifyMode(QSslSocket::VerifyNone); // clients are not asked for certificates
    return config;
}

} // namespace rasachat
