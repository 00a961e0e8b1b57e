#include "jwtverifier.h"

#include <QDateTime>
#include <cerrno>
#include <cstdlib>
#include <jwt.h>
#include <memory>

namespace rasachat {

namespace {

jwt_alg_t algorithm(const QString &method)
{
    return jwt_str_alg(method.toUpper().toLatin1().constData());
}

struct JwtDeleter
{
    void operator()(jwt_t *jwt) const { jwt_free(jwt); }
};
using JwtPtr = std::unique_ptr<jwt_t, JwtDeleter>;

} // namespace

JwtVerifier::JwtVerifier(const QString &key, const QString &method) : m_key(key.toUtf8()), m_method(method) {}

bool JwtVerifier::isValidMethod() const
{
    const jwt_alg_t alg = algorithm(m_method);
    return alg == JWT_ALG_HS256 || alg == JWT_ALG_HS384 || alg == JWT_ALG_HS512 || alg == JWT_ALG_RS256 ||
           alg == JWT_ALG_RS384 || alg == JWT_ALG_RS512;
}

bool JwtVerifier::verify(const QString &tokenText, QString *why) const
{
    QString token = tokenText;
    token.replace(QStringLiteral("Bearer "), QString());
    if (token.isEmpty()) {
        *why = QStringLiteral("no token");
        return false;
    }
    jwt_t *raw = nullptr;
    const QByteArray bytes = token.toUtf8();
    if (jwt_decode(&raw, bytes.constData(), reinterpret_cast<const unsigned char *>(m_key.constData()),
                   int(m_key.size())) != 0 ||
        !raw) {
        *why = QStringLiteral("invalid token or signature");
        return false;
    }
    JwtPtr jwt(raw);
    if (jwt_get_alg(jwt.get()) != algorithm(m_method)) {
        *why = QStringLiteral("the token is not signed with %1").arg(m_method);
        return false;
    }
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    errno = 0;
    const long exp = jwt_get_grant_int(jwt.get(), "exp");
    if (errno != ENOENT && exp <= now) {
        *why = QStringLiteral("the token has expired");
        return false;
    }
    errno = 0;
    const long nbf = jwt_get_grant_int(jwt.get(), "nbf");
    if (errno != ENOENT && nbf > now) {
        *why = QStringLiteral("the token is not valid yet");
        return false;
    }
    errno = 0;
    char *aud = jwt_get_grants_json(jwt.get(), "aud");
    if (aud) {
        free(aud);
        *why = QStringLiteral("the token has an audience, and none is configured");
        return false;
    }
    return true;
}

QByteArray signJwt(const QByteArray &claimsJson, const QString &key, const QString &method)
{
    jwt_t *raw = nullptr;
    if (jwt_new(&raw) != 0)
        return {};
    JwtPtr jwt(raw);
    const QByteArray k = key.toUtf8();
    if (jwt_add_grants_json(jwt.get(), claimsJson.constData()) != 0 ||
        jwt_set_alg(jwt.get(), algorithm(method), reinterpret_cast<const unsigned char *>(k.constData()),
                    int(k.size())) != 0)
        return {};
    char *encoded = jwt_encode_str(jwt.get());
    if (!encoded)
        return {};
    const QByteArray out(encoded);
    free(encoded);
    return out;
}

} // namespace rasachat
