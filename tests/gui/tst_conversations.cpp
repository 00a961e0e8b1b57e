#include "chatwidget.h"
#include "chatwidget_p.h"
#include "chatwindow.h"
#include "conversationsdialog.h"
#include "conversationstore.h"
#include "server/mockserver.h"
#include "transcriptmodel.h"

#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace rasachat;
using RasaChat::ChatWidgetPrivate;
using RasaChat::ChatWindow;
using RasaChat::ConversationStore;
using RasaChat::TranscriptModel;

namespace {

QString textOf(TranscriptModel *t, int row)
{
    return t->index(row).data(TranscriptModel::TextRole).toString();
}

// Answers the window's "New session?" question with `button`.
void answerNewSession(ChatWindow &window, QMessageBox::StandardButton button)
{
    window.newSession();
    QMessageBox *ask = nullptr;
    QTRY_VERIFY((ask = window.findChild<QMessageBox *>()) != nullptr && ask->isVisible());
    ask->button(button)->click();
}

} // namespace

// Conversations kept on disk: written as they arrive, shown again for the same session, listed, searched,
// reopened read-only, deleted; against rasa-mock, on the offscreen platform.
class tst_Conversations : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void nothingIsLostWhenTheAppIsKilled();
    void newSessionKeepsTheOldConversation();
    void searchFindsEveryConversation();
    void longConversationOpensInBatches();

private:
    std::unique_ptr<MockServer> m_mock;
    QTemporaryDir m_dir;
};

void tst_Conversations::initTestCase()
{
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.path());
    QCoreApplication::setOrganizationName(QStringLiteral("rasa-chat-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_conversations"));
    MockOptions o;
    o.port = 0;
    m_mock = std::make_unique<MockServer>(o);
    QString error;
    QVERIFY2(m_mock->start(&error), qPrintable(error));
}

void tst_Conversations::nothingIsLostWhenTheAppIsKilled()
{
    // The real app converses, and is killed (SIGKILL) once the replies are on the disk.
    const QString db = m_dir.filePath(QStringLiteral("killed.sqlite"));
    QProcess app;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("data")));
    app.setProcessEnvironment(env);
    app.start(QStringLiteral(RASA_CHAT_BIN),
              {QStringLiteral("--url"), m_mock->url().toString(), QStringLiteral("--channel"),
               QStringLiteral("rest"), QStringLiteral("--database"), db, QStringLiteral("--play"),
               QStringLiteral("hi;/multi")});
    QVERIFY2(app.waitForStarted(), qPrintable(app.errorString()));
    {
        ConversationStore reader(db);
        QString error;
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(db) && (reader.isOpen() || reader.open(&error)), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(
            !reader.conversations().isEmpty() && reader.conversations().first().messages == 5, 20000);
    }
    app.kill();
    QVERIFY(app.waitForFinished());
    QCOMPARE(app.exitStatus(), QProcess::CrashExit);

    // Opened again on the same server and channel: the conversation of its session is there, and goes on.
    ChatWindow window;
    QString error;
    QVERIFY2(window.openStore(db, &error), qPrintable(error));
    QVERIFY2(window.connectTo(m_mock->url(), QStringLiteral("rest"), &error), qPrintable(error));
    window.show();
    TranscriptModel *t = ChatWidgetPrivate::transcriptOf(window.chat());
    QTRY_COMPARE(t->rowCount(), 5);
    QCOMPARE(textOf(t, 0), QStringLiteral("hi"));
    QCOMPARE(textOf(t, 1), QStringLiteral("Hey! How are you?"));
    QCOMPARE(textOf(t, 2), QStringLiteral("/multi"));
    QCOMPARE(textOf(t, 3), QStringLiteral("first"));
    QCOMPARE(textOf(t, 4), QStringLiteral("second"));
    QCOMPARE(t->index(0).data(TranscriptModel::DeliveryRole).value<TranscriptModel::Delivery>(),
             TranscriptModel::Delivery::Answered);
    window.chat()->sendText(QStringLiteral("still there?"));
    QTRY_COMPARE(t->rowCount(), 7);
    QCOMPARE(window.store()->conversations().size(), 1);
    QCOMPARE(window.store()->conversations().first().messages, 7);
}

void tst_Conversations::newSessionKeepsTheOldConversation()
{
    ChatWindow window;
    QString error;
    QVERIFY2(window.openStore(m_dir.filePath(QStringLiteral("sessions.sqlite")), &error), qPrintable(error));
    QVERIFY2(window.connectTo(m_mock->url(), QStringLiteral("rest"), &error), qPrintable(error));
    window.show();
    window.chat()->sendText(QStringLiteral("hi"));
    TranscriptModel *t = ChatWidgetPrivate::transcriptOf(window.chat());
    QTRY_COMPARE(t->rowCount(), 2);
    const qint64 first = ChatWidgetPrivate::conversationIdOf(window.chat());
    answerNewSession(window, QMessageBox::Yes);
    QTRY_COMPARE(t->rowCount(), 0);
    window.chat()->sendText(QStringLiteral("/buttons"));
    QTRY_COMPARE(t->rowCount(), 2);
    QVERIFY(ChatWidgetPrivate::conversationIdOf(window.chat()) != first &&
            ChatWidgetPrivate::conversationIdOf(window.chat()) >= 0);

    RasaChat::ConversationsDialog *list = window.showConversations();
    QCOMPARE(list->list()->count(), 2);
    QVERIFY(list->list()->item(0)->text().contains(QStringLiteral("open now")));
    list->list()->setCurrentRow(1); // the older one
    RasaChat::ConversationViewer *viewer = list->openSelected();
    QVERIFY(viewer);
    QCOMPARE(viewer->transcript()->rowCount(), 2);
    QCOMPARE(textOf(viewer->transcript(), 0), QStringLiteral("hi"));
    QCOMPARE(textOf(viewer->transcript(), 1), QStringLiteral("Hey! How are you?"));
    QVERIFY(viewer->findChildren<QPushButton *>().size() ==
            1); // "Earlier messages" only: nothing to send with
    // Deleting: the open conversation is refused, an old one goes.
    list->list()->setCurrentRow(0);
    QVERIFY(!list->deleteSelected());
    list->list()->setCurrentRow(1);
    QVERIFY(list->deleteSelected());
    QCOMPARE(window.store()->conversations().size(), 1);
    QTRY_COMPARE(list->list()->count(), 1);
}

void tst_Conversations::searchFindsEveryConversation()
{
    ChatWindow window;
    QString error;
    QVERIFY2(window.openStore(m_dir.filePath(QStringLiteral("search.sqlite")), &error), qPrintable(error));
    QVERIFY2(window.connectTo(m_mock->url(), QStringLiteral("rest"), &error), qPrintable(error));
    window.show();
    window.chat()->sendText(QStringLiteral("the password is 100%_secret"));
    TranscriptModel *t = ChatWidgetPrivate::transcriptOf(window.chat());
    QTRY_COMPARE(t->rowCount(), 2);
    answerNewSession(window, QMessageBox::Yes);
    QTRY_COMPARE(t->rowCount(), 0);
    window.chat()->sendText(QStringLiteral("hi"));
    QTRY_COMPARE(t->rowCount(), 2);

    RasaChat::ConversationsDialog *list = window.showConversations(QStringLiteral("100%_SECRET"));
    QCOMPARE(list->list()->count(), 2); // the message and its echo, from the old conversation
    QVERIFY(list->list()->item(0)->text().contains(QStringLiteral("you said: the password is 100%_secret")));
    RasaChat::ConversationViewer *viewer = list->openSelected();
    QVERIFY(viewer);
    QCOMPARE(viewer->view()->currentIndex().row(), 1);
    list->searchBox()->setText(QStringLiteral("100x_")); // % and _ are literal characters
    QCOMPARE(list->list()->count(), 0);
    // A hit in the open conversation is shown in the chat itself.
    list->searchBox()->setText(QStringLiteral("how are you"));
    QCOMPARE(list->list()->count(), 1);
    QVERIFY(list->list()->item(0)->text().contains(QStringLiteral("this conversation")));
    QVERIFY(!list->openSelected());
    QCOMPARE(ChatWidgetPrivate::transcriptViewOf(window.chat())->currentIndex().row(), 1);
}

void tst_Conversations::longConversationOpensInBatches()
{
    ConversationStore store(m_dir.filePath(QStringLiteral("long.sqlite")));
    QString error;
    QVERIFY2(store.open(&error), qPrintable(error));
    const qint64 id = store.create(QStringLiteral("http://bot"), QStringLiteral("rest"), QStringLiteral("s"));
    for (int i = 0; i < 1200; ++i) {
        RasaChat::StoredMessage m;
        m.time = QDateTime::currentDateTime();
        m.sender = i % 2 ? RasaChat::StoredMessage::Sender::Bot : RasaChat::StoredMessage::Sender::User;
        m.text = QStringLiteral("message %1").arg(i);
        m.raw = i % 2 ? QByteArray("{\"text\":\"message ") + QByteArray::number(i) + "\"}" : QByteArray("{}");
        m.delivery = int(TranscriptModel::Delivery::Answered);
        QVERIFY(store.add(id, m) > 0);
    }
    RasaChat::ConversationViewer viewer(&store, id);
    QCOMPARE(viewer.transcript()->rowCount(), 500); // the newest ones
    QCOMPARE(textOf(viewer.transcript(), 499), QStringLiteral("message 1199"));
    QVERIFY(viewer.loadEarlier());
    QCOMPARE(viewer.transcript()->rowCount(), 1000);
    QCOMPARE(textOf(viewer.transcript(), 0), QStringLiteral("message 200"));
    QVERIFY(viewer.loadEarlier());
    QCOMPARE(viewer.transcript()->rowCount(), 1200);
    QCOMPARE(textOf(viewer.transcript(), 0), QStringLiteral("message 0"));
    QVERIFY(!viewer.loadEarlier());
}

QTEST_MAIN(tst_Conversations)
#include "tst_conversations.moc"
