#pragma once

#include "httprequest.h"

namespace rasachat {

// A complete HTTP reply as a value. Content-Length and Connection are written by the connection.
struct HttpResponse
{
    int status = 200;
    HttpHeaders headers;
    QByteArray body;

    void setHeader(const QByteArray &name, const QByteArray &value);
    QByteArray header(QByteArrayView name) const;

    static HttpResponse json(int status, const QByteArray &body);
    static HttpResponse text(int status, const QByteArray &body);
    // Every error we answer has this JSON shape, so a client can show `message` as it is:
    // {"status":"failure","reason":"<CamelCaseReason>","message":"<sentence>","code":<status>}
    static HttpResponse error(int status, const QString &reason, const QString &message);
};

QByteArray httpReasonPhrase(int status);

} // namespace rasachat
