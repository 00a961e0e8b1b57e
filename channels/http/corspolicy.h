#pragma once

#include "httpresponse.h"

#include <QStringList>

namespace rasachat {

// CORS as `rasa run --cors ORIGIN...` does it (Sanic-CORS on every route): an allowed Origin is echoed
// back with `Vary: Origin`; a preflight gets the allowed methods and the requested headers back.
// A request from an origin that is not allowed is still served, without CORS headers, so the browser
// refuses it; a request without Origin gets no CORS headers at all.
class CorsPolicy
{
public:
    CorsPolicy() = default; // off
    explicit CorsPolicy(const QStringList &origins) : m_origins(origins) {}

    bool enabled() const { return !m_origins.isEmpty(); }
    bool allows(const QByteArray &origin) const;
    static bool isPreflight(const HttpRequest &request);

    void decorate(const HttpRequest &request, HttpResponse &response) const;
    HttpResponse preflight(const HttpRequest &request) const;

private:
    QStringList m_origins;
};

} // namespace rasachat
