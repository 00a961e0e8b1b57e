#pragma once

#include <QSslConfiguration>
#include <optional>

namespace rasachat {

// The server side of TLS (rasa-mock --tls-cert/--tls-key): a PEM certificate (the server's first, then
// any intermediates) and its unencrypted PEM private key (RSA or EC). Checked at once, so that a wrong
// file stops the start instead of failing every handshake later: nullopt with *error saying which file
// is wrong and why, including a key that does not belong to the certificate.
std::optional<QSslConfiguration> loadServerTls(const QString &certFile, const QString &keyFile,
                                               QString *error);

} // namespace rasachat
