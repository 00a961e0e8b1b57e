#pragma once

#include <QList>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslError>
#include <optional>

namespace rasachat {

// How a client checks the server on https:// and wss:// URLs. The default is the system's: the
// certificate must chain to a CA the system trusts and name the host of the URL.
struct TlsOptions
{
    QList<QSslCertificate> caCertificates = {}; // trusted in addition to the system's CAs (--cacert)
    bool verifyPeer = true;                     // false: any certificate is accepted (rasa-probe --insecure)

    friend bool operator==(const TlsOptions &, const TlsOptions &) = default;
};

// Qt's configuration for a client connection with `options`.
QSslConfiguration clientSslConfiguration(const TlsOptions &options);

// The CA certificates of a PEM file (one or more); nullopt with *error saying why when there are none.
std::optional<QList<QSslCertificate>> loadCaCertificates(const QString &path, QString *error);

// Why the server's certificate was refused, for a person: "TLS: the server's certificate was refused
// (The host name did not match any of the valid hosts for this certificate)".
QString tlsErrorText(const QList<QSslError> &errors);

} // namespace rasachat
