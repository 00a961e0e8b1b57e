#pragma once

#include <QString>

namespace rasachat {

// Verifies the JWT a Socket.IO client sends in its CONNECT auth ({"token": "<jwt>"}), as Rasa's
// socketio channel does with PyJWT: a literal "Bearer " is removed, the signature must match the
// configured algorithm and key (HS256/384/512 with a secret, RS256/384/512 with a PEM public key),
// `exp` and `nbf` are checked when present, and a token with an `aud` claim is refused (Rasa configures
// no audience). Uses libjwt.
class JwtVerifier
{
public:
    JwtVerifier(const QString &key, const QString &method);

    bool isValidMethod() const;
    // True for a good token; otherwise false with the reason in *why.
    bool verify(const QString &token, QString *why) const;

private:
    QByteArray m_key;
    QString m_method;
};

// Signs claims (a JSON object text) into a token; for tests and rasa-probe. Empty on failure.
QByteArray signJwt(const QByteArray &claimsJson, const QString &key, const QString &method);

} // namespace rasachat
