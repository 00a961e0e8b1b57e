#include "chatwidget.h"
#include "chatwidget_p.h"
#include "chatwindow.h"
#include "conversationsdialog.h"
#include "conversationstore.h"
#include "fakechannel.h"
#include "server/mockserver.h"
#include "transcriptmodel.h"

#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QScrollBar>
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
    void longConversationOpensWithItsNewestPage();
    void chatShowsAResumedSessionOfAnyLength();
    void searchJumpsToAnOldMessageInTheChat();
    void messagesWithoutTextAreKept();

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

namespace {

// A conversation of `count` messages, "message 0" the oldest, alternately the user's and the bot's.
qint64 storeConversation(ConversationStore &store, const QString &session, int count, const QString &server,
                         const QString &channel)
{
    const qint64 id = store.create(server, channel, session);
    QList<RasaChat::StoredMessage> messages;
    const QDateTime start = QDateTime::currentDateTime().addSecs(-count);
    for (int i = 0; i < count; ++i) {
        RasaChat::StoredMessage m;
        m.time = start.addSecs(i);
        m.sender = i % 2 ? RasaChat::StoredMessage::Sender::Bot : RasaChat::StoredMessage::Sender::User;
        m.text = QStringLiteral("message %1").arg(i);
        m.raw = i % 2 ? QByteArray("{\"text\":\"message ") + QByteArray::number(i) + "\"}" : QByteArray("{}");
        m.delivery = int(TranscriptModel::Delivery::Answered);
        messages.append(m);
    }
    return store.addAll(id, messages) == count ? id : -1;
}

// The rows hold "message first" … "message last", each once, in order.
bool holdsInOrder(TranscriptModel *t, int first, int last)
{
    if (t->rowCount() != last - first + 1)
        return false;
    for (int row = 0; row < t->rowCount(); ++row)
        if (textOf(t, row) != QStringLiteral("message %1").arg(first + row))
            return false;
    return true;
}

// Scrolls `view` to its top until every row of the history is in (at most `pages` times): a page each.
void scrollUpToTheStart(QListView *view, TranscriptModel *t, int pages)
{
    for (int i = 0; i < pages && t->hasOlder(); ++i) {
        const int before = t->rowCount();
        const QString first = textOf(t, 0);
        view->verticalScrollBar()->setValue(0);
        QTRY_VERIFY(t->rowCount() > before);
        // The message that was at the top stays there: the new rows are above it, out of view.
        QTRY_COMPARE(textOf(t, view->indexAt(QPoint(1, 1)).row()), first);
        QCOMPARE(t->rowCount() - before, TranscriptModel::kPageSize);
    }
}

} // namespace

void tst_Conversations::longConversationOpensWithItsNewestPage()
{
    ConversationStore store(m_dir.filePath(QStringLiteral("long.sqlite")));
    QString error;
    QVERIFY2(store.open(&error), qPrintable(error));
    const qint64 id = storeConversation(store, QStringLiteral("s"), 2000, QStringLiteral("http://bot"),
                                        QStringLiteral("rest"));
    QVERIFY(id > 0);
    const int page = TranscriptModel::kPageSize;
    {
        // The model alone: a view whose last row shows does not load older rows, one whose first does.
        TranscriptModel model;
        QCOMPARE(model.openStored(&store, id), page);
        QVERIFY(model.hasOlder());
        QVERIFY(!model.canFetchMore());
        model.fetchMore();
        QCOMPARE(model.rowCount(), page);
        model.setFirstRowShown(true);
        QVERIFY(model.canFetchMore());
        model.fetchMore();
        QVERIFY(holdsInOrder(&model, 2000 - 2 * page, 1999));
        QVERIFY(!model.canFetchMore()); // the new first row has not been shown yet
    }
    {
        RasaChat::ConversationViewer viewer(&store, id);
        TranscriptModel *t = viewer.transcript();
        QVERIFY(holdsInOrder(t, 2000 - page, 1999)); // only the newest page
        QVERIFY(t->hasOlder());
        viewer.show();
        QVERIFY(QTest::qWaitForWindowExposed(&viewer));
        QTRY_VERIFY(viewer.view()->verticalScrollBar()->maximum() > 0);
        QTRY_COMPARE(viewer.view()->verticalScrollBar()->value(),
                     viewer.view()->verticalScrollBar()->maximum());
        QCoreApplication::processEvents();
        QCOMPARE(t->rowCount(), page); // shown at the bottom: nothing more was loaded
        // Scrolling to the top loads the older pages, newest first, until the first message.
        scrollUpToTheStart(viewer.view(), t, 2000 / page);
        QVERIFY(!t->hasOlder());
        QVERIFY(holdsInOrder(t, 0, 1999)); // no gaps, no duplicates
        QVERIFY(!viewer.loadEarlier());
    }
    {
        // "Earlier messages" loads a page too.
        RasaChat::ConversationViewer viewer(&store, id);
        QVERIFY(viewer.loadEarlier());
        QVERIFY(holdsInOrder(viewer.transcript(), 2000 - 2 * page, 1999));
    }
    {
        // A search hit far back: everything from it to the newest is loaded, and it is selected.
        const QList<RasaChat::SearchHit> hits = store.search(QStringLiteral("message 17"));
        auto hit = std::find_if(hits.begin(), hits.end(),
                                [](const RasaChat::SearchHit &h) { return h.text == u"message 17"; });
        QVERIFY(hit != hits.end());
        RasaChat::ConversationViewer viewer(&store, id);
        viewer.showMessage(hit->message);
        TranscriptModel *t = viewer.transcript();
        QVERIFY(holdsInOrder(t, 17, 1999));
        QCOMPARE(viewer.view()->currentIndex().row(), 0);
        QVERIFY(t->hasOlder());
        QCOMPARE(t->loadOlder(), 17); // and what is older still follows on
        QVERIFY(holdsInOrder(t, 0, 1999));
    }
}

void tst_Conversations::chatShowsAResumedSessionOfAnyLength()
{
    // The chat resumes a stored session of 2,000 messages: its newest page at once, the rest as the user
    // scrolls up (before, it showed the newest 500 and never the others).
    ConversationStore store(m_dir.filePath(QStringLiteral("resumed.sqlite")));
    QString error;
    QVERIFY2(store.open(&error), qPrintable(error));
    QVERIFY(storeConversation(store, QStringLiteral("resumed"), 2000, QStringLiteral("http://bot"),
                              QStringLiteral("fake")) > 0);
    FakeChannel channel{QStringLiteral("resumed")};
    RasaChat::ChatWidget chat;
    chat.resize(600, 500);
    ChatWidgetPrivate::setServerName(&chat, QStringLiteral("http://bot"));
    ChatWidgetPrivate::setStore(&chat, &store);
    chat.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chat));
    ChatWidgetPrivate::setChannel(&chat, &channel);
    TranscriptModel *t = ChatWidgetPrivate::transcriptOf(&chat);
    QListView *view = ChatWidgetPrivate::transcriptViewOf(&chat);
    QTRY_VERIFY(t->rowCount() > 0);
    QVERIFY(holdsInOrder(t, 2000 - TranscriptModel::kPageSize, 1999));
    QTRY_VERIFY(view->verticalScrollBar()->maximum() > 0);
    QTRY_COMPARE(view->verticalScrollBar()->value(), view->verticalScrollBar()->maximum());
    QCoreApplication::processEvents();
    QCOMPARE(t->rowCount(), TranscriptModel::kPageSize);
    scrollUpToTheStart(view, t, 2000 / TranscriptModel::kPageSize);
    QVERIFY(holdsInOrder(t, 0, 1999));
    // The conversation goes on below, and is kept.
    chat.sendText(QStringLiteral("still there?"));
    QCOMPARE(t->rowCount(), 2001);
    QCOMPARE(store.count(ChatWidgetPrivate::conversationIdOf(&chat)), 2001);
}

void tst_Conversations::searchJumpsToAnOldMessageInTheChat()
{
    // A hit in the open conversation that is not loaded yet: the chat loads down to it and shows it.
    ConversationStore store(m_dir.filePath(QStringLiteral("jump.sqlite")));
    QString error;
    QVERIFY2(store.open(&error), qPrintable(error));
    ChatWindow window;
    QVERIFY2(window.openStore(store.path(), &error), qPrintable(error));
    QVERIFY2(window.connectTo(m_mock->url(), QStringLiteral("rest"), &error), qPrintable(error));
    window.show();
    TranscriptModel *t = ChatWidgetPrivate::transcriptOf(window.chat());
    window.chat()->sendText(QStringLiteral("hi"));
    QTRY_VERIFY(window.store()->conversations().size() == 1 &&
                window.store()->conversations().first().messages >= 2);
    // Many more messages in the same conversation, written while the chat was closed.
    const qint64 id = ChatWidgetPrivate::conversationIdOf(window.chat());
    QList<RasaChat::StoredMessage> more;
    for (int i = 0; i < 1000; ++i) {
        RasaChat::StoredMessage m;
        m.time = QDateTime::currentDateTime();
        m.sender = RasaChat::StoredMessage::Sender::Bot;
        m.text = QStringLiteral("filler %1").arg(i);
        m.raw = "{\"text\":\"filler\"}";
        more.append(m);
    }
    QCOMPARE(window.store()->addAll(id, more), 1000);
    // Reopened: the newest page only.
    ChatWindow again;
    QVERIFY2(again.openStore(store.path(), &error), qPrintable(error));
    QVERIFY2(again.connectTo(m_mock->url(), QStringLiteral("rest"), &error), qPrintable(error));
    again.show();
    TranscriptModel *t2 = ChatWidgetPrivate::transcriptOf(again.chat());
    QTRY_COMPARE(t2->rowCount(), TranscriptModel::kPageSize);
    QVERIFY(t2->rowOfStored(window.store()->messages(id, 1, 0).first().id) >= 0);
    RasaChat::ConversationsDialog *list = again.showConversations(QStringLiteral("hi"));
    int hitRow = -1;
    for (int i = 0; i < list->list()->count(); ++i)
        if (list->list()->item(i)->text().contains(QStringLiteral("this conversation")))
            hitRow = i;
    QVERIFY(hitRow >= 0);
    list->list()->setCurrentRow(hitRow);
    QVERIFY(!list->openSelected()); // shown in the chat
    QListView *view = ChatWidgetPrivate::transcriptViewOf(again.chat());
    QTRY_VERIFY(view->currentIndex().isValid());
    QCOMPARE(view->currentIndex().row(), 0); // the oldest message: everything after it is in
    QCOMPARE(textOf(t2, 0), QStringLiteral("hi"));
    QVERIFY(!t2->hasOlder());
    QVERIFY(t2->rowCount() > 1000);
    QVERIFY(t->rowCount() > 0);
}

void tst_Conversations::messagesWithoutTextAreKept()
{
    // An image, a custom payload, a carousel: no text, and kept all the same.
    ConversationStore store(m_dir.filePath(QStringLiteral("textless.sqlite")));
    QString error;
    QVERIFY2(store.open(&error), qPrintable(error));
    FakeChannel channel{QStringLiteral("textless")};
    RasaChat::ChatWidget chat;
    ChatWidgetPrivate::setServerName(&chat, QStringLiteral("http://bot"));
    ChatWidgetPrivate::setStore(&chat, &store);
    ChatWidgetPrivate::setChannel(&chat, &channel);
    chat.sendText(QStringLiteral("show me"));
    channel.reply(botFromJson(R"({"image":"http://127.0.0.1:1/cat.png"})"));
    channel.reply(botFromJson(R"({"custom":{"map":{"lat":52.5}}})"));
    channel.reply(botFromJson(R"({"elements":[{"title":"Room A","buttons":[]}]})"));
    const qint64 id = ChatWidgetPrivate::conversationIdOf(&chat);
    QVERIFY(id > 0);
    QCOMPARE(store.count(id), 4);
    TranscriptModel again;
    again.openStored(&store, id);
    QCOMPARE(again.rowCount(), 4);
    QCOMPARE(again.index(1).data(TranscriptModel::KindRole).value<TranscriptModel::Kind>(),
             TranscriptModel::Kind::Image);
    QCOMPARE(again.index(2).data(TranscriptModel::KindRole).value<TranscriptModel::Kind>(),
             TranscriptModel::Kind::Custom);
    QCOMPARE(again.index(3).data(TranscriptModel::KindRole).value<TranscriptModel::Kind>(),
             TranscriptModel::Kind::Carousel);
}

QTEST_MAIN(tst_Conversations)
#include "tst_conversations.moc"
