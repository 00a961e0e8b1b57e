// TranscriptModel on its own: rows and roles, which user message a bot reply answers, delivery states,
// offers that expire, the carousel offset and the exports. No view, no channel.
#include "transcriptmodel.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace rasachat;
using RasaChat::TranscriptModel;
using Delivery = TranscriptModel::Delivery;

namespace {

UserMessage user(const QString &text, const QString &id)
{
    UserMessage m;
    m.text = text;
    m.messageId = id;
    return m;
}

BotMessage bot(const char *json)
{
    return BotMessage::fromJson(QJsonDocument::fromJson(json).object());
}

const char *const kJson1 = R"({"text":"hi"})";
const char *const kJson2 = R"({"text":"pick","buttons":[{"title":"A","payload":"/a"}]})";
const char *const kJson3 = R"({"text":"pick","quick_replies":[{"title":"A","payload":"/a"}]})";
const char *const kJson4 = R"({"image":"https://example.com/a.png"})";
const char *const kJson5 = R"({"attachment":"https://example.com/a.pdf"})";
const char *const kJson6 = R"({"elements":[{"title":"x"}]})";
const char *const kJson7 = R"({"custom":{"anything":1}})";
const char *const kJson8 = R"({"text":"pick","buttons":[{"title":"B","payload":"/b"}]})";
const char *const kJson9 =
    R"({"elements":[
        {"title":"one"},{"title":"two"},{"title":"three"}]})";

} // namespace

class tst_TranscriptModel : public QObject
{
    Q_OBJECT
private slots:
    void rowsAndRoles();
    void kindsOfBotMessages();
    void replyAnswersTheOldestOpenMessage();
    void acknowledgementAfterTheReplyIsAnswered();
    void failedMessageCanBeSentAgain();
    void settledFailureIgnoresALateAcknowledgement();
    void quickRepliesExpireWhenTheUserGoesOn();
    void carouselOffsetIsClamped();
    void exportsHoldEveryRow();
    void clearEmptiesTheModel();
};

void tst_TranscriptModel::rowsAndRoles()
{
    TranscriptModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.appendUser(user(QStringLiteral("/greet"), QStringLiteral("u1")), QStringLiteral("Hello"));
    model.appendBot(BotMessage::textMessage(QStringLiteral("**Hi** there")));
    model.appendSystem(QStringLiteral("Disconnected"));
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(inserted.size(), 3);
    const QModelIndex u = model.index(0), b = model.index(1), s = model.index(2);
    QVERIFY(u.data(TranscriptModel::FromUserRole).toBool());
    QVERIFY(!b.data(TranscriptModel::FromUserRole).toBool());
    // The user sees what they pressed (the title), the payload is what was sent.
    QCOMPARE(u.data(TranscriptModel::TextRole).toString(), QStringLiteral("Hello"));
    QCOMPARE(model.userMessage(0).text, QStringLiteral("/greet"));
    QCOMPARE(b.data(TranscriptModel::TextRole).toString(), QStringLiteral("**Hi** there"));
    QCOMPARE(s.data(TranscriptModel::KindRole).value<TranscriptModel::Kind>(), TranscriptModel::Kind::System);
    QVERIFY(u.data(TranscriptModel::TimeRole).toDateTime().isValid());
    // What a screen reader hears: who, and the Markdown as plain text.
    const QString spoken = b.data(Qt::AccessibleTextRole).toString();
    QVERIFY2(spoken.contains(QStringLiteral("Hi there")), qPrintable(spoken));
    QVERIFY2(!spoken.contains(u'*'), qPrintable(spoken));
}

void tst_TranscriptModel::kindsOfBotMessages()
{
    using K = TranscriptModel::Kind;
    QCOMPARE(RasaChat::kindOf(bot(kJson1)), K::Text);
    QCOMPARE(RasaChat::kindOf(bot(kJson2)), K::Buttons);
    QCOMPARE(RasaChat::kindOf(bot(kJson3)), K::QuickReplies);
    QCOMPARE(RasaChat::kindOf(bot(kJson4)), K::Image);
    QCOMPARE(RasaChat::kindOf(bot(kJson5)), K::Attachment);
    // (as the Socket.IO channel decodes an attachment of template_type generic)
    QCOMPARE(RasaChat::kindOf(bot(kJson6)), K::Carousel);
    QCOMPARE(RasaChat::kindOf(bot(kJson7)), K::Custom);
}

void tst_TranscriptModel::replyAnswersTheOldestOpenMessage()
{
    // Rasa sends a turn's replies before it acknowledges the message: a reply belongs to the oldest
    // message not acknowledged yet, not to the newest one.
    TranscriptModel model;
    model.appendUser(user(QStringLiteral("a"), QStringLiteral("a")));
    model.appendUser(user(QStringLiteral("b"), QStringLiteral("b")));
    QCOMPARE(model.delivery(QStringLiteral("a")), Delivery::Submitted);
    QVERIFY(model.awaitingReply());
    model.appendBot(BotMessage::textMessage(QStringLiteral("answer to a")));
    QCOMPARE(model.delivery(QStringLiteral("a")), Delivery::Answered);
    QCOMPARE(model.delivery(QStringLiteral("b")), Delivery::Submitted);
    model.acknowledge(QStringLiteral("a"));
    model.appendBot(BotMessage::textMessage(QStringLiteral("answer to b")));
    QCOMPARE(model.delivery(QStringLiteral("b")), Delivery::Answered);
    model.acknowledge(QStringLiteral("b"));
    QVERIFY(!model.awaitingReply());
}

void tst_TranscriptModel::acknowledgementAfterTheReplyIsAnswered()
{
    TranscriptModel model;
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.appendUser(user(QStringLiteral("hi"), QStringLiteral("m")));
    model.acknowledge(QStringLiteral("m"));
    QCOMPARE(model.delivery(QStringLiteral("m")), Delivery::ReachedServer); // ✓
    QVERIFY(!changed.isEmpty());
    QCOMPARE(changed.last().at(0).value<QModelIndex>().row(), 0);
    model.appendBot(BotMessage::textMessage(QStringLiteral("hey")));
    QCOMPARE(model.delivery(QStringLiteral("m")), Delivery::Answered); // ✓✓
    QCOMPARE(model.index(0).data(TranscriptModel::DeliveryRole).value<Delivery>(), Delivery::Answered);
    // An acknowledgement for a message the model never saw changes nothing.
    model.acknowledge(QStringLiteral("unknown"));
    QCOMPARE(model.rowCount(), 2);
}

void tst_TranscriptModel::failedMessageCanBeSentAgain()
{
    TranscriptModel model;
    model.appendUser(user(QStringLiteral("hi"), QStringLiteral("first")));
    model.fail(QStringLiteral("first"), false);
    QCOMPARE(model.delivery(QStringLiteral("first")), Delivery::Failed);
    QVERIFY(!model.givenUp(0));
    // Not settled: the channel may still deliver it, and a late acknowledgement counts.
    model.acknowledge(QStringLiteral("first"));
    QCOMPARE(model.delivery(QStringLiteral("first")), Delivery::ReachedServer);

    model.appendUser(user(QStringLiteral("again"), QStringLiteral("second")));
    model.fail(QStringLiteral("second"), true);
    QVERIFY(model.givenUp(1));
    QVERIFY(!model.resend(0, QStringLiteral("x"))); // row 0 did not fail
    QVERIFY(model.resend(1, QStringLiteral("third")));
    QCOMPARE(model.delivery(QStringLiteral("third")), Delivery::Submitted);
    QCOMPARE(model.userMessage(1).messageId, QStringLiteral("third"));
    QVERIFY(model.awaitingReply());
}

void tst_TranscriptModel::settledFailureIgnoresALateAcknowledgement()
{
    TranscriptModel model;
    model.appendUser(user(QStringLiteral("hi"), QStringLiteral("m")));
    model.acknowledge(QStringLiteral("m"));
    // Once the server accepted it, a later failure report for it must not turn ✓ into "not sent".
    model.fail(QStringLiteral("m"), true);
    QCOMPARE(model.delivery(QStringLiteral("m")), Delivery::ReachedServer);
}

void tst_TranscriptModel::quickRepliesExpireWhenTheUserGoesOn()
{
    TranscriptModel model;
    model.appendUser(user(QStringLiteral("hi"), QStringLiteral("1")));
    model.appendBot(bot(kJson3));
    QVERIFY(model.index(1).data(TranscriptModel::ButtonsEnabledRole).toBool());
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.appendUser(user(QStringLiteral("something else"), QStringLiteral("2")));
    QVERIFY(!model.index(1).data(TranscriptModel::ButtonsEnabledRole).toBool());
    QVERIFY(!changed.isEmpty());
    // A new offer is open again.
    model.appendBot(bot(kJson8));
    QVERIFY(model.index(3).data(TranscriptModel::ButtonsEnabledRole).toBool());
    model.disableButtons(3);
    QVERIFY(!model.index(3).data(TranscriptModel::ButtonsEnabledRole).toBool());
}

void tst_TranscriptModel::carouselOffsetIsClamped()
{
    TranscriptModel model;
    model.appendBot(bot(kJson9));
    model.appendBot(BotMessage::textMessage(QStringLiteral("plain")));
    const QModelIndex carousel = model.index(0);
    QCOMPARE(carousel.data(TranscriptModel::CarouselOffsetRole).toInt(), 0);
    QVERIFY(model.setData(carousel, 2, TranscriptModel::CarouselOffsetRole));
    QCOMPARE(carousel.data(TranscriptModel::CarouselOffsetRole).toInt(), 2);
    QVERIFY(model.setData(carousel, 99, TranscriptModel::CarouselOffsetRole) == false);
    QCOMPARE(carousel.data(TranscriptModel::CarouselOffsetRole).toInt(), 2); // clamped to the last card
    QVERIFY(model.setData(carousel, -5, TranscriptModel::CarouselOffsetRole));
    QCOMPARE(carousel.data(TranscriptModel::CarouselOffsetRole).toInt(), 0);
    // Nothing else is settable.
    QVERIFY(!model.setData(model.index(1), 1, TranscriptModel::CarouselOffsetRole));
    QVERIFY(!model.setData(carousel, QStringLiteral("x"), TranscriptModel::TextRole));
}

void tst_TranscriptModel::exportsHoldEveryRow()
{
    TranscriptModel model;
    model.appendUser(user(QStringLiteral("hello"), QStringLiteral("1")));
    model.appendBot(BotMessage::textMessage(QStringLiteral("Hey! How are you?")));
    const QJsonArray rows = QJsonDocument::fromJson(model.toJson()).array();
    QCOMPARE(rows.size(), 2);
    QVERIFY(QString::fromUtf8(model.toJson()).contains(QStringLiteral("Hey! How are you?")));
    const QString markdown = model.toMarkdown();
    QVERIFY2(markdown.contains(QStringLiteral("hello")) &&
                 markdown.contains(QStringLiteral("Hey! How are you?")),
             qPrintable(markdown));
    QVERIFY(markdown.indexOf(QStringLiteral("hello")) < markdown.indexOf(QStringLiteral("Hey!")));
}

void tst_TranscriptModel::clearEmptiesTheModel()
{
    TranscriptModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.appendUser(user(QStringLiteral("hi"), QStringLiteral("1")));
    model.appendBot(BotMessage::textMessage(QStringLiteral("hey")));
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(!model.awaitingReply());
    QCOMPARE(reset.size(), 1);
    model.appendUser(user(QStringLiteral("again"), QStringLiteral("2")));
    QCOMPARE(model.rowCount(), 1);
}

QTEST_MAIN(tst_TranscriptModel)
#include "tst_transcriptmodel.moc"
