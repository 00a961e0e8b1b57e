#include "callback/callbackchannel.h"
#include "chatwidget.h"
#include "chatwidget_p.h"
#include "chatwindow.h"
#include "config/credentials.h"
#include "connectionprofile.h"
#include "fakechannel.h"
#include "http/servertls.h"
#include "inspectorview.h"
#include "messagedelegate.h"
#include "rasa/socketiochannel.h"
#include "rest/restchannel.h"
#include "server/mockserver.h"
#include "transcriptmodel.h"

#include <QAction>
#include <QApplication>
#include <QBuffer>
#include <QClipboard>
#include <QDesktopServices>
#include <QFile>
#include <QFontInfo>
#include <QFontMetricsF>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPointer>
#include <QProcess>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextBrowser>

using namespace rasachat;
using RasaChat::ChatWidget;
using RasaChat::ChatWidgetPrivate;
using RasaChat::TranscriptModel;

namespace {

// A channel the test drives by hand: it records what the widget sends, and replies and acknowledges when
// told, in the order Rasa does (a turn's replies, then the acknowledgement).
// Records the URLs QDesktopServices is asked to open, instead of starting a browser.
class UrlRecorder : public QObject
{
    Q_OBJECT
public:
    QList<QUrl> opened;
public slots:
    void open(const QUrl &url) { opened.append(url); }
};

TranscriptModel::Delivery deliveryOf(TranscriptModel *t, int row)
{
    return t->index(row).data(TranscriptModel::DeliveryRole).value<TranscriptModel::Delivery>();
}

// Opens the read-only viewer of `row` the way a user does (select it, F2) and returns it.
QTextBrowser *openViewer(ChatWidget &chat, int row)
{
    QListView *view = ChatWidgetPrivate::transcriptViewOf(&chat);
    view->setCurrentIndex(ChatWidgetPrivate::transcriptOf(&chat)->index(row));
    QTest::keyClick(view, Qt::Key_F2);
    return view->viewport()->findChild<QTextBrowser *>();
}

// Where the delegate draws the text of `row`, in the viewport's coordinates.
QRect textRectOf(ChatWidget &chat, int row)
{
    QListView *view = ChatWidgetPrivate::transcriptViewOf(&chat);
    const QModelIndex index = ChatWidgetPrivate::transcriptOf(&chat)->index(row);
    QStyleOptionViewItem option;
    option.initFrom(view);
    option.rect = view->visualRect(index);
    option.widget = view;
    return qobject_cast<RasaChat::MessageDelegate *>(view->itemDelegate())->textRect(option, index);
}

// The format of the first occurrence of `word` in `doc`.
QTextCharFormat formatOf(QTextDocument *doc, const QString &word)
{
    for (QTextBlock b = doc->begin(); b.isValid(); b = b.next())
        for (auto it = b.begin(); !it.atEnd(); ++it)
            if (it.fragment().text().contains(word))
                return it.fragment().charFormat();
    return {};
}

bool atBottom(QListView *view)
{
    const QScrollBar *bar = view->verticalScrollBar();
    return bar->maximum() > 0 && bar->value() == bar->maximum();
}

} // namespace

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
    void botHtmlIsShownAsText();
    void markdownItalicAndCode();
    void longPasteIsSentWhole();
    void linkInBotMarkdownOpens();
    void linkToAFileIsAskedFirst();
    void newSessionAsksFirst();
    void repliesMarkTheMessageTheyAnswer();
    void restRepliesMarkTheirRequest();
    void chipClickReturnsFocusToComposer();
    void followsNewestWhenBubblesGrow();
    void followsNewestWhenAnImageArrives();
    void restRecoversWhenTheServerIsBack();
    void retryNowReconnectsAtOnce();
    void retryNowWhileSocketIoReconnects();
    void unacknowledgedMessageFailsWithRetry();
    void callbackRepliesReachTheReceiverPort();
    void composerEnterSendsShiftEnterBreaksTheLine();
    void typingIndicatorWhileAReplyIsAwaited();
    void newMessagesJumpWhenScrolledUp();
    void replacedChannelIsClosedAndDeleted();
    void connectionOptionsReachTheChannel();
    void connectionOptionsTrustTheirCaFile();
    void oversizedCallbackIsShownNotLost();

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
    ChatWidgetPrivate::setChannel(&chat, &channel);
    QTRY_VERIFY(chat.connectionText().startsWith(QStringLiteral("Connected over socketio")));
    QTest::keyClicks(ChatWidgetPrivate::inputOf(&chat), QStringLiteral("hi"));
    QTest::keyClick(ChatWidgetPrivate::inputOf(&chat), Qt::Key_Return);
    TranscriptModel *t = ChatWidgetPrivate::transcriptOf(&chat);
    QTRY_COMPARE(t->rowCount(), 2);
    QVERIFY(t->index(0).data(TranscriptModel::FromUserRole).toBool());
    QCOMPARE(t->index(0).data(TranscriptModel::TextRole).toString(), QStringLiteral("hi"));
    QCOMPARE(t->index(1).data(TranscriptModel::TextRole).toString(), QStringLiteral("Hey! How are you?"));
    QTRY_COMPARE(t->index(0).data(TranscriptModel::DeliveryRole).value<TranscriptModel::Delivery>(),
                 TranscriptModel::Delivery::Answered);
    QVERIFY(ChatWidgetPrivate::inputOf(&chat)->toPlainText().isEmpty());
}

void tst_ChatWidget::clickAQuickReply()
{
    RestChannel channel(RestChannelOptions{m_mock->url(), QStringLiteral("gui-quick")});
    ChatWidget chat;
    chat.resize(600, 500);
    chat.show();
    ChatWidgetPrivate::setChannel(&chat, &channel);
    chat.sendText(QStringLiteral("/quick"));
    TranscriptModel *t = ChatWidgetPrivate::transcriptOf(&chat);
    QTRY_COMPARE(t->rowCount(), 2);
    QCOMPARE(t->index(1).data(TranscriptModel::KindRole).value<TranscriptModel::Kind>(),
             TranscriptModel::Kind::Buttons);
    // Click the second chip where the delegate drew it.
    QListView *view = ChatWidgetPrivate::transcriptViewOf(&chat);
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
    ChatWidgetPrivate::setChannel(&chat, &channel);
    chat.sendText(QStringLiteral("one"));
    chat.sendText(QStringLiteral("two"));
    QTest::keyClick(ChatWidgetPrivate::inputOf(&chat), Qt::Key_Up);
    QCOMPARE(ChatWidgetPrivate::inputOf(&chat)->toPlainText(), QStringLiteral("two"));
    QTest::keyClick(ChatWidgetPrivate::inputOf(&chat), Qt::Key_Up);
    QCOMPARE(ChatWidgetPrivate::inputOf(&chat)->toPlainText(), QStringLiteral("one"));
    QTest::keyClick(ChatWidgetPrivate::inputOf(&chat), Qt::Key_Down);
    QCOMPARE(ChatWidgetPrivate::inputOf(&chat)->toPlainText(), QStringLiteral("two"));
    QTest::keyClick(ChatWidgetPrivate::inputOf(&chat), Qt::Key_Down);
    QCOMPARE(ChatWidgetPrivate::inputOf(&chat)->toPlainText(), QString());
}

void tst_ChatWidget::doubleClickSelectsTheText()
{
    RestChannel channel(RestChannelOptions{m_mock->url(), QStringLiteral("gui-select")});
    ChatWidget chat;
    chat.resize(600, 500);
    chat.show();
    ChatWidgetPrivate::setChannel(&chat, &channel);
    chat.sendText(QStringLiteral("/multi"));
    TranscriptModel *t = ChatWidgetPrivate::transcriptOf(&chat);
    QTRY_COMPARE(t->rowCount(), 3);
    QListView *view = ChatWidgetPrivate::transcriptViewOf(&chat);
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
    ChatWidgetPrivate::setChannel(&chat, &channel);
    QTRY_VERIFY(chat.connectionText().startsWith(QStringLiteral("Error: cannot reach")));
    QVERIFY(chat.connectionText().contains(QStringLiteral("refused")));
    QCOMPARE(ChatWidgetPrivate::transcriptOf(&chat)
                 ->index(0)
                 .data(TranscriptModel::KindRole)
                 .value<TranscriptModel::Kind>(),
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
    QTRY_COMPARE(ChatWidgetPrivate::transcriptOf(window.chat())->rowCount(), 2);
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
    a.caCertFile = QStringLiteral("/etc/ssl/staging-ca.pem");
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
    TranscriptModel *t = ChatWidgetPrivate::transcriptOf(window.chat());
    QTRY_COMPARE(t->rowCount(), 2);
    const auto reply = t->index(1).data(TranscriptModel::MessageRole).value<BotMessage>();
    QCOMPARE(reply.custom,
             QJsonValue(QJsonObject{{QStringLiteral("metadata"),
                                     QJsonObject{{QStringLiteral("from"), QStringLiteral("profile")}}}}));
    RasaChat::ConnectionProfile broken = p;
    broken.metadataJson = QStringLiteral("[1,2]");
    QVERIFY(!window.connectTo(broken, &error));
    QCOMPARE(error, QStringLiteral("metadata must be a JSON object, e.g. {\"lang\": \"en\"}"));
    RasaChat::ConnectionProfile noCa = p;
    noCa.caCertFile = QStringLiteral("/nonexistent/ca.pem");
    QVERIFY(!window.connectTo(noCa, &error));
    QVERIFY2(error.startsWith(QStringLiteral("cannot read the CA file /nonexistent/ca.pem")),
             qPrintable(error));
}

void tst_ChatWidget::botHtmlIsShownAsText()
{
    // What rasa-mock's echo answers to `Press <Enter> to continue, then type <name>`, plus Markdown.
    FakeChannel channel;
    ChatWidget chat;
    chat.resize(600, 500);
    chat.show();
    ChatWidgetPrivate::setChannel(&chat, &channel);
    channel.reply(QStringLiteral("you said: Press <Enter> to continue, then type <name> **now**"));
    QTextBrowser *viewer = openViewer(chat, 0);
    QVERIFY(viewer);
    QCOMPARE(viewer->toPlainText(),
             QStringLiteral("you said: Press <Enter> to continue, then type <name> now"));
    QCOMPARE(formatOf(viewer->document(), QStringLiteral("now")).fontWeight(), int(QFont::Bold));
}

void tst_ChatWidget::markdownItalicAndCode()
{
    FakeChannel channel;
    ChatWidget chat;
    chat.resize(600, 500);
    chat.show();
    ChatWidgetPrivate::setChannel(&chat, &channel);
    channel.reply(QStringLiteral("_slanted_ and `fixed` and *also*"));
    QTextBrowser *viewer = openViewer(chat, 0);
    QVERIFY(viewer);
    QCOMPARE(viewer->toPlainText(), QStringLiteral("slanted and fixed and also"));
    const QTextCharFormat slanted = formatOf(viewer->document(), QStringLiteral("slanted"));
    QVERIFY(slanted.fontItalic());
    QVERIFY(!slanted.fontUnderline());
    // Monospace as it is drawn: fontconfig does not flag every monospace font so (Noto Sans Mono is not),
    // so QFontInfo::fixedPitch() depends on the fonts installed.
    const auto monospace = [](const QFont &font) {
        const QFontMetricsF m(font);
        return qFuzzyCompare(m.horizontalAdvance(QStringLiteral("iiii")),
                             m.horizontalAdvance(QStringLiteral("MMMM")));
    };
    QVERIFY(monospace(formatOf(viewer->document(), QStringLiteral("fixed")).font()));
    QVERIFY(!monospace(formatOf(viewer->document(), QStringLiteral("also")).font()));
}

void tst_ChatWidget::longPasteIsSentWhole()
{
    FakeChannel channel;
    ChatWidget chat;
    chat.show();
    ChatWidgetPrivate::setChannel(&chat, &channel);
    QString text;
    for (int i = 0; text.size() < 100'000; ++i)
        text += QStringLiteral("line %1 of a long log\n").arg(i, 5, 10, QChar(u'0'));
    text.truncate(100'000);
    text.replace(u'\n', u' ');
    text.back() = u'.';
    QApplication::clipboard()->setText(text);
    QWidget *composer = ChatWidgetPrivate::inputOf(&chat);
    composer->setFocus();
    QTest::keySequence(composer, QKeySequence::Paste);
    QTest::keyClick(composer, Qt::Key_Return);
    QCOMPARE(channel.sent.size(), 1);
    QCOMPARE(channel.sent.first().text.size(), 100'000);
    QCOMPARE(channel.sent.first().text, text);
    QCOMPARE(ChatWidgetPrivate::transcriptOf(&chat)->index(0).data(TranscriptModel::TextRole).toString(),
             text);
}

void tst_ChatWidget::linkInBotMarkdownOpens()
{
    UrlRecorder recorder;
    QDesktopServices::setUrlHandler(QStringLiteral("https"), &recorder, "open");
    auto unset = qScopeGuard([] { QDesktopServices::unsetUrlHandler(QStringLiteral("https")); });
    FakeChannel channel;
    ChatWidget chat;
    chat.resize(600, 500);
    chat.show();
    ChatWidgetPrivate::setChannel(&chat, &channel);
    channel.reply(QStringLiteral("[the documentation](https://rasa.com/docs/) explains it"));
    QListView *view = ChatWidgetPrivate::transcriptViewOf(&chat);
    QTRY_VERIFY(view->visualRect(ChatWidgetPrivate::transcriptOf(&chat)->index(0)).isValid());
    const QRect text = textRectOf(chat, 0); // the link is its first words
    const QPoint onLink = text.topLeft() + QPoint(6, view->fontMetrics().height() / 2);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, onLink);
    QTRY_COMPARE(recorder.opened.size(), 1);
    QCOMPARE(recorder.opened.first(), QUrl(QStringLiteral("https://rasa.com/docs/")));
    // The rest of the bubble is no link.
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, QPoint(text.left() + 6, text.bottom() + 4));
    QCOMPARE(recorder.opened.size(), 1);
}

// A bot may send any URL; one that is not a web page or mail (file:, an application's own scheme) is
// only opened when the user says so, and the question does not block the chat.
void tst_ChatWidget::linkToAFileIsAskedFirst()
{
    UrlRecorder recorder;
    QDesktopServices::setUrlHandler(QStringLiteral("file"), &recorder, "open");
    auto unset = qScopeGuard([] { QDesktopServices::unsetUrlHandler(QStringLiteral("file")); });
    FakeChannel channel;
    ChatWidget chat;
    chat.resize(600, 500);
    chat.show();
    ChatWidgetPrivate::setChannel(&chat, &channel);
    channel.reply(QStringLiteral("[your passwords](file:///etc/passwd) are here"));
    QListView *view = ChatWidgetPrivate::transcriptViewOf(&chat);
    QTRY_VERIFY(view->visualRect(ChatWidgetPrivate::transcriptOf(&chat)->index(0)).isValid());
    const QRect text = textRectOf(chat, 0); // the link is its first words
    const QPoint onLink = text.topLeft() + QPoint(6, view->fontMetrics().height() / 2);
    const auto question = [&chat] { return chat.findChild<QMessageBox *>(QStringLiteral("linkQuestion")); };

    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, onLink);
    QTRY_VERIFY(question() && question()->isVisible());
    QVERIFY(question()->informativeText().contains(QStringLiteral("file:///etc/passwd")));
    QCOMPARE(question()->windowModality(), Qt::NonModal);
    QVERIFY(recorder.opened.isEmpty());
    question()->button(QMessageBox::Cancel)->click();
    QTRY_VERIFY(!question());
    QVERIFY(recorder.opened.isEmpty());

    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, onLink);
    QTRY_VERIFY(question() && question()->isVisible());
    QAbstractButton *open = nullptr;
    for (QAbstractButton *b : question()->buttons())
        if (question()->buttonRole(b) == QMessageBox::AcceptRole)
            open = b;
    QVERIFY(open);
    open->click();
    QCOMPARE(recorder.opened, QList<QUrl>{QUrl(QStringLiteral("file:///etc/passwd"))});
}

void tst_ChatWidget::newSessionAsksFirst()
{
    RasaChat::ChatWindow window;
    QString error;
    QVERIFY2(window.connectTo(m_mock->url(), QStringLiteral("rest"), &error), qPrintable(error));
    window.show();
    window.chat()->sendText(QStringLiteral("hi"));
    TranscriptModel *t = ChatWidgetPrivate::transcriptOf(window.chat());
    QTRY_COMPARE(t->rowCount(), 2);
    QAction *newSession = nullptr;
    for (QAction *a : window.findChildren<QAction *>())
        if (a->shortcut() == QKeySequence(QKeySequence::New))
            newSession = a;
    QVERIFY(newSession);
    newSession->trigger();
    QCOMPARE(t->rowCount(), 2); // nothing is wiped before the user says so
    QMessageBox *ask = nullptr;
    QTRY_VERIFY((ask = window.findChild<QMessageBox *>()) != nullptr && ask->isVisible());
    ask->button(QMessageBox::Cancel)->click();
    QCOMPARE(t->rowCount(), 2);
    newSession->trigger();
    QTRY_VERIFY((ask = window.findChild<QMessageBox *>()) != nullptr && ask->isVisible());
    ask->button(QMessageBox::Yes)->click();
    QTRY_VERIFY(t->rowCount() < 2);
}

void tst_ChatWidget::repliesMarkTheMessageTheyAnswer()
{
    FakeChannel channel;
    ChatWidget chat;
    chat.show();
    ChatWidgetPrivate::setChannel(&chat, &channel);
    chat.sendText(QStringLiteral("A"));
    chat.sendText(QStringLiteral("B"));
    QCOMPARE(channel.sent.size(), 2);
    TranscriptModel *t = ChatWidgetPrivate::transcriptOf(&chat);
    // Rasa's order: the replies of a turn (here two), then the acknowledgement of its message.
    channel.reply(QStringLiteral("to A, 1"));
    channel.reply(QStringLiteral("to A, 2"));
    QCOMPARE(deliveryOf(t, 1), TranscriptModel::Delivery::Submitted); // B: not answered yet
    channel.ack(channel.sent.at(0).messageId);
    QCOMPARE(deliveryOf(t, 0), TranscriptModel::Delivery::Answered);
    QCOMPARE(deliveryOf(t, 1), TranscriptModel::Delivery::Submitted);
    channel.ack(channel.sent.at(1).messageId); // B accepted, no reply
    QCOMPARE(deliveryOf(t, 1), TranscriptModel::Delivery::ReachedServer);
    QCOMPARE(deliveryOf(t, 0), TranscriptModel::Delivery::Answered);
}

void tst_ChatWidget::restRepliesMarkTheirRequest()
{
    RestChannel channel(RestChannelOptions{m_mock->url(), QStringLiteral("gui-ticks")});
    ChatWidget chat;
    chat.show();
    ChatWidgetPrivate::setChannel(&chat, &channel);
    chat.sendText(QStringLiteral("A"));
    chat.sendText(QStringLiteral("B"));
    TranscriptModel *t = ChatWidgetPrivate::transcriptOf(&chat);
    QTRY_COMPARE(t->rowCount(), 4);
    QCOMPARE(t->index(2).data(TranscriptModel::TextRole).toString(), QStringLiteral("you said: A"));
    QCOMPARE(deliveryOf(t, 0), TranscriptModel::Delivery::Answered);
    QCOMPARE(deliveryOf(t, 1), TranscriptModel::Delivery::Answered);
}

void tst_ChatWidget::chipClickReturnsFocusToComposer()
{
    RestChannel channel(RestChannelOptions{m_mock->url(), QStringLiteral("gui-focus")});
    ChatWidget chat;
    chat.resize(600, 500);
    chat.show();
    QApplication::setActiveWindow(&chat);
    QVERIFY(QTest::qWaitForWindowActive(&chat));
    ChatWidgetPrivate::setChannel(&chat, &channel);
    chat.sendText(QStringLiteral("/buttons"));
    TranscriptModel *t = ChatWidgetPrivate::transcriptOf(&chat);
    QTRY_COMPARE(t->rowCount(), 2);
    QListView *view = ChatWidgetPrivate::transcriptViewOf(&chat);
    QTRY_VERIFY(view->visualRect(t->index(1)).isValid());
    QStyleOptionViewItem option;
    option.initFrom(view);
    option.rect = view->visualRect(t->index(1));
    option.widget = view;
    const auto chips =
        static_cast<RasaChat::MessageDelegate *>(view->itemDelegate())->chips(option, t->index(1));
    QCOMPARE(chips.size(), 2);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, chips.at(0).rect.center());
    QTRY_COMPARE(t->rowCount(), 4);
    QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget *>(ChatWidgetPrivate::inputOf(&chat)));
}

void tst_ChatWidget::followsNewestWhenBubblesGrow()
{
    FakeChannel channel;
    ChatWidget chat;
    chat.resize(600, 400);
    chat.show();
    ChatWidgetPrivate::setChannel(&chat, &channel);
    for (int i = 0; i < 40; ++i)
        channel.reply(QStringLiteral("message %1, long enough to wrap onto a second line when the window is "
                                     "narrowed, as it is when a dock opens beside it")
                          .arg(i));
    QListView *view = ChatWidgetPrivate::transcriptViewOf(&chat);
    QTRY_VERIFY(atBottom(view));
    const int before = view->verticalScrollBar()->maximum();
    chat.resize(330, 400); // what opening the Inspector dock does to the chat
    QTRY_VERIFY(view->verticalScrollBar()->maximum() > before);
    QTRY_VERIFY(atBottom(view));
    // Scrolled up to read: the view stays where the user put it.
    view->verticalScrollBar()->setValue(0);
    chat.resize(600, 400);
    channel.reply(QStringLiteral("one more"));
    QTRY_COMPARE(ChatWidgetPrivate::transcriptOf(&chat)->rowCount(), 41);
    QCOMPARE(view->verticalScrollBar()->value(), 0);
}

void tst_ChatWidget::followsNewestWhenAnImageArrives()
{
    // An image server that answers only when the test says so, so that the image arrives late.
    QTcpServer images;
    QVERIFY(images.listen(QHostAddress::LocalHost, 0));
    QPointer<QTcpSocket> request;
    connect(&images, &QTcpServer::newConnection, this, [&] { request = images.nextPendingConnection(); });
    FakeChannel channel;
    ChatWidget chat;
    chat.resize(600, 400);
    chat.show();
    ChatWidgetPrivate::setChannel(&chat, &channel);
    for (int i = 0; i < 20; ++i)
        channel.reply(QStringLiteral("message %1").arg(i));
    BotMessage image;
    image.image = QStringLiteral("http://127.0.0.1:%1/tall.png").arg(images.serverPort());
    channel.reply(image);
    QListView *view = ChatWidgetPrivate::transcriptViewOf(&chat);
    QTRY_VERIFY(request && request->bytesAvailable() > 0);
    QTRY_VERIFY(atBottom(view));
    const int before = view->verticalScrollBar()->maximum();
    QImage tall(200, 240, QImage::Format_RGB32); // taller than the 150 px placeholder
    tall.fill(Qt::darkCyan);
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    tall.save(&buffer, "PNG");
    request->write("HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nConnection: close\r\nContent-Length: " +
                   QByteArray::number(png.size()) + "\r\n\r\n" + png);
    request->disconnectFromHost();
    QTRY_VERIFY(view->verticalScrollBar()->maximum() > before);
    QTRY_VERIFY(atBottom(view));
}

void tst_ChatWidget::restRecoversWhenTheServerIsBack()
{
    QTcpServer reserve;
    QVERIFY(reserve.listen(QHostAddress::LocalHost, 0));
    const quint16 port = reserve.serverPort();
    reserve.close();
    RestChannel channel(RestChannelOptions{QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)), {}});
    ChatWidget chat;
    chat.show();
    ChatWidgetPrivate::setChannel(&chat, &channel);
    QTRY_VERIFY(chat.connectionText().contains(QStringLiteral("refused")));
    chat.sendText(QStringLiteral("are you there?"));
    TranscriptModel *t = ChatWidgetPrivate::transcriptOf(&chat);
    int row = -1;
    for (int i = 0; i < t->rowCount(); ++i)
        if (t->index(i).data(TranscriptModel::FromUserRole).toBool())
            row = i;
    QVERIFY(row >= 0);
    // The server comes back on the same port.
    MockOptions o;
    o.port = port;
    MockServer server(o);
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(chat.connectionText().startsWith(QStringLiteral("Connected over rest")), 20000);
    QTRY_COMPARE(deliveryOf(t, row), TranscriptModel::Delivery::Answered);
    QCOMPARE(t->index(t->rowCount() - 1).data(TranscriptModel::TextRole).toString(),
             QStringLiteral("you said: are you there?"));
}

void tst_ChatWidget::retryNowReconnectsAtOnce()
{
    QTcpServer reserve;
    QVERIFY(reserve.listen(QHostAddress::LocalHost, 0));
    const quint16 port = reserve.serverPort();
    reserve.close();
    RestChannel channel(RestChannelOptions{QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)), {}});
    ChatWidget chat;
    chat.setReconnectDelay(3'600'000); // the backoff alone would not try again during this test
    chat.show();
    ChatWidgetPrivate::setChannel(&chat, &channel);
    QPushButton *retryNow = nullptr;
    for (QPushButton *b : chat.findChildren<QPushButton *>())
        if (b->text() == QStringLiteral("Retry now"))
            retryNow = b;
    QVERIFY(retryNow);
    QTRY_VERIFY(retryNow->isVisible());
    QVERIFY2(chat.connectionText().contains(QStringLiteral("trying again in 3600 s")),
             qPrintable(chat.connectionText()));
    MockOptions o;
    o.port = port;
    MockServer server(o);
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    retryNow->click();
    QTRY_VERIFY(chat.connectionText().startsWith(QStringLiteral("Connected over rest")));
    QVERIFY(!retryNow->isVisible());
}

void tst_ChatWidget::retryNowWhileSocketIoReconnects()
{
    MockOptions o;
    o.port = 0;
    auto server = std::make_unique<MockServer>(o);
    QString error;
    QVERIFY2(server->start(&error), qPrintable(error));
    const quint16 port = server->port();
    SocketIoChannelOptions so;
    so.serverUrl = server->url();
    so.settingsFile = m_dir.filePath(QStringLiteral("retry-now.ini"));
    so.reconnectDelayMs = 3'600'000; // its own backoff would not try again during this test
    so.reconnectDelayMaxMs = 3'600'000;
    SocketIoChannel channel(so);
    ChatWidget chat;
    chat.show();
    ChatWidgetPrivate::setChannel(&chat, &channel);
    QTRY_VERIFY(chat.connectionText().startsWith(QStringLiteral("Connected over socketio")));
    QPushButton *retryNow = nullptr;
    for (QPushButton *b : chat.findChildren<QPushButton *>())
        if (b->text() == QStringLiteral("Retry now"))
            retryNow = b;
    QVERIFY(retryNow);
    QVERIFY(!retryNow->isVisible());
    server.reset(); // the server goes away
    QTRY_COMPARE(channel.state(), ChatChannel::State::Reconnecting);
    QTRY_VERIFY(retryNow->isVisible());
    o.port = port;
    server = std::make_unique<MockServer>(o);
    QVERIFY2(server->start(&error), qPrintable(error));
    retryNow->click();
    QTRY_VERIFY(chat.connectionText().startsWith(QStringLiteral("Connected over socketio")));
    QVERIFY(!retryNow->isVisible());
}

void tst_ChatWidget::unacknowledgedMessageFailsWithRetry()
{
    FakeChannel channel;
    ChatWidget chat;
    chat.setDeliveryTimeout(100);
    chat.resize(600, 400);
    chat.show();
    ChatWidgetPrivate::setChannel(&chat, &channel);
    chat.sendText(QStringLiteral("lost in the network"));
    TranscriptModel *t = ChatWidgetPrivate::transcriptOf(&chat);
    QCOMPARE(deliveryOf(t, 0), TranscriptModel::Delivery::Submitted);
    QTRY_COMPARE(deliveryOf(t, 0), TranscriptModel::Delivery::Failed);
    // "not sent · Retry" under the bubble; a click on Retry sends it again.
    QListView *view = ChatWidgetPrivate::transcriptViewOf(&chat);
    QStyleOptionViewItem option;
    option.initFrom(view);
    option.rect = view->visualRect(t->index(0));
    option.widget = view;
    const QRect retry =
        static_cast<RasaChat::MessageDelegate *>(view->itemDelegate())->retryRect(option, t->index(0));
    QVERIFY(!retry.isNull());
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, retry.center());
    QCOMPARE(channel.sent.size(), 2);
    QCOMPARE(channel.sent.at(1).text, QStringLiteral("lost in the network"));
    QVERIFY(channel.sent.at(1).messageId != channel.sent.at(0).messageId);
    QCOMPARE(deliveryOf(t, 0), TranscriptModel::Delivery::Submitted);
    QCOMPARE(t->rowCount(), 1); // the same bubble, not a second one
    channel.ack(channel.sent.at(1).messageId);
    QCOMPARE(deliveryOf(t, 0), TranscriptModel::Delivery::ReachedServer);
    QVERIFY(!chat.retry(0)); // only a failed message is sent again
}

void tst_ChatWidget::callbackRepliesReachTheReceiverPort()
{
    QTcpServer reserve;
    QVERIFY(reserve.listen(QHostAddress::LocalHost, 0));
    const quint16 port = reserve.serverPort();
    reserve.close();
    MockOptions o;
    o.port = 0;
    o.credentials = Credentials::defaults(QStringLiteral("http://127.0.0.1:%1/bot").arg(port));
    MockServer server(o);
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    RasaChat::ConnectionProfile p;
    p.url = server.url().toString();
    p.channel = QStringLiteral("callback");
    p.receiverPort = port;
    RasaChat::ChatWindow window;
    QVERIFY2(window.connectTo(p, &error), qPrintable(error));
    window.show();
    QTRY_VERIFY(window.chat()->connectionText().startsWith(QStringLiteral("Connected over callback")));
    QVERIFY2(
        window.chat()->connectionText().endsWith(QStringLiteral("replies to http://127.0.0.1:%1/").arg(port)),
        qPrintable(window.chat()->connectionText()));
    window.chat()->sendText(QStringLiteral("hi"));
    TranscriptModel *t = ChatWidgetPrivate::transcriptOf(window.chat());
    QTRY_COMPARE(t->rowCount(), 2);
    QCOMPARE(t->index(1).data(TranscriptModel::TextRole).toString(), QStringLiteral("Hey! How are you?"));

    // A receiver on another port than the server's callback url: the window says that nothing came.
    RasaChat::ConnectionProfile wrong = p;
    wrong.receiverPort = 0;
    RasaChat::ChatWindow lost;
    lost.chat()->setCallbackTimeout(200);
    QVERIFY2(lost.connectTo(wrong, &error), qPrintable(error));
    QTRY_VERIFY(lost.chat()->connectionText().startsWith(QStringLiteral("Connected over callback")));
    lost.chat()->sendText(QStringLiteral("hi"));
    TranscriptModel *l = ChatWidgetPrivate::transcriptOf(lost.chat());
    QTRY_VERIFY(l->rowCount() >= 2);
    const QString note = l->index(l->rowCount() - 1).data(TranscriptModel::TextRole).toString();
    QVERIFY2(note.startsWith(QStringLiteral("No reply has reached the callback receiver")), qPrintable(note));
    QVERIFY(note.contains(QStringLiteral("--receiver-port")));
}

void tst_ChatWidget::composerEnterSendsShiftEnterBreaksTheLine()
{
    FakeChannel channel;
    ChatWidget chat;
    chat.show();
    ChatWidgetPrivate::setChannel(&chat, &channel);
    QTest::keyClicks(ChatWidgetPrivate::inputOf(&chat), QStringLiteral("first line"));
    QTest::keyClick(ChatWidgetPrivate::inputOf(&chat), Qt::Key_Return, Qt::ShiftModifier);
    QTest::keyClicks(ChatWidgetPrivate::inputOf(&chat), QStringLiteral("second line"));
    QVERIFY(channel.sent.isEmpty());
    QTest::keyClick(ChatWidgetPrivate::inputOf(&chat), Qt::Key_Return);
    QCOMPARE(channel.sent.size(), 1);
    QCOMPARE(channel.sent.first().text, QStringLiteral("first line\nsecond line"));
    QVERIFY(ChatWidgetPrivate::inputOf(&chat)->toPlainText().isEmpty());
}

void tst_ChatWidget::typingIndicatorWhileAReplyIsAwaited()
{
    FakeChannel channel;
    ChatWidget chat;
    chat.show();
    ChatWidgetPrivate::setChannel(&chat, &channel);
    QLabel *typing = nullptr;
    for (QLabel *l : chat.findChildren<QLabel *>())
        if (l->text() == QStringLiteral("bot is typing…"))
            typing = l;
    QVERIFY(typing);
    QVERIFY(!typing->isVisible());
    chat.sendText(QStringLiteral("hello"));
    QVERIFY(typing->isVisible());
    channel.reply(QStringLiteral("hi there"));
    channel.ack(channel.sent.first().messageId);
    QVERIFY(!typing->isVisible());
}

void tst_ChatWidget::newMessagesJumpWhenScrolledUp()
{
    FakeChannel channel;
    ChatWidget chat;
    chat.resize(500, 300);
    chat.show();
    ChatWidgetPrivate::setChannel(&chat, &channel);
    for (int i = 0; i < 30; ++i)
        channel.reply(QStringLiteral("message %1").arg(i));
    QListView *view = ChatWidgetPrivate::transcriptViewOf(&chat);
    QTRY_VERIFY(atBottom(view));
    view->verticalScrollBar()->setValue(0); // the user scrolls up to read
    QPushButton *jump = nullptr;
    for (QPushButton *b : view->findChildren<QPushButton *>())
        jump = b;
    QVERIFY(jump);
    QVERIFY(!jump->isVisible());
    channel.reply(QStringLiteral("something new"));
    QTRY_VERIFY(jump->isVisible());
    QCOMPARE(view->verticalScrollBar()->value(), 0);
    jump->click();
    QTRY_VERIFY(atBottom(view));
    QVERIFY(!jump->isVisible());
}

void tst_ChatWidget::replacedChannelIsClosedAndDeleted()
{
    // A channel made by connectTo() must not stay alive, open and reconnecting once another one is used.
    ChatWidget chat;
    QVERIFY(chat.connectTo(m_mock->url(), QStringLiteral("socketio")));
    QPointer<ChatChannel> made = ChatWidgetPrivate::channelOf(&chat);
    QVERIFY(made);
    QTRY_COMPARE(made->state(), ChatChannel::State::Connected);
    FakeChannel other;
    ChatWidgetPrivate::setChannel(&chat, &other);
    QCOMPARE(ChatWidgetPrivate::channelOf(&chat), &other);
    QTRY_VERIFY(made.isNull());
    QCOMPARE(other.state(), ChatChannel::State::Connected);
}

void tst_ChatWidget::connectionOptionsReachTheChannel()
{
    // An embedding app sets what credentials.yml says; here a custom bot event, which the demo mock does
    // not send: no answer arrives under that name, so the user message stays unanswered.
    RasaChat::ConnectionOptions options(m_mock->url(), QStringLiteral("socketio"));
    options.setBotMessageEvent(QStringLiteral("custom_bot_event"));
    options.setToken(QStringLiteral("a.b.c"));
    ChatWidget chat;
    QVERIFY(chat.connectTo(options));
    auto *channel = qobject_cast<SocketIoChannel *>(ChatWidgetPrivate::channelOf(&chat));
    QVERIFY(channel);
    QCOMPARE(channel->options().botMessageEvt, QStringLiteral("custom_bot_event"));
    QCOMPARE(channel->options().token, QStringLiteral("a.b.c"));
    QString error;
    QVERIFY(!chat.connectTo(RasaChat::ConnectionOptions(m_mock->url(), QStringLiteral("carrier-pigeon")),
                            &error));
    QVERIFY(error.contains(QStringLiteral("carrier-pigeon")));
}

namespace {

// A CA and a server certificate it signed for 127.0.0.1, made by openssl in `dir`: ca.pem, server.pem,
// server.key.
bool makeTestCertificates(const QString &dir)
{
    const auto openssl = [&dir](const QString &arguments) {
        QProcess p;
        p.setWorkingDirectory(dir);
        p.start(QStringLiteral("openssl"), arguments.split(u' '));
        return p.waitForFinished(30'000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    };
    QFile ext(dir + QStringLiteral("/server.ext"));
    if (!ext.open(QIODevice::WriteOnly))
        return false;
    ext.write("subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n");
    ext.close();
    return openssl(
               QStringLiteral("req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "
                              "ca.key -out ca.pem -days 2 -subj /CN=rasa-chat-test-CA -addext "
                              "basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign")) &&
           openssl(QStringLiteral("req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "
                                  "server.key -out server.csr -subj /CN=server")) &&
           openssl(QStringLiteral("x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 "
                                  "-out server.pem -extfile server.ext"));
}

} // namespace

// An embedding app whose Rasa server has a certificate from a private CA gives the widget that CA's file:
// the channel it builds (Socket.IO: https polling, then wss) trusts it. Without it the certificate is
// refused, which the widget says; a file that is not there is refused by connectTo() with the reason.
void tst_ChatWidget::connectionOptionsTrustTheirCaFile()
{
    QTemporaryDir certs;
    QVERIFY(certs.isValid());
    QVERIFY(makeTestCertificates(certs.path()));
    MockOptions o;
    o.port = 0;
    QString error;
    o.tls = loadServerTls(certs.filePath(QStringLiteral("server.pem")),
                          certs.filePath(QStringLiteral("server.key")), &error);
    QVERIFY2(o.tls, qPrintable(error));
    MockServer server(o);
    QVERIFY2(server.start(&error), qPrintable(error));
    QCOMPARE(server.url().scheme(), QStringLiteral("https"));

    RasaChat::ConnectionOptions options(server.url(), QStringLiteral("socketio"));
    options.setCaCertificateFile(certs.filePath(QStringLiteral("ca.pem")));
    QCOMPARE(options.caCertificateFile(), certs.filePath(QStringLiteral("ca.pem")));
    ChatWidget chat;
    QVERIFY2(chat.connectTo(options, &error), qPrintable(error));
    chat.sendText(QStringLiteral("hi"));
    TranscriptModel *t = ChatWidgetPrivate::transcriptOf(&chat);
    QTRY_COMPARE_WITH_TIMEOUT(t->rowCount(), 2, 20'000);
    QCOMPARE(t->index(1).data(TranscriptModel::MessageRole).value<BotMessage>().text,
             QStringLiteral("Hey! How are you?"));
    auto *channel = qobject_cast<SocketIoChannel *>(ChatWidgetPrivate::channelOf(&chat));
    QVERIFY(channel);
    QTRY_COMPARE(channel->transportName(), QStringLiteral("websocket"));

    ChatWidget untrusting;
    QSignalSpy texts(&untrusting, &ChatWidget::connectionTextChanged);
    QVERIFY(untrusting.connectTo(RasaChat::ConnectionOptions(server.url(), QStringLiteral("socketio"))));
    QTRY_VERIFY_WITH_TIMEOUT(std::any_of(texts.cbegin(), texts.cend(),
                                         [](const QList<QVariant> &a) {
                                             return a.at(0).toString().contains(u"certificate was refused");
                                         }),
                             20'000);

    RasaChat::ConnectionOptions missing = options;
    missing.setCaCertificateFile(certs.filePath(QStringLiteral("none.pem")));
    QVERIFY(!chat.connectTo(missing, &error));
    QVERIFY2(error.startsWith(QStringLiteral("cannot read the CA file")), qPrintable(error));
}

// What the window shows when the server's callback POST is too large for its receiver: an error line,
// not nothing.
void tst_ChatWidget::oversizedCallbackIsShownNotLost()
{
    ChatWidget chat;
    QString error;
    QVERIFY2(chat.connectTo(RasaChat::ConnectionOptions(m_mock->url(), QStringLiteral("callback")), &error),
             qPrintable(error));
    auto *channel = qobject_cast<CallbackChannel *>(ChatWidgetPrivate::channelOf(&chat));
    QVERIFY(channel);
    QTRY_VERIFY(channel->receiverUrl().port() > 0);
    QTcpSocket bot;
    bot.connectToHost(QHostAddress::LocalHost, quint16(channel->receiverUrl().port()));
    QVERIFY(bot.waitForConnected(5000));
    bot.write(
        "POST /bot HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000000\r\n\r\n");
    // Other lines may come too (the connection's own state); the refused POST must be among them.
    TranscriptModel *t = ChatWidgetPrivate::transcriptOf(&chat);
    const auto shown = [t] {
        for (int row = 0; row < t->rowCount(); ++row)
            if (t->index(row)
                    .data(TranscriptModel::TextRole)
                    .toString()
                    .startsWith(
                        QStringLiteral("a bot message was lost: the server's callback POST (5000000 bytes)")))
                return true;
        return false;
    };
    QTRY_VERIFY(shown());
}

QTEST_MAIN(tst_ChatWidget)
#include "tst_chatwidget.moc"
