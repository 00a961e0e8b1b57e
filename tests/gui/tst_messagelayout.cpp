// The transcript's row layout on its own: layoutMessage() as a pure function of a message, a width and
// a font (readable bubbles, chips that never overlap, what a point is over), and MessageLayoutCache, which
// lays each row out once per width and again only when that row changes.
#include "fakechannel.h"
#include "imagecache.h"
#include "messagedelegate.h"
#include "messagelayout.h"
#include "messagelayoutcache.h"
#include "transcriptmodel.h"
#include "transcriptview.h"

#include <QApplication>
#include <QBuffer>
#include <QFontMetrics>
#include <QImage>
#include <QJsonValue>
#include <QPointer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace rasachat;
using namespace RasaChat;

namespace {

const QString kLongText =
    QStringLiteral("This answer is long enough to fill several lines in any window, because "
                   "a chat bubble must keep its lines short enough to read comfortably. ")
        .repeated(4);

MessageContent botContent(const BotMessage &m)
{
    MessageContent c;
    c.kind = kindOf(m);
    c.text = m.text.value_or(QString());
    c.message = m;
    return c;
}

MessageContent userContent(const QString &text, TranscriptModel::Delivery delivery)
{
    MessageContent c;
    c.fromUser = true;
    c.text = text;
    c.delivery = delivery;
    return c;
}

BotMessage withButtons(int count)
{
    BotMessage m = BotMessage::textMessage(QStringLiteral("Pick one"));
    QList<Button> buttons;
    for (int i = 0; i < count; ++i)
        buttons.append(
            Button{QStringLiteral("Option number %1").arg(i), QStringLiteral("/option%1").arg(i), {}});
    m.buttons = buttons;
    return m;
}

QByteArray pngOf(QSize size)
{
    QImage image(size, QImage::Format_RGB32);
    image.fill(Qt::darkCyan);
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return png;
}

} // namespace

class tst_MessageLayout : public QObject
{
    Q_OBJECT
private slots:
    void bubbleKeepsAReadableWidthAt1900Pixels();
    void userBubblesSitOnTheRight();
    void chipsNeverOverlapAndStayInTheBubble();
    void hitTestFindsTheChipUnderAPoint();
    void hitTestFindsLinksRetryAndArrows();
    void sameInputSameLayout();
    void aLoadedImageSizesItsRow();
    void cacheLaysOutARowOncePerWidth();
    void cacheLaysOutAgainOnlyTheRowThatChanged();
    void anArrivingImageLaysOutOnlyItsOwnRow();

private:
    MessageStyle m_style = MessageStyle::from(QApplication::font());
};

void tst_MessageLayout::bubbleKeepsAReadableWidthAt1900Pixels()
{
    const MessageLayout l = layoutMessage(botContent(BotMessage::textMessage(kLongText)), 1900, m_style);
    const int readable = QFontMetrics(m_style.font).averageCharWidth() * 72;
    QVERIFY2(l.text.width() <= readable, qPrintable(QString::number(l.text.width())));
    QVERIFY(l.text.width() > readable / 2);
    QVERIFY(l.bubble.contains(l.text));
    QVERIFY(l.bubble.width() < 1900 / 2);
    QCOMPARE(l.bubble.left(), 10); // the bot's, on the left
    QVERIFY(l.height >= l.bubble.bottom());
    QVERIFY(l.document);
    // The same text at 420 px wraps inside the narrower window.
    const MessageLayout narrow = layoutMessage(botContent(BotMessage::textMessage(kLongText)), 420, m_style);
    QVERIFY(narrow.bubble.right() < 420);
    QVERIFY(narrow.text.height() > l.text.height());
}

void tst_MessageLayout::userBubblesSitOnTheRight()
{
    const MessageLayout l = layoutMessage(
        userContent(QStringLiteral("hello"), TranscriptModel::Delivery::Answered), 800, m_style);
    QCOMPARE(l.bubble.right(), 800 - 10 - 1);
    QVERIFY(!l.markdown);
    QCOMPARE(l.timeText, QStringLiteral("✓✓"));
    QVERIFY(l.time.top() > l.bubble.bottom());
    QVERIFY(l.retry.isNull());
    QVERIFY(l.height > l.time.bottom());
}

void tst_MessageLayout::chipsNeverOverlapAndStayInTheBubble()
{
    for (int width : {420, 800, 1900}) {
        const MessageLayout l = layoutMessage(botContent(withButtons(12)), width, m_style);
        QCOMPARE(l.chips.size(), 12);
        for (int i = 0; i < l.chips.size(); ++i) {
            const QRect chip = l.chips.at(i).rect;
            QVERIFY2(l.bubble.contains(chip), qPrintable(QStringLiteral("%1 px: chip %2").arg(width).arg(i)));
            QVERIFY(chip.right() < width);
            QVERIFY(!chip.intersects(l.text));
            for (int j = i + 1; j < l.chips.size(); ++j)
                QVERIFY2(!chip.intersects(l.chips.at(j).rect),
                         qPrintable(QStringLiteral("%1 px: chips %2 and %3").arg(width).arg(i).arg(j)));
        }
        QVERIFY(l.chips.last().rect.top() > l.chips.first().rect.top()); // 12 do not fit on one line
    }
}

void tst_MessageLayout::hitTestFindsTheChipUnderAPoint()
{
    const MessageLayout l = layoutMessage(botContent(withButtons(5)), 800, m_style);
    for (int i = 0; i < l.chips.size(); ++i) {
        const MessageLayout::Hit hit = l.hitTest(l.chips.at(i).rect.center(), true);
        QCOMPARE(hit.part, MessageLayout::Hit::Part::Chip);
        QCOMPARE(hit.chip, i);
        QCOMPARE(l.chips.at(hit.chip).payload, QStringLiteral("/option%1").arg(i));
        // A spent chip is painted but does nothing.
        QCOMPARE(l.hitTest(l.chips.at(i).rect.center(), false).part, MessageLayout::Hit::Part::None);
    }
    // Between two chips, and on the text: nothing.
    const QPoint between((l.chips.at(0).rect.right() + l.chips.at(1).rect.left()) / 2,
                         l.chips.at(0).rect.center().y());
    QCOMPARE(l.hitTest(between, true).part, MessageLayout::Hit::Part::None);
    QCOMPARE(l.hitTest(l.text.center(), true).part, MessageLayout::Hit::Part::None);
    QCOMPARE(l.hitTest(QPoint(799, 0), true).part, MessageLayout::Hit::Part::None);
}

void tst_MessageLayout::hitTestFindsLinksRetryAndArrows()
{
    // A link in the bot's Markdown.
    const MessageLayout md = layoutMessage(
        botContent(BotMessage::textMessage(QStringLiteral("[the docs](https://rasa.com/docs) say so"))), 800,
        m_style);
    const MessageLayout::Hit link = md.hitTest(md.text.topLeft() + QPoint(3, md.text.height() / 2), true);
    QCOMPARE(link.part, MessageLayout::Hit::Part::TextLink);
    QCOMPARE(link.url, QUrl(QStringLiteral("https://rasa.com/docs")));
    // An attachment's link.
    BotMessage attachment;
    attachment.attachment = QJsonValue(QStringLiteral("http://example.com/menu.pdf"));
    const MessageLayout a = layoutMessage(botContent(attachment), 800, m_style);
    QCOMPARE(a.hitTest(a.link.center(), true).part, MessageLayout::Hit::Part::Link);
    QCOMPARE(a.hitTest(a.link.center(), true).url, QUrl(QStringLiteral("http://example.com/menu.pdf")));
    // Retry under a message that was not sent.
    const MessageLayout failed =
        layoutMessage(userContent(QStringLiteral("hi"), TranscriptModel::Delivery::Failed), 800, m_style);
    QVERIFY(!failed.retry.isNull());
    QCOMPARE(failed.hitTest(failed.retry.center(), true).part, MessageLayout::Hit::Part::Retry);
    // A carousel scrolled to its second card: both arrows; the first card's chip is out of the strip.
    const BotMessage cards = botFromJson(R"({"elements":[
        {"title":"A","buttons":[{"title":"Book A","payload":"/a"}]},
        {"title":"B","buttons":[{"title":"Book B","payload":"/b"}]},
        {"title":"C","buttons":[{"title":"Book C","payload":"/c"}]},
        {"title":"D","buttons":[{"title":"Book D","payload":"/d"}]},
        {"title":"E","buttons":[{"title":"Book E","payload":"/e"}]}]})");
    MessageContent carousel = botContent(cards);
    carousel.carouselFirst = 1;
    const MessageLayout c = layoutMessage(carousel, 800, m_style);
    QVERIFY(!c.previous.isNull());
    QVERIFY(!c.next.isNull());
    QCOMPARE(c.hitTest(c.previous.center(), true).part, MessageLayout::Hit::Part::PreviousCards);
    QCOMPARE(c.hitTest(c.next.center(), true).part, MessageLayout::Hit::Part::NextCards);
    QVERIFY(!c.strip.contains(c.chips.at(0).rect.center()));
    QCOMPARE(c.hitTest(c.chips.at(0).rect.center(), true).part, MessageLayout::Hit::Part::None);
    const MessageLayout::Hit second = c.hitTest(c.chips.at(1).rect.center(), true);
    QCOMPARE(second.part, MessageLayout::Hit::Part::Chip);
    QCOMPARE(c.chips.at(second.chip).payload, QStringLiteral("/b"));
}

void tst_MessageLayout::sameInputSameLayout()
{
    MessageContent content = botContent(withButtons(4));
    content.timeHeader = QStringLiteral("09:00");
    const MessageLayout a = layoutMessage(content, 640, m_style);
    const MessageLayout b = layoutMessage(content, 640, m_style);
    QCOMPARE(a.bubble, b.bubble);
    QCOMPARE(a.text, b.text);
    QCOMPARE(a.header, b.header);
    QCOMPARE(a.height, b.height);
    QCOMPARE(a.chips.size(), b.chips.size());
    for (int i = 0; i < a.chips.size(); ++i)
        QCOMPARE(a.chips.at(i).rect, b.chips.at(i).rect);
    // The time header is above the bubble and makes the row taller.
    content.timeHeader.clear();
    const MessageLayout noHeader = layoutMessage(content, 640, m_style);
    QVERIFY(a.header.bottom() < a.bubble.top());
    QVERIFY(noHeader.height < a.height);
}

void tst_MessageLayout::aLoadedImageSizesItsRow()
{
    BotMessage m;
    m.image = QStringLiteral("http://127.0.0.1:1/cat.png");
    const MessageLayout loading = layoutMessage(botContent(m), 800, m_style);
    QCOMPARE(loading.image.size(), QSize(240, 150)); // the placeholder's
    QCOMPARE(loading.sizedBy, QUrl(*m.image));
    const MessageLayout loaded = layoutMessage(botContent(m), 800, m_style, QSize(200, 240));
    QCOMPARE(loaded.image.size(), QSize(200, 240));
    QCOMPARE(loaded.height - loading.height, 240 - 150);
}

void tst_MessageLayout::cacheLaysOutARowOncePerWidth()
{
    TranscriptModel model;
    model.appendBot(withButtons(3));
    ImageCache images;
    MessageLayoutCache cache(&images);
    const QModelIndex row = model.index(0);
    const QFont font = QApplication::font();
    const int height = cache.height(row, 600, font);
    QCOMPARE(cache.layoutsComputed(), 1);
    // A size query, a paint and a click use the same layout.
    const auto first = cache.layout(row, 600, font);
    const auto again = cache.layout(row, 600, font);
    QCOMPARE(first.get(), again.get());
    QCOMPARE(first->height, height);
    QCOMPARE(cache.layoutsComputed(), 1);
    // Another width lays it out again, once.
    QVERIFY(cache.height(row, 1900, font) > 0);
    QVERIFY(cache.height(row, 1900, font) > 0);
    QCOMPARE(cache.layoutsComputed(), 2);
    // So does another font, and invalidate() (a new palette or style).
    QFont bigger = font;
    bigger.setPointSizeF(font.pointSizeF() * 2);
    QVERIFY(cache.height(row, 1900, bigger) > cache.height(row, 1900, font));
    QCOMPARE(cache.layoutsComputed(), 4);
    cache.invalidate();
    cache.height(row, 1900, font);
    QCOMPARE(cache.layoutsComputed(), 5);
}

void tst_MessageLayout::cacheLaysOutAgainOnlyTheRowThatChanged()
{
    TranscriptModel model;
    UserMessage u;
    u.text = QStringLiteral("question");
    u.messageId = QStringLiteral("m1");
    model.appendUser(u);
    for (int i = 0; i < 5; ++i)
        model.appendBot(BotMessage::textMessage(QStringLiteral("answer %1").arg(i)));
    ImageCache images;
    MessageLayoutCache cache(&images);
    const QFont font = QApplication::font();
    auto layAll = [&] {
        for (int row = 0; row < model.rowCount(); ++row)
            cache.height(model.index(row), 600, font);
    };
    layAll();
    QCOMPARE(cache.layoutsComputed(), 6);
    QVERIFY(cache.layout(model.index(0), 600, font)->retry.isNull());
    model.setDelivery(QStringLiteral("m1"), TranscriptModel::Delivery::Failed); // "not sent · Retry"
    layAll();
    QCOMPARE(cache.layoutsComputed(), 7);
    QVERIFY(!cache.layout(model.index(0), 600, font)->retry.isNull());
    // Older rows put in above: only they are laid out, and the row below them, whose time header goes.
    StoredMessage older;
    older.sender = StoredMessage::Sender::Bot;
    older.time = QDateTime::currentDateTime().addSecs(-60);
    older.raw = R"({"text":"earlier"})";
    older.text = QStringLiteral("earlier");
    older.id = 1;
    QVERIFY(!model.index(0).data(TranscriptModel::TimeHeaderRole).toString().isEmpty());
    model.insertStored(0, {older, older});
    QVERIFY(model.index(2).data(TranscriptModel::TimeHeaderRole).toString().isEmpty());
    layAll();
    QCOMPARE(cache.layoutsComputed(), 7 + 2 + 1);
    QVERIFY(cache.layout(model.index(2), 600, font)->header.isNull());
}

void tst_MessageLayout::anArrivingImageLaysOutOnlyItsOwnRow()
{
    // An image server that answers when the test says so.
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QPointer<QTcpSocket> request;
    connect(&server, &QTcpServer::newConnection, this, [&] { request = server.nextPendingConnection(); });
    TranscriptModel model;
    for (int i = 0; i < 30; ++i)
        model.appendBot(BotMessage::textMessage(QStringLiteral("message %1 with some **Markdown**").arg(i)));
    BotMessage image;
    image.image = QStringLiteral("http://127.0.0.1:%1/tall.png").arg(server.serverPort());
    model.appendBot(image);
    model.appendBot(BotMessage::textMessage(QStringLiteral("after the image")));
    const int imageRow = 30;

    ImageCache images;
    TranscriptView view;
    auto *delegate = new MessageDelegate(&images, &view);
    view.setItemDelegate(delegate);
    view.setModel(&model);
    view.resize(600, 400);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QTRY_VERIFY(request && request->bytesAvailable() > 0); // the image row was laid out: it asked for it
    view.doItemsLayout();
    const int placeholderHeight = view.visualRect(model.index(imageRow)).height();
    const qint64 before = delegate->layouts()->layoutsComputed();
    QSignalSpy sizeChanged(delegate, &QAbstractItemDelegate::sizeHintChanged);

    request->write("HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nConnection: close\r\nContent-Length: " +
                   QByteArray::number(pngOf({200, 240}).size()) + "\r\n\r\n" + pngOf({200, 240}));
    request->disconnectFromHost();
    QTRY_COMPARE(sizeChanged.size(), 1);
    QCOMPARE(sizeChanged.first().first().value<QModelIndex>().row(), imageRow);
    // The view places every row again; of them, only the image's is laid out again.
    QTRY_COMPARE(view.visualRect(model.index(imageRow)).height(), placeholderHeight + 240 - 150);
    view.doItemsLayout();
    for (int row = 0; row < model.rowCount(); ++row)
        view.itemDelegate()->sizeHint(view.itemOption(model.index(row)), model.index(row));
    QCOMPARE(delegate->layouts()->layoutsComputed(), before + 1);
}

QTEST_MAIN(tst_MessageLayout)
#include "tst_messagelayout.moc"
