// The first window on a small screen at a high scale factor: run under Xvfb with a 1280x800 screen and
// QT_SCALE_FACTOR=2 (see tests/CMakeLists.txt), the whole window, composer included, is on the screen.
#include "chatwidget.h"
#include "chatwindow.h"

#include <QGuiApplication>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace RasaChat;

class tst_ScreenFit : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void firstWindowFitsTheScreen();

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
    QWidget *composer = window.chat()->input();
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

QTEST_MAIN(tst_ScreenFit)
#include "tst_screenfit.moc"
