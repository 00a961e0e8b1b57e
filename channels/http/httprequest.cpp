#include "httprequest.h"

namespace rasachat {

QByteArray HttpRequest::header(QByteArrayView lowerName) const
{
    for (const auto &h : headers) {
        if (h.first == lowerName)
            return h.second;
    }
    return {};
}

bool HttpRequest::hasHeader(QByteArrayView lowerName) const
{
    return std::any_of(headers.begin(), headers.end(), [&](const auto &h) { return h.first == lowerName; });
}

} // namespace rasachat
