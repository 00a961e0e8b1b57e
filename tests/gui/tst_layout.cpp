// The transcript in wide and narrow windows: readable line length, times once per group of messages,
// quick replies only while they are the answer asked for, nothing outside the view at 420 px.
#include "chatwidget.h"
#include "chatwidget_p.h"
#include "client/chatchannel.h"
#include "conversationstore.h"
#include "fakechannel.h"
#include "message/botmessage.h"
#include "messagedelegate.h"
#include "transcriptmodel.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QListView>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QTest>

using namespace rasachat;
using namespace RasaChat;

namespace {

QStyleOptionViewItem optionFor(QListView *view, const QModelIndex &index)
{
    QStyleOptionViewItem option;
    option.initFrom(view);
    option.rect = view->visualRect(index);
    option.widget = view;
    return option;
}

MessageDelegate *delegateOf(ChatWidget &chat)
{
    return qobject_cast<MessageDelegate *>(ChatWidgetPrivate::transcriptViewOf(&chat)->itemDelegate());
}

// Every kind of message, with long text, the way a conversation brings them.
void playEveryKind(FakeChannel &channel, ChatWidget &chat)
{
    const QString longText =
        QStringLiteral("This answer is long enough to fill several lines in any window, because a chat "
                       "bubble must keep its lines short enough to read comfortably. ")
            .repeated(3);
    chat.sendText(QStringLiteral("hello"));
    channel.reply(BotMessage::textMessage(longText));
    channel.reply(botFromJson(R"({"text":"Pick one","buttons":[{"title":"Yes please","payload":"/affirm"},
                              {"title":"No thanks","payload":"/deny"},{"title":"Maybe later","payload":"/l"}]})"));
    channel.reply(botFromJson(R"({"image":"http://127.0.0.1:1/cat.png"})"));
    channel.reply(botFromJson(R"({"elements":[{"title":"Room A","subtitle":"sea view","buttons":[
                              {"title":"Book A","payload":"/a"}]},{"title":"Room B","subtitle":"garden","buttons":[
                              {"title":"Book B","payload":"/b"}]},{"title":"Room C","buttons":[]}]})"));
    channel.reply(botFromJson(R"({"attachment":"http://example.com/a/very/long/path/to/the/menu.pdf"})"));
    channel.reply(botFromJson(R"({"custom":{"map":{"lat":52.5,"lon":13.4},"zoom":12}})"));
    chat.sendText(longText);
}

} // namespace

class tst_Layout : public QObject
{
    Q_OBJECT
private slots:
    void bubblesKeepAReadableWidthWhenWide();
    void timesAreShownOncePerGroup();
    void olderQuickRepliesAreNoLongerOffered();
    void layoutHoldsAt420Pixels();
    void carouselCardsSitSideBySideAndScroll();
};

void tst_Layout::bubblesKeepAReadableWidthWhenWide()
{
    FakeChannel channel{QStringLiteral("layout-session")};
    ChatWidget chat;
    chat.resize(1900, 800);
    chat.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chat));
    ChatWidgetPrivate::setChannel(&chat, &channel);
    playEveryKind(channel, chat);
    QListView *view = ChatWidgetPrivate::transcriptViewOf(&chat);
    QVERIFY(view->viewport()->width() > 1800);
    const int readable = view->fontMetrics().averageCharWidth() * 72;
    qInfo("view %d px wide, readable width %d px", view->viewport()->width(), readable);
    for (int row : {1, 7}) { // the bot's long text, the user's
        const QModelIndex index = ChatWidgetPrivate::transcriptOf(&chat)->index(row);
        const QRect text = delegateOf(chat)->textRect(optionFor(view, index), index);
        qInfo("row %d: text %d px wide", row, text.width());
        QVERIFY2(text.width() <= readable, qPrintable(QString::number(text.width())));
        QVERIFY(text.width() > readable / 2); // and it does use that width
    }
}

void tst_Layout::timesAreShownOncePerGroup()
{
    TranscriptModel model;
    const QDateTime start(QDate::currentDate(), QTime(9, 0));
    QList<StoredMessage> rows;
    for (int minutes : {0, 1, 2, 30, 31}) {
        StoredMessage m;
        m.sender = minutes % 2 ? StoredMessage::Sender::Bot : StoredMessage::Sender::User;
        m.time = start.addSecs(minutes * 60);
        m.text = QStringLiteral("message at +%1 min").arg(minutes);
        m.raw = m.sender == StoredMessage::Sender::Bot ? QByteArray(R"({"text":"answer"})")
                                                       : QByteArray(R"({"message":"question"})");
        rows.append(m);
    }
    model.insertStored(0, rows);
    QStringList headers;
    for (int row = 0; row < model.rowCount(); ++row)
        headers.append(model.index(row).data(TranscriptModel::TimeHeaderRole).toString());
    const QLocale locale;
    QCOMPARE(headers, (QStringList{locale.toString(QTime(9, 0), QLocale::ShortFormat),
                                   {},
                                   {},
                                   locale.toString(QTime(9, 30), QLocale::ShortFormat),
                                   {}}));

    // In the view: a message inside a group is shorter than the same one opening a group.
    FakeChannel channel{QStringLiteral("layout-session")};
    ChatWidget chat;
    chat.resize(600, 500);
    chat.show();
    ChatWidgetPrivate::setChannel(&chat, &channel);
    channel.reply(BotMessage::textMessage(QStringLiteral("first")));
    channel.reply(BotMessage::textMessage(QStringLiteral("first")));
    QListView *view = ChatWidgetPrivate::transcriptViewOf(&chat);
    const QModelIndex opening = ChatWidgetPrivate::transcriptOf(&chat)->index(0);
    const QModelIndex inside = ChatWidgetPrivate::transcriptOf(&chat)->index(1);
    QVERIFY(!opening.data(TranscriptModel::TimeHeaderRole).toString().isEmpty());
    QVERIFY(inside.data(TranscriptModel::TimeHeaderRole).toString().isEmpty());
    QVERIFY(delegateOf(chat)->sizeHint(optionFor(view, inside), inside).height() <
            delegateOf(chat)->sizeHint(optionFor(view, opening), opening).height());
}

void tst_Layout::olderQuickRepliesAreNoLongerOffered()
{
    FakeChannel channel{QStringLiteral("layout-session")};
    ChatWidget chat;
    chat.resize(600, 500);
    chat.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chat));
    ChatWidgetPrivate::setChannel(&chat, &channel);
    channel.reply(botFromJson(R"({"text":"How was it?","quick_replies":[{"title":"Great","payload":"/great",
                              "content_type":"text"}]})"));
    channel.reply(botFromJson(R"({"text":"Or choose","buttons":[{"title":"Menu","payload":"/menu"}]})"));
    channel.reply(
        botFromJson(R"({"elements":[{"title":"Room A","buttons":[{"title":"Book","payload":"/a"}]}]})"));
    TranscriptModel *t = ChatWidgetPrivate::transcriptOf(&chat);
    QVERIFY(t->index(0).data(TranscriptModel::ButtonsEnabledRole).toBool());
    QVERIFY(t->index(1).data(TranscriptModel::ButtonsEnabledRole).toBool());
    // The user answers in words: the conversation has moved on.
    chat.sendText(QStringLiteral("it was fine"));
    QVERIFY(!t->index(0).data(TranscriptModel::ButtonsEnabledRole).toBool());
    QVERIFY(!t->index(1).data(TranscriptModel::ButtonsEnabledRole).toBool());
    QVERIFY(t->index(2).data(TranscriptModel::ButtonsEnabledRole).toBool()); // a card's buttons stay
    // A click on a spent chip sends nothing.
    QListView *view = ChatWidgetPrivate::transcriptViewOf(&chat);
    QTRY_VERIFY(view->visualRect(t->index(0)).isValid());
    const auto chips = delegateOf(chat)->chips(optionFor(view, t->index(0)), t->index(0));
    QCOMPARE(chips.size(), 1);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, chips.first().rect.center());
    QCOMPARE(channel.sent.size(), 1);
    QVERIFY(!chat.pressButton(0, 0));
    QCOMPARE(channel.sent.size(), 1);
    // A new offer after that is offered.
    channel.reply(
        botFromJson(R"({"text":"Anything else?","quick_replies":[{"title":"No","payload":"/no"}]})"));
    QVERIFY(chat.pressButton(t->rowCount() - 1, 0));
    QCOMPARE(channel.sent.last().text, QStringLiteral("/no"));
}

void tst_Layout::layoutHoldsAt420Pixels()
{
    FakeChannel channel{QStringLiteral("layout-session")};
    ChatWidget chat;
    chat.resize(420, 700);
    chat.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chat));
    ChatWidgetPrivate::setChannel(&chat, &channel);
    playEveryKind(channel, chat);
    QListView *view = ChatWidgetPrivate::transcriptViewOf(&chat);
    const int width = view->viewport()->width();
    QVERIFY(width > 380);
    for (int row = 0; row < ChatWidgetPrivate::transcriptOf(&chat)->rowCount(); ++row) {
        const QModelIndex index = ChatWidgetPrivate::transcriptOf(&chat)->index(row);
        const QStyleOptionViewItem option = optionFor(view, index);
        const QRect text = delegateOf(chat)->textRect(option, index);
        QVERIFY2(text.isNull() || (text.left() >= 0 && text.right() < width),
                 qPrintable(QStringLiteral("row %1: text %2..%3 of %4")
                                .arg(row)
                                .arg(text.left())
                                .arg(text.right())
                                .arg(width)));
        // A carousel's strip is inside; its cards are painted within it (scrolled out, or clipped).
        const QRect strip = delegateOf(chat)->carousel(option, index).strip;
        QVERIFY(strip.isNull() || (strip.left() >= 0 && strip.right() < width));
        for (const MessageDelegate::Chip &c : delegateOf(chat)->chips(option, index)) {
            const QRect shown = strip.isNull() ? c.rect : c.rect.intersected(strip);
            QVERIFY2(shown.isEmpty() || (shown.left() >= 0 && shown.right() < width), qPrintable(c.title));
        }
        const QRect link = delegateOf(chat)->linkRect(option, index);
        QVERIFY(link.isNull() || link.right() < width);
    }
    // The composer and its button are whole and inside the widget.
    const QRect inside = chat.rect();
    QWidget *input = ChatWidgetPrivate::inputOf(&chat);
    QVERIFY(inside.contains(QRect(input->mapTo(&chat, QPoint(0, 0)), input->size())));
    QVERIFY(input->width() > 200);
}

void tst_Layout::carouselCardsSitSideBySideAndScroll()
{
    FakeChannel channel{QStringLiteral("layout-session")};
    ChatWidget chat;
    chat.resize(800, 600);
    chat.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chat));
    ChatWidgetPrivate::setChannel(&chat, &channel);
    channel.reply(botFromJson(R"({"elements":[
        {"title":"A","buttons":[{"title":"Book A","payload":"/a"}]},
        {"title":"B","buttons":[{"title":"Book B","payload":"/b"}]},
        {"title":"C","buttons":[{"title":"Book C","payload":"/c"}]},
        {"title":"D","buttons":[{"title":"Book D","payload":"/d"}]},
        {"title":"E","buttons":[{"title":"Book E","payload":"/e"}]}]})"));
    QListView *view = ChatWidgetPrivate::transcriptViewOf(&chat);
    const QModelIndex index = ChatWidgetPrivate::transcriptOf(&chat)->index(0);
    QTRY_VERIFY(view->visualRect(index).isValid());
    auto geometry = [&] {
        const QStyleOptionViewItem option = optionFor(view, index);
        return std::pair{delegateOf(chat)->carousel(option, index), delegateOf(chat)->chips(option, index)};
    };
    auto [rects, chips] = geometry();
    QCOMPARE(chips.size(), 5);
    // Side by side, in one row, as wide as the bubble may be: the first cards show, the last does not.
    for (int i = 1; i < chips.size(); ++i) {
        QCOMPARE(chips.at(i).rect.top(), chips.at(0).rect.top());
        QVERIFY(chips.at(i).rect.left() > chips.at(i - 1).rect.right());
    }
    QVERIFY(rects.strip.contains(chips.at(0).rect));
    QVERIFY(!rects.strip.intersects(chips.at(4).rect));
    QVERIFY(rects.previous.isNull());
    QVERIFY(!rects.next.isNull());
    QVERIFY(rects.strip.width() <= view->viewport()->width() * 3 / 4);

    // The arrow scrolls a card: everything moves one card to the left.
    const int secondLeft = chips.at(1).rect.left();
    const int step = chips.at(1).rect.left() - chips.at(0).rect.left();
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, rects.next.center());
    QCOMPARE(index.data(TranscriptModel::CarouselOffsetRole).toInt(), 1);
    std::tie(rects, chips) = geometry();
    QCOMPARE(chips.at(1).rect.left(), secondLeft - step);
    QVERIFY(!rects.strip.intersects(chips.at(0).rect));
    QVERIFY(rects.strip.contains(chips.at(1).rect));
    QVERIFY(!rects.previous.isNull());
    // The card in view takes a click; Left/Right on the selected message scroll too.
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, chips.at(1).rect.center());
    QCOMPARE(channel.sent.size(), 1);
    QCOMPARE(channel.sent.last().text, QStringLiteral("/b"));
    view->setCurrentIndex(index);
    QTest::keyClick(view, Qt::Key_Right);
    QCOMPARE(index.data(TranscriptModel::CarouselOffsetRole).toInt(), 2);
    QTest::keyClick(view, Qt::Key_Left);
    QTest::keyClick(view, Qt::Key_Left);
    QTest::keyClick(view, Qt::Key_Left); // not before the first card
    QCOMPARE(index.data(TranscriptModel::CarouselOffsetRole).toInt(), 0);
    // At the last cards the next arrow is gone.
    for (int i = 0; i < 5; ++i)
        QTest::keyClick(view, Qt::Key_Right);
    std::tie(rects, chips) = geometry();
    QVERIFY(rects.next.isNull());
    QVERIFY(rects.strip.contains(chips.at(4).rect));
}

QTEST_MAIN(tst_Layout)
#include "tst_layout.moc"
