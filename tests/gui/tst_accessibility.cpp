// The chat as a screen reader sees it: the whole accessible tree read through QAccessible, in process.
#include "chatwidget.h"
#include "chatwidget_p.h"
#include "chatwindow.h"
#include "fakechannel.h"
#include "inspectorview.h"
#include "message/botmessage.h"
#include "transcriptmodel.h"

#include <QAccessible>
#include <QDockWidget>
#include <QJsonDocument>
#include <QJsonObject>
#include <QListView>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QtGui/private/qguiapplication_p.h>
#include <QtGui/qpa/qplatformaccessibility.h>
#include <QtGui/qpa/qplatformintegration.h>

using namespace rasachat;
using RasaChat::ChatWidget;
using RasaChat::ChatWidgetPrivate;
using RasaChat::TranscriptModel;

namespace {

// A channel the test drives by hand: it records what the widget sends.
// Every event the widgets send to assistive technology, with the name of what it is about.
struct Heard
{
    QAccessible::Event type;
    QAccessible::Role role;
    QString name;
};
QList<Heard> g_heard;

void recordEvent(QAccessibleEvent *event)
{
    QAccessibleInterface *iface = event->accessibleInterface();
    g_heard.append(Heard{event->type(), iface ? iface->role() : QAccessible::NoRole,
                         iface ? iface->text(QAccessible::Name) : QString()});
}

// Depth-first: the first interface under `root` with `role` whose name starts with `name`.
QAccessibleInterface *find(QAccessibleInterface *root, QAccessible::Role role, const QString &name)
{
    if (!root)
        return nullptr;
    if (root->role() == role && root->text(QAccessible::Name).startsWith(name))
        return root;
    for (int i = 0; i < root->childCount(); ++i)
        if (QAccessibleInterface *found = find(root->child(i), role, name))
            return found;
    return nullptr;
}

} // namespace

class tst_Accessibility : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void readsAWholeConversationAndPressesAButton();
    void newBotMessageIsAnnounced();
    void composerConnectionAndInspectorHaveNames();

private:
    QTemporaryDir m_dir;
};

void tst_Accessibility::initTestCase()
{
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.path());
    QCoreApplication::setOrganizationName(QStringLiteral("rasa-chat-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_accessibility"));
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedKingdom)); // 24-hour times
    // As if a screen reader were running: the offscreen platform has no bridge that would say so, and
    // without it QAccessible drops every event. (This is what Qt's own accessibility tests do.)
    QGuiApplicationPrivate::platformIntegration()->accessibility()->setActive(true);
    QAccessible::installUpdateHandler(recordEvent);
}

void tst_Accessibility::readsAWholeConversationAndPressesAButton()
{
    FakeChannel channel{QStringLiteral("a11y-session")};
    ChatWidget chat;
    chat.resize(700, 900);
    chat.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chat));
    ChatWidgetPrivate::setChannel(&chat, &channel);

    chat.sendText(QStringLiteral("hello"));
    channel.reply(BotMessage::textMessage(QStringLiteral("**Welcome**, see the [guide](http://example.com/g) "
                                                         "and `run`.")));
    channel.ack(channel.sent.at(0).messageId);
    channel.reply(botFromJson(R"({"text":"Pick one","buttons":[{"title":"Yes","payload":"/affirm"},
                              {"title":"No","payload":"/deny"}]})"));
    channel.reply(botFromJson(R"({"text":"Or quickly","quick_replies":[{"title":"Later","payload":"/later",
                              "content_type":"text"}]})"));
    channel.reply(botFromJson(R"({"image":"http://127.0.0.1:1/pics/cat.png"})"));
    channel.reply(botFromJson(R"({"elements":[{"title":"Room A","subtitle":"sea view","buttons":[
                              {"title":"Book A","payload":"/book_a"}]},{"title":"Room B","subtitle":"garden",
                              "buttons":[{"title":"Book B","payload":"/book_b"}]}]})"));
    channel.reply(botFromJson(R"({"attachment":{"type":"file","payload":{"src":"http://example.com/menu.pdf",
                              "title":"Menu"}}})"));
    channel.reply(botFromJson(R"({"custom":{"map":{"lat":52.5,"lon":13.4}}})"));
    TranscriptModel *t = ChatWidgetPrivate::transcriptOf(&chat);
    t->appendSystem(QStringLiteral("Disconnected"));
    QCOMPARE(t->rowCount(), 9);
    const QString time = t->index(0).data(TranscriptModel::TimeRole).toDateTime().toString(u"HH:mm");

    // Walk down from the top-level window, as a screen reader does.
    QAccessibleInterface *root = QAccessible::queryAccessibleInterface(chat.window());
    QVERIFY(root);
    QAccessibleInterface *list = find(root, QAccessible::List, QStringLiteral("Conversation"));
    QVERIFY(list);
    QVERIFY(list->childCount() >= t->rowCount());
    QStringList names;
    for (int row = 0; row < t->rowCount(); ++row) {
        QAccessibleInterface *item = list->child(row);
        QVERIFY(item);
        QCOMPARE(item->role(), QAccessible::ListItem);
        QCOMPARE(list->indexOfChild(item), row);
        QCOMPARE(item->parent(), list);
        names.append(item->text(QAccessible::Name));
        QVERIFY2(names.last().contains(time), qPrintable(names.last()));
    }
    QCOMPARE(names.at(0), QStringLiteral("You: hello %1, answered").arg(time));
    // Markdown is read as words, without its marks.
    QCOMPARE(names.at(1), QStringLiteral("Bot: Welcome, see the guide and run. %1").arg(time));
    QCOMPARE(names.at(2), QStringLiteral("Bot: Pick one. Buttons: Yes, No. %1").arg(time));
    QCOMPARE(names.at(3), QStringLiteral("Bot: Or quickly. Quick replies: Later. %1").arg(time));
    QCOMPARE(names.at(4), QStringLiteral("Bot: Image cat.png from 127.0.0.1. %1").arg(time));
    QCOMPARE(names.at(5), QStringLiteral("Bot: Carousel of 2 cards. Card 1: Room A, sea view; buttons: "
                                         "Book A. Card 2: Room B, garden; buttons: Book B. %1")
                              .arg(time));
    QCOMPARE(names.at(6),
             QStringLiteral("Bot: Attachment: Menu (http://example.com/menu.pdf). %1").arg(time));
    QCOMPARE(names.at(7),
             QStringLiteral("Bot: Custom payload: {\"map\":{\"lat\":52.5,\"lon\":13.4}} %1").arg(time));
    QCOMPARE(names.at(8), QStringLiteral("Notice: Disconnected %1").arg(time));
    QVERIFY(!list->child(2)->text(QAccessible::Description).isEmpty()); // how to answer

    // The buttons painted in a message are accessible buttons with a press action.
    QAccessibleInterface *buttons = list->child(2);
    QCOMPARE(buttons->childCount(), 2);
    QAccessibleInterface *yes = buttons->child(0);
    QCOMPARE(yes->role(), QAccessible::Button);
    QCOMPARE(yes->text(QAccessible::Name), QStringLiteral("Yes"));
    QCOMPARE(yes->parent(), buttons);
    QCOMPARE(buttons->indexOfChild(yes), 0);
    QVERIFY(!yes->rect().isEmpty());
    QVERIFY(buttons->rect().contains(yes->rect()));
    QCOMPARE(buttons->childAt(yes->rect().center().x(), yes->rect().center().y()), yes);
    QAccessibleActionInterface *press = yes->actionInterface();
    QVERIFY(press);
    QCOMPARE(press->actionNames(), QStringList{QAccessibleActionInterface::pressAction()});
    press->doAction(QAccessibleActionInterface::pressAction());
    QCOMPARE(channel.sent.size(), 2);
    QCOMPARE(channel.sent.last().text, QStringLiteral("/affirm"));
    QCOMPARE(t->index(t->rowCount() - 1).data(TranscriptModel::TextRole).toString(), QStringLiteral("Yes"));
    // Pressed once: the message's buttons are spent, and say so.
    QVERIFY(yes->state().disabled);
    QVERIFY(yes->actionInterface()->actionNames().isEmpty());
    QVERIFY(list->child(2)->text(QAccessible::Name).contains(QStringLiteral("no longer offered")));

    // A carousel card's button says which card it belongs to, and sends its payload.
    QAccessibleInterface *carousel = list->child(5);
    QCOMPARE(carousel->childCount(), 2);
    QAccessibleInterface *bookB = carousel->child(1);
    QCOMPARE(bookB->text(QAccessible::Name), QStringLiteral("Book B"));
    QCOMPARE(bookB->text(QAccessible::Description), QStringLiteral("Card: Room B"));
    bookB->actionInterface()->doAction(QAccessibleActionInterface::pressAction());
    QCOMPARE(channel.sent.last().text, QStringLiteral("/book_b"));

    // The attachment is a link to activate.
    QAccessibleInterface *attachment = list->child(6);
    QCOMPARE(attachment->childCount(), 1);
    QCOMPARE(attachment->child(0)->role(), QAccessible::Link);
    QCOMPARE(attachment->child(0)->text(QAccessible::Name), QStringLiteral("Attachment: Menu"));

    // A message that was not sent offers Retry, which sends it again.
    chat.sendText(QStringLiteral("are you there?"));
    const int failedRow = t->rowCount() - 1;
    t->fail(channel.sent.last().messageId, true);
    QAccessibleInterface *failed = list->child(failedRow);
    QVERIFY(failed->text(QAccessible::Name).endsWith(QStringLiteral("not sent")));
    QAccessibleInterface *retry = find(failed, QAccessible::Button, QStringLiteral("Retry"));
    QVERIFY(retry);
    const qsizetype before = channel.sent.size();
    retry->actionInterface()->doAction(QAccessibleActionInterface::pressAction());
    QCOMPARE(channel.sent.size(), before + 1);
    QCOMPARE(channel.sent.last().text, QStringLiteral("are you there?"));
    QVERIFY(failed->text(QAccessible::Name).endsWith(QStringLiteral("sending")));
}

void tst_Accessibility::newBotMessageIsAnnounced()
{
    FakeChannel channel{QStringLiteral("a11y-session")};
    ChatWidget chat;
    chat.resize(600, 500);
    chat.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chat));
    ChatWidgetPrivate::setChannel(&chat, &channel);
    // A screen reader has looked at the window (the offscreen platform has no bridge to say so).
    QVERIFY(find(QAccessible::queryAccessibleInterface(&chat), QAccessible::List,
                 QStringLiteral("Conversation")));
    g_heard.clear();
    channel.reply(BotMessage::textMessage(QStringLiteral("A *new* answer")));
    auto alerted = [](const QString &start) {
        return std::any_of(g_heard.begin(), g_heard.end(), [&](const Heard &h) {
            return h.type == QAccessible::Alert && h.role == QAccessible::ListItem &&
                   h.name.startsWith(start);
        });
    };
    QVERIFY(alerted(QStringLiteral("Bot: A new answer")));
    // The user's own message is not announced back to them.
    g_heard.clear();
    chat.sendText(QStringLiteral("thanks"));
    QVERIFY(!alerted(QStringLiteral("You:")));
}

void tst_Accessibility::composerConnectionAndInspectorHaveNames()
{
    RasaChat::ChatWindow window;
    window.resize(900, 700);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    FakeChannel channel{QStringLiteral("a11y-session")};
    ChatWidgetPrivate::setChannel(window.chat(), &channel);
    QAccessibleInterface *root = QAccessible::queryAccessibleInterface(&window);
    QAccessibleInterface *composer = find(root, QAccessible::EditableText, QStringLiteral("Message"));
    QVERIFY(composer);
    QVERIFY(composer->text(QAccessible::Description).contains(QStringLiteral("Enter")));
    QAccessibleInterface *connection =
        find(root, QAccessible::StaticText, QStringLiteral("Connection: Connected over fake"));
    QVERIFY(connection);
    QVERIFY(!connection->text(QAccessible::Description).isEmpty());
    QVERIFY(find(root, QAccessible::Button, QStringLiteral("Send")));

    window.findChild<QDockWidget *>(QStringLiteral("inspector"))->show();
    QAccessibleInterface *inspector = find(root, QAccessible::Grouping, QStringLiteral("Inspector"));
    if (!inspector)
        inspector = QAccessible::queryAccessibleInterface(window.inspector());
    QCOMPARE(inspector->text(QAccessible::Name), QStringLiteral("Inspector"));
    QVERIFY(!inspector->text(QAccessible::Description).isEmpty());
    QVERIFY(find(inspector, QAccessible::Table, QStringLiteral("Traffic")));
    QVERIFY(find(inspector, QAccessible::EditableText, QStringLiteral("Filter")));
    QVERIFY(find(inspector, QAccessible::EditableText, QStringLiteral("Selected record")));
}

QTEST_MAIN(tst_Accessibility)
#include "tst_accessibility.moc"
