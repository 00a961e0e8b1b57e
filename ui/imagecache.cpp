#include "imagecache.h"

#include <QGuiApplication>
#include <QImage>
#include <QNetworkAccessManager>
#include <QNetworkReply>

namespace RasaChat {

namespace {

// `image` at most `bound` in logical pixels, with as many device pixels as the screen shows there (never
// more than the image has): sharp at any scale factor.
QPixmap fitted(const QImage &image, QSize bound, qreal dpr)
{
    QSize logical = image.size();
    if (logical.width() > bound.width() || logical.height() > bound.height())
        logical = logical.scaled(bound, Qt::KeepAspectRatio);
    logical = logical.expandedTo(QSize(1, 1));
    const QSize device = (QSizeF(logical) * dpr).toSize().boundedTo(image.size());
    const QImage pixels =
        device == image.size() ? image : image.scaled(device, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    QPixmap px = QPixmap::fromImage(pixels);
    px.setDevicePixelRatio(qreal(pixels.width()) / logical.width());
    return px;
}

} // namespace

ImageCache::ImageCache(QObject *parent) : QObject(parent), m_nam(new QNetworkAccessManager(this)) {}

QPixmap ImageCache::pixmap(const QUrl &url)
{
    if (m_status.contains(url))
        return m_images.value(url);
    m_status.insert(url, Status::Loading);
    if (!url.isValid() || (url.scheme() != u"http" && url.scheme() != u"https")) {
        m_status.insert(url, Status::Failed);
        return {};
    }
    QNetworkRequest request(url);
    request.setTransferTimeout(15'000);
    QNetworkReply *reply = m_nam->get(request);
    connect(reply, &QNetworkReply::finished, this, [this, reply, url] {
        reply->deleteLater();
        QImage image;
        if (reply->error() == QNetworkReply::NoError && image.loadFromData(reply->readAll())) {
            m_images.insert(url, fitted(image, maxSize(), qGuiApp->devicePixelRatio()));
            m_status.insert(url, Status::Ready);
        } else {
            m_status.insert(url, Status::Failed);
        }
        emit changed(url);
    });
    return {};
}

ImageCache::Status ImageCache::status(const QUrl &url) const
{
    return m_status.value(url, Status::Loading);
}

} // namespace RasaChat
