// A small screen at a high scale factor: run under Xvfb with a 1280x800 screen and QT_SCALE_FACTOR=2 or
// 1.5 (see tests/CMakeLists.txt), the whole first window, composer included, is on the screen, and images
// have the device pixels to stay sharp.
#include "chatwidget.h"
#include "chatwidget_p.h"
#include "chatwindow.h"
#include "imagecache.h"

#include <QBuffer>
#include <QGuiApplication>
#include <QImage>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace RasaChat;

class tst_ScreenFit : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void firstWindowFitsTheScreen();
    void imagesKeepTheScreensPixels();

private:
    QTemporaryDir m_dir;
};

void tst_ScreenFit::initTestCase()
{
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.path());
    QCoreApplication::setOrganizationName(QStringLiteral("rasa-chat-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_screenfit"));
}

void tst_ScreenFit::firstWindowFitsTheScreen()
{
    QScreen *screen = QGuiApplication::primaryScreen();
    const qreal scale = screen->devicePixelRatio();
    qInfo("screen %dx%d logical at device pixel ratio %.2f, available %dx%d", screen->geometry().width(),
          screen->geometry().height(), scale, screen->availableGeometry().width(),
          screen->availableGeometry().height());
    ChatWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const QRect available = screen->availableGeometry();
    QVERIFY2(available.contains(window.frameGeometry()),
             qPrintable(QStringLiteral("window %1x%2+%3+%4 is not within %5x%6")
                            .arg(window.frameGeometry().width())
                            .arg(window.frameGeometry().height())
                            .arg(window.frameGeometry().x())
                            .arg(window.frameGeometry().y())
                            .arg(available.width())
                            .arg(available.height())));
    QWidget *composer = ChatWidgetPrivate::inputOf(window.chat());
    const QRect composerRect(composer->mapToGlobal(QPoint(0, 0)), composer->size());
    QVERIFY(composer->isVisible());
    QVERIFY2(available.contains(composerRect), "the composer is off the screen");
    QPushButton *send = nullptr;
    for (QPushButton *b : window.chat()->findChildren<QPushButton *>())
        if (b->text() == QLatin1String("Send"))
            send = b;
    QVERIFY(send);
    QVERIFY(available.contains(QRect(send->mapToGlobal(QPoint(0, 0)), send->size())));
    QVERIFY(composer->height() >= composer->fontMetrics().height());
}

void tst_ScreenFit::imagesKeepTheScreensPixels()
{
    // A 960x720 photo, served once over loopback.
    QImage photo(960, 720, QImage::Format_RGB32);
    photo.fill(Qt::darkCyan);
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    photo.save(&buffer, "PNG");
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    connect(&server, &QTcpServer::newConnection, this, [&] {
        QTcpSocket *socket = server.nextPendingConnection();
        connect(socket, &QTcpSocket::readyRead, socket, [socket, png] {
            socket->readAll();
            socket->write(
                "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nConnection: close\r\nContent-Length: " +
                QByteArray::number(png.size()) + "\r\n\r\n" + png);
            socket->disconnectFromHost();
        });
    });
    ImageCache cache;
    QSignalSpy changed(&cache, &ImageCache::changed);
    const QUrl url(QStringLiteral("http://127.0.0.1:%1/photo.png").arg(server.serverPort()));
    QVERIFY(cache.pixmap(url).isNull()); // loading
    QVERIFY(changed.wait(10'000));
    const QPixmap px = cache.pixmap(url);
    const qreal scale = qGuiApp->devicePixelRatio();
    // As large as before on the screen (320x240 logical), with the device pixels of the scale factor.
    QCOMPARE(px.deviceIndependentSize().toSize(), QSize(320, 240));
    QCOMPARE(px.size(), (QSizeF(320, 240) * scale).toSize());
    qInfo("image: %dx%d device pixels for 320x240 logical at scale %.2f", px.width(), px.height(), scale);
}

QTEST_MAIN(tst_ScreenFit)
#include "tst_screenfit.moc"
