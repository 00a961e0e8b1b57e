#include "chatwidget.h"
#include "chatwidget_p.h"
#include "chatwindow.h"
#include "server/mockserver.h"
#include "transcriptmodel.h"

#include <QFile>
#include <QMessageBox>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace rasachat;
using RasaChat::ChatWidgetPrivate;
using RasaChat::ChatWindow;
using RasaChat::TranscriptModel;

// File → Save as test…: a conversation held in the window, against rasa-mock, saved as a script that
// `rasa-probe test` runs against the same bot and passes; and a file that cannot be written said in the
// window. On the offscreen platform; the file name is given to ChatWindow::saveAsTest(), which the
// menu action calls with the dialog's answer.
class tst_SaveAsTest : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void savedConversationPassesRasaProbeTest_data();
    void savedConversationPassesRasaProbeTest();
    void unwritableFileIsSaidInTheWindow();
    void emptyConversationIsSaidInTheWindow();

private:
    std::unique_ptr<MockServer> m_mock;
    QTemporaryDir m_dir;
};

void tst_SaveAsTest::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.path());
    QCoreApplication::setOrganizationName(QStringLiteral("rasa-chat-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_saveastest"));
    MockOptions o;
    o.port = 0;
    m_mock = std::make_unique<MockServer>(o);
    QString error;
    QVERIFY2(m_mock->start(&error), qPrintable(error));
}

void tst_SaveAsTest::savedConversationPassesRasaProbeTest_data()
{
    QTest::addColumn<QString>("channel");
    QTest::newRow("rest") << QStringLiteral("rest");
    QTest::newRow("socketio") << QStringLiteral("socketio");
}

void tst_SaveAsTest::savedConversationPassesRasaProbeTest()
{
    QFETCH(QString, channel);
    ChatWindow window;
    QString error;
    QVERIFY2(window.connectTo(m_mock->url(), channel, &error), qPrintable(error));
    window.show();
    TranscriptModel *t = ChatWidgetPrivate::transcriptOf(window.chat());
    window.chat()->sendText(QStringLiteral("Hi there!"));
    QTRY_COMPARE_WITH_TIMEOUT(t->rowCount(), 2, 10000);
    window.chat()->sendText(QStringLiteral("/buttons"));
    QTRY_COMPARE_WITH_TIMEOUT(t->rowCount(), 4, 10000);
    window.chat()->sendText(QStringLiteral("/multi"));
    QTRY_COMPARE_WITH_TIMEOUT(t->rowCount(), 7, 10000);

    QCOMPARE(window.testFileName(), QStringLiteral("hi-there.yml"));
    const QString path = m_dir.filePath(channel + QStringLiteral("-") + window.testFileName());
    QVERIFY(window.saveAsTest(path));
    QFile saved(path);
    QVERIFY(saved.open(QIODevice::ReadOnly));
    const QByteArray yaml = saved.readAll();
    QVERIFY2(yaml.contains("- user: \"/buttons\""), yaml.constData());
    QVERIFY2(yaml.contains("payloads: [\"/affirm\", \"/deny\"]"), yaml.constData());

    QProcess probe;
    probe.start(QStringLiteral(RASA_PROBE_BIN),
                {QStringLiteral("test"), path, QStringLiteral("--url"), m_mock->url().toString(),
                 QStringLiteral("--channel"), channel});
    // Not waitForFinished(): the mock answering the probe runs in this event loop.
    QSignalSpy done(&probe, &QProcess::finished);
    QVERIFY2(done.wait(60000), qPrintable(probe.errorString()));
    const QString out = QString::fromUtf8(probe.readAllStandardOutput() + probe.readAllStandardError());
    QVERIFY2(probe.exitStatus() == QProcess::NormalExit && probe.exitCode() == 0, qPrintable(out));
    QVERIFY2(out.contains(QStringLiteral("PASS")), qPrintable(out));
    QVERIFY2(!out.contains(QStringLiteral("FAIL")), qPrintable(out));
}

void tst_SaveAsTest::unwritableFileIsSaidInTheWindow()
{
    ChatWindow window;
    QString error;
    QVERIFY2(window.connectTo(m_mock->url(), QStringLiteral("rest"), &error), qPrintable(error));
    window.show();
    window.chat()->sendText(QStringLiteral("hi"));
    QTRY_COMPARE_WITH_TIMEOUT(ChatWidgetPrivate::transcriptOf(window.chat())->rowCount(), 2, 10000);
    const QString path = m_dir.filePath(QStringLiteral("no/such/folder/hi.yml"));
    QVERIFY(!window.saveAsTest(path));
    QMessageBox *box = nullptr;
    QTRY_VERIFY((box = window.findChild<QMessageBox *>()) != nullptr && box->isVisible());
    QVERIFY2(box->text().startsWith(QStringLiteral("Cannot write %1: ").arg(path)), qPrintable(box->text()));
    box->close();
    QVERIFY(!QFile::exists(path));
}

void tst_SaveAsTest::emptyConversationIsSaidInTheWindow()
{
    ChatWindow window;
    window.show();
    QCOMPARE(window.testFileName(), QStringLiteral("conversation.yml"));
    const QString path = m_dir.filePath(QStringLiteral("empty.yml"));
    QVERIFY(!window.saveAsTest(path));
    QMessageBox *box = nullptr;
    QTRY_VERIFY((box = window.findChild<QMessageBox *>()) != nullptr && box->isVisible());
    QVERIFY2(box->text().contains(QStringLiteral("nothing to save")), qPrintable(box->text()));
    QVERIFY(!QFile::exists(path));
}

QTEST_MAIN(tst_SaveAsTest)
#include "tst_saveastest.moc"
