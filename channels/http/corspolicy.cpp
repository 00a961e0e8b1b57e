#include "corspolicy.h"

namespace rasachat {

bool CorsPolicy::allows(const QByteArray &origin) const
{
    if (origin.isEmpty())
        return false;
    return m_origins.contains(QStringLiteral("*")) || m_origins.contains(QString::fromUtf8(origin));
}

bool CorsPolicy::isPreflight(const HttpRequest &request)
{
    return request.method == "OPTIONS" && request.hasHeader("origin") &&
           request.hasHeader("access-control-request-method");
}

void CorsPolicy::decorate(const HttpRequest &request, HttpResponse &response) const
{
    if (!enabled())
        return;
    const QByteArray origin = request.header("origin");
    if (!allows(origin))
        return;
    response.setHeader("Access-Control-Allow-Origin", origin);
    response.setHeader("Vary", "Origin");
}

HttpResponse CorsPolicy::preflight(const HttpRequest &request) const
{
    HttpResponse r{204, {}, {}};
    decorate(request, r);
    if (r.header("Access-Control-Allow-Origin").isEmpty())
        return r;
    r.setHeader("Access-Control-Allow-Methods", "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT");
    const QByteArray requested = request.header("access-control-request-headers");
    if (!requested.isEmpty())
        r.setHeader("Access-Control-Allow-Headers", requested);
    return r;
}

} // namespace rasachat
