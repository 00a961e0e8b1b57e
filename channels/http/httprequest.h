#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrlQuery>

namespace rasachat {

using HttpHeaders = QList<QPair<QByteArray, QByteArray>>;

// One parsed HTTP/1.x request; a plain value that handlers read and never see the socket behind.
struct HttpRequest
{
    QByteArray method; // upper case, as on the wire: "GET", "POST"...
    QByteArray target; // the raw request target, e.g. "/webhooks/rest/webhook?stream=true"
    QString path;      // percent-decoded path of the target
    QUrlQuery query;
    HttpHeaders headers; // names lower-cased, in arrival order
    QByteArray body;
    int httpMajor = 1;
    int httpMinor = 1;
    bool keepAlive = true;
    QHostAddress peerAddress;
    quint16 peerPort = 0;

    // The value of the first header with this (lower-case) name, or an empty array.
    QByteArray header(QByteArrayView lowerName) const;
    bool hasHeader(QByteArrayView lowerName) const;
};

} // namespace rasachat
