#include "chatwidget.h"
#include "chatwindow.h"
#include "connectionprofile.h"
#include "inspectorview.h"
#include "messagedelegate.h"
#include "rasa/socketiochannel.h"
#include "rest/restchannel.h"
#include "server/mockserver.h"
#include "transcriptmodel.h"

#include <QFile>
#include <QLineEdit>
#include <QListView>
#include <QPointer>
#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>

using namespace rasachat;
using RasaChat::ChatWidget;
using RasaChat::TranscriptModel;

// The ChatWidget as a user drives it, on the offscreen platform, against rasa-mock.
class tst_ChatWidget : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void typeAndSeeTheReply();
    void clickAQuickReply();
    void historyWithUpAndDown();
    void doubleClickSelectsTheText();
    void unreachableServerShowsTheReason();
    void transcriptExports();
    void inspectorShowsEveryFrame();
    void profilesRoundTripThroughSettings();
    void profileConnectsWithItsMetadata();

private:
    std::unique_ptr<MockServer> m_mock;
    QTemporaryDir m_dir;
};

void tst_ChatWidget::initTestCase()
{
    // Profiles and session ids go to a temporary settings path, never the user's.
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.path());
    QCoreApplication::setOrganizationName(QStringLiteral("rasa-chat-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_chatwidget"));
    MockOptions o;
    o.port = 0;
    m_mock = std::make_unique<MockServer>(o);
    QString error;
    QVERIFY2(m_mock->start(&error), qPrintable(error));
}

void tst_ChatWidget::typeAndSeeTheReply()
{
    SocketIoChannelOptions o;
    o.serverUrl = m_mock->url();
    o.settingsFile = m_dir.filePath(QStringLiteral("s.ini"));
    SocketIoChannel channel(o);
    ChatWidget chat;
    chat.resize(600, 500);
    chat.show();
    chat.setChannel(&channel);
    QTRY_VERIFY(chat.connectionText().startsWith(QStringLiteral("Connected over socketio")));
    QTest::keyClicks(chat.input(), QStringLiteral("hi"));
    QTest::keyClick(chat.input(), Qt::Key_Return);
    TranscriptModel *t = chat.transcript();
    QTRY_COMPARE(t->rowCount(), 2);
    QVERIFY(t->index(0).data(TranscriptModel::FromUserRole).toBool());
    QCOMPARE(t->index(0).data(TranscriptModel::TextRole).toString(), QStringLiteral("hi"));
    QCOMPARE(t->index(1).data(TranscriptModel::TextRole).toString(), QStringLiteral("Hey! How are you?"));
    QTRY_COMPARE(t->index(0).data(TranscriptModel::DeliveryRole).value<TranscriptModel::Delivery>(),
                 TranscriptModel::Delivery::Answered);
    QVERIFY(chat.input()->text().isEmpty());
}

void tst_ChatWidget::clickAQuickReply()
{
    RestChannel channel(RestChannelOptions{m_mock->url(), QStringLiteral("gui-quick")});
    ChatWidget chat;
    chat.resize(600, 500);
    chat.show();
    chat.setChannel(&channel);
    chat.sendText(QStringLiteral("/quick"));
    TranscriptModel *t = chat.transcript();
    QTRY_COMPARE(t->rowCount(), 2);
    QCOMPARE(t->index(1).data(TranscriptModel::KindRole).value<TranscriptModel::Kind>(),
             TranscriptModel::Kind::Buttons);
    // Click the second chip where the delegate drew it.
    QListView *view = chat.transcriptView();
    QTRY_VERIFY(view->visualRect(t->index(1)).isValid());
    QStyleOptionViewItem option;
    option.initFrom(view);
    option.rect = view->visualRect(t->index(1));
    option.widget = view;
    const auto chips =
        static_cast<RasaChat::MessageDelegate *>(view->itemDelegate())->chips(option, t->index(1));
    QCOMPARE(chips.size(), 3);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, chips.at(1).rect.center());
    QTRY_COMPARE(t->rowCount(), 4);
    QCOMPARE(t->index(2).data(TranscriptModel::TextRole).toString(),
             QStringLiteral("Green")); // the title is shown
    QCOMPARE(t->index(3).data(TranscriptModel::TextRole).toString(),
             QStringLiteral("you said: /inform{\"colour\":\"green\"}"));      // the payload was sent
    QVERIFY(!t->index(1).data(TranscriptModel::ButtonsEnabledRole).toBool()); // and the chips are spent
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {},
                      chips.at(0).rect.center()); // handled synchronously
    QCOMPARE(t->rowCount(), 4);
    QVERIFY(!chat.pressButton(1, 0));
}

void tst_ChatWidget::historyWithUpAndDown()
{
    RestChannel channel(RestChannelOptions{m_mock->url(), QStringLiteral("gui-history")});
    ChatWidget chat;
    chat.show();
    chat.setChannel(&channel);
    chat.sendText(QStringLiteral("one"));
    chat.sendText(QStringLiteral("two"));
    QTest::keyClick(chat.input(), Qt::Key_Up);
    QCOMPARE(chat.input()->text(), QStringLiteral("two"));
    QTest::keyClick(chat.input(), Qt::Key_Up);
    QCOMPARE(chat.input()->text(), QStringLiteral("one"));
    QTest::keyClick(chat.input(), Qt::Key_Down);
    QCOMPARE(chat.input()->text(), QStringLiteral("two"));
    QTest::keyClick(chat.input(), Qt::Key_Down);
    QCOMPARE(chat.input()->text(), QString());
}

void tst_ChatWidget::doubleClickSelectsTheText()
{
    RestChannel channel(RestChannelOptions{m_mock->url(), QStringLiteral("gui-select")});
    ChatWidget chat;
    chat.resize(600, 500);
    chat.show();
    chat.setChannel(&channel);
    chat.sendText(QStringLiteral("/multi"));
    TranscriptModel *t = chat.transcript();
    QTRY_COMPARE(t->rowCount(), 3);
    QListView *view = chat.transcriptView();
    const QRect row = view->visualRect(t->index(1));
    QTRY_VERIFY(row.isValid());
    // What a real double click delivers: press, release, then the second press as a DblClick, release.
    const QPoint at(row.left() + 20, row.top() + 20);
    QTest::mousePress(view->viewport(), Qt::LeftButton, {}, at);
    QTest::mouseRelease(view->viewport(), Qt::LeftButton, {}, at);
    QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, at);
    QTest::mouseRelease(view->viewport(), Qt::LeftButton, {}, at);
    QTextBrowser *viewer = nullptr;
    QTRY_VERIFY((viewer = view->viewport()->findChild<QTextBrowser *>()) != nullptr);
    QCOMPARE(viewer->textCursor().selectedText(),
             QStringLiteral("first")); // ready to copy, or to narrow down
    QVERIFY(viewer->isReadOnly());
    QPointer<QTextBrowser> open(viewer);
    QTest::keyClick(viewer, Qt::Key_Escape);
    QTRY_VERIFY(!open || !open->isVisible()); // closed
    QCOMPARE(t->rowCount(), 3);               // nothing was changed or sent
}

void tst_ChatWidget::unreachableServerShowsTheReason()
{
    QTcpServer reserve;
    QVERIFY(reserve.listen(QHostAddress::LocalHost, 0));
    const quint16 port = reserve.serverPort();
    reserve.close();
    RestChannel channel(RestChannelOptions{QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)), {}});
    ChatWidget chat;
    chat.show();
    chat.setChannel(&channel);
    QTRY_VERIFY(chat.connectionText().startsWith(QStringLiteral("Error: cannot reach")));
    QVERIFY(chat.connectionText().contains(QStringLiteral("refused")));
    QCOMPARE(chat.transcript()->index(0).data(TranscriptModel::KindRole).value<TranscriptModel::Kind>(),
             TranscriptModel::Kind::System);
}

void tst_ChatWidget::transcriptExports()
{
    TranscriptModel t;
    UserMessage u;
    u.text = QStringLiteral("hi");
    t.appendUser(u);
    t.appendBot(BotMessage::textMessage(QStringLiteral("Hey!")));
    QVERIFY(t.toMarkdown().contains(QStringLiteral("**You**: hi")));
    QVERIFY(t.toMarkdown().contains(QStringLiteral("**Bot**: Hey!")));
    QVERIFY(t.toJson().contains("\"from\": \"bot\""));
    t.appendSystem(QStringLiteral("cannot reach x; retrying"));
    t.appendSystem(QStringLiteral("cannot reach x; retrying")); // the same note at every retry: once
    QCOMPARE(t.rowCount(), 3);
}

void tst_ChatWidget::inspectorShowsEveryFrame()
{
    RasaChat::ChatWindow window;
    QString error;
    QVERIFY2(window.connectTo(m_mock->url(), QStringLiteral("socketio"), &error), qPrintable(error));
    window.show();
    QTRY_VERIFY(window.chat()->connectionText().startsWith(QStringLiteral("Connected over socketio")));
    window.chat()->sendText(QStringLiteral("hi"));
    QTRY_COMPARE(window.chat()->transcript()->rowCount(), 2);
    RasaChat::InspectorView *inspector = window.inspector();
    RasaChat::InspectorModel *model = inspector->model();
    QTRY_VERIFY(model->rowCount() >= 6); // OPEN, CONNECT both ways, session_request/confirm, user_uttered...
    QStringList events;
    for (int row = 0; row < model->rowCount(); ++row)
        events << model->index(row, RasaChat::InspectorModel::EventColumn).data().toString();
    QVERIFY2(events.contains(QStringLiteral("session_request")), qPrintable(events.join(u", ")));
    QVERIFY(events.contains(QStringLiteral("session_confirm")));
    QVERIFY(events.contains(QStringLiteral("user_uttered")));
    QVERIFY(events.contains(QStringLiteral("bot_uttered")));
    inspector->filterBox()->setText(QStringLiteral("bot_uttered"));
    QCOMPARE(inspector->filtered()->rowCount(), 1);
    const QString path = m_dir.filePath(QStringLiteral("traffic.jsonl"));
    QVERIFY(inspector->exportTo(path, &error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
    QCOMPARE(lines.size(), model->rowCount());
    QVERIFY(lines.first().startsWith("{\""));
}

void tst_ChatWidget::profilesRoundTripThroughSettings()
{
    RasaChat::ConnectionProfile a;
    a.name = QStringLiteral("staging");
    a.url = QStringLiteral("https://bot.example:5005");
    a.channel = QStringLiteral("socketio");
    a.userMessageEvt = QStringLiteral("user_says");
    a.botMessageEvt = QStringLiteral("bot_says");
    a.metadataKey = QStringLiteral("customData");
    a.sessionPersistence = false;
    a.metadataJson = QStringLiteral("{\"lang\":\"de\"}");
    a.token = QStringLiteral("eyJ.x.y");
    a.transport = QStringLiteral("websocket");
    RasaChat::ConnectionProfile b;
    b.name = QStringLiteral("callback");
    b.channel = QStringLiteral("callback");
    b.receiverPort = 5055;
    QSettings settings(m_dir.filePath(QStringLiteral("profiles.ini")), QSettings::IniFormat);
    RasaChat::ProfileStore(&settings).save({a, b});
    RasaChat::ProfileStore(&settings).setLastUsed(QStringLiteral("staging"));
    QSettings reread(m_dir.filePath(QStringLiteral("profiles.ini")), QSettings::IniFormat);
    const auto loaded = RasaChat::ProfileStore(&reread).load();
    QCOMPARE(loaded.size(), 2);
    QVERIFY(loaded.at(0) == a);
    QVERIFY(loaded.at(1) == b);
    QCOMPARE(RasaChat::ProfileStore(&reread).lastUsed(), QStringLiteral("staging"));
}

void tst_ChatWidget::profileConnectsWithItsMetadata()
{
    RasaChat::ConnectionProfile p;
    p.name = QStringLiteral("mock over rest");
    p.url = m_mock->url().toString();
    p.channel = QStringLiteral("rest");
    p.metadataJson = QStringLiteral("{\"from\":\"profile\"}");
    {
        RasaChat::ChatWindow first;
        first.saveProfile(p);
    }
    RasaChat::ChatWindow window; // a new window reads the profiles back
    QCOMPARE(window.profiles().size(), 1);
    QString error;
    QVERIFY2(window.selectProfile(p.name, &error), qPrintable(error));
    window.chat()->sendText(QStringLiteral("/meta"));
    TranscriptModel *t = window.chat()->transcript();
    QTRY_COMPARE(t->rowCount(), 2);
    const auto reply = t->index(1).data(TranscriptModel::MessageRole).value<BotMessage>();
    QCOMPARE(reply.custom,
             QJsonValue(QJsonObject{{QStringLiteral("metadata"),
                                     QJsonObject{{QStringLiteral("from"), QStringLiteral("profile")}}}}));
    RasaChat::ConnectionProfile broken = p;
    broken.metadataJson = QStringLiteral("[1,2]");
    QVERIFY(!window.connectTo(broken, &error));
    QCOMPARE(error, QStringLiteral("metadata must be a JSON object, e.g. {\"lang\": \"en\"}"));
}

QTEST_MAIN(tst_ChatWidget)
#include "tst_chatwidget.moc"
