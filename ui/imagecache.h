#pragma once

#include <QHash>
#include <QObject>
#include <QPixmap>
#include <QUrl>

class QNetworkAccessManager;

namespace RasaChat {

// Loads images for the transcript on the event loop, scales them to a size cap once, and keeps them.
class ImageCache : public QObject
{
    Q_OBJECT
public:
    enum class Status { Loading, Ready, Failed };

    explicit ImageCache(QObject *parent = nullptr);

    // The image if it is here; otherwise starts loading it (once) and returns a null pixmap. Its logical
    // size (deviceIndependentSize()) is at most maxSize(); it has the device pixels to match the screen.
    QPixmap pixmap(const QUrl &url);
    Status status(const QUrl &url) const;
    static QSize maxSize() { return {320, 240}; }

signals:
    void changed(const QUrl &url);

private:
    QNetworkAccessManager *m_nam;
    QHash<QUrl, QPixmap> m_images;
    QHash<QUrl, Status> m_status;
};

} // namespace RasaChat
