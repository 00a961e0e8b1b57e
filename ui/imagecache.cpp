#include "imagecache.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>

namespace RasaChat {

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
        QPixmap image;
        if (reply->error() == QNetworkReply::NoError && image.loadFromData(reply->readAll())) {
            if (image.width() > maxSize().width() || image.height() > maxSize().height())
                image = image.scaled(maxSize(), Qt::KeepAspectRatio, Qt::SmoothTransformation);
            m_images.insert(url, image);
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
