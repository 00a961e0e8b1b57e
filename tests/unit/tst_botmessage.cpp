#include "message/botmessage.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace rasachat;

class tst_BotMessage : public QObject
{
    Q_OBJECT
private slots:
    void wireRoundTrip_data();
    void wireRoundTrip();
    void kind_data();
    void kind();
    void keepsUnknownKeys();
    void wrongTypedKnownKeyIsKeptNotDropped();
};

static QJsonObject parse(const QByteArray &json)
{
    return QJsonDocument::fromJson(json).object();
}

void tst_BotMessage::wireRoundTrip_data()
{
    // Each Rasa REST/callback object (spec 1.6) parses and writes back to the same bytes.
    QTest::addColumn<QByteArray>("wire");
    QTest::newRow("text") << QByteArray(R"({"recipient_id": "u1", "text": "Hey! How are you?"})");
    QTest::newRow("image") << QByteArray(
        R"({"recipient_id": "u1", "image": "https://i.imgur.com/nGF1K8f.jpg"})");
    QTest::newRow("attachment") << QByteArray(
        R"({"recipient_id": "u1", "attachment": {"type": "file", "url": "https://example.com/a.pdf"}})");
    QTest::newRow("buttons") << QByteArray(
        R"({"recipient_id": "u1", "text": "Are you sure?", "buttons": [{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}]})");
    QTest::newRow("element with no buttons")
        << QByteArray(R"({"recipient_id": "u1", "text": "Product B : ", "buttons": []})");
    QTest::newRow("custom") << QByteArray(
        R"({"recipient_id": "u1", "custom": {"lat": 52.5, "lng": 13.4, "type": "map"}})");
    QTest::newRow("button extra keys after title and payload") << QByteArray(
        R"({"recipient_id": "u1", "text": "Pick", "buttons": [{"title": "Red", "payload": "red", "content_type": "text"}]})");
    // A known key of another type than expected goes back as it came, once (found by fuzz_bot_message).
    QTest::newRow("button title not a string") << QByteArray(
        R"({"recipient_id": "u1", "text": "Pick", "buttons": [{"payload": "red", "title": 5}]})");
    QTest::newRow("card subtitle not a string") << QByteArray(
        R"({"recipient_id": "u1", "elements": [{"title": "A", "buttons": [], "subtitle": ["x"]}]})");
}

void tst_BotMessage::wireRoundTrip()
{
    QFETCH(QByteArray, wire);
    const BotMessage m = BotMessage::fromJson(parse(wire));
    QCOMPARE(m.toWire(JsonStyle::Python), wire);
    QCOMPARE(BotMessage::fromJson(m.toJson()), m);
}

void tst_BotMessage::kind_data()
{
    QTest::addColumn<QByteArray>("wire");
    QTest::addColumn<BotMessage::Kind>("kind");
    QTest::newRow("text") << QByteArray(R"({"text":"a"})") << BotMessage::Kind::Text;
    QTest::newRow("buttons") << QByteArray(R"({"text":"a","buttons":[{"title":"t","payload":"p"}]})")
                             << BotMessage::Kind::Buttons;
    QTest::newRow("empty buttons is text")
        << QByteArray(R"({"text":"a","buttons":[]})") << BotMessage::Kind::Text;
    QTest::newRow("quick replies") << QByteArray(
                                          R"({"text":"a","quick_replies":[{"title":"t","payload":"p"}]})")
                                   << BotMessage::Kind::QuickReplies;
    QTest::newRow("image") << QByteArray(R"({"image":"x.png"})") << BotMessage::Kind::Image;
    QTest::newRow("attachment") << QByteArray(R"({"attachment":{"type":"video"}})")
                                << BotMessage::Kind::Attachment;
    QTest::newRow("carousel") << QByteArray(R"({"elements":[{"title":"A"}]})") << BotMessage::Kind::Carousel;
    QTest::newRow("custom") << QByteArray(R"({"custom":{"k":1}})") << BotMessage::Kind::Custom;
    QTest::newRow("nothing known") << QByteArray(R"({"recipient_id":"u1"})") << BotMessage::Kind::Empty;
}

void tst_BotMessage::kind()
{
    QFETCH(QByteArray, wire);
    QFETCH(BotMessage::Kind, kind);
    QCOMPARE(BotMessage::fromJson(parse(wire)).kind(), kind);
}

void tst_BotMessage::keepsUnknownKeys()
{
    const QByteArray wire = R"({"recipient_id": "u1", "text": "a", "zeta": [1, 2], "alpha": {"x": true}})";
    const BotMessage m = BotMessage::fromJson(parse(wire));
    QCOMPARE(m.extra.value(u"zeta").toArray().size(), 2);
    QCOMPARE(m.toJson(), parse(wire));
    // Unknown keys follow the known ones, sorted.
    QCOMPARE(m.toWire(JsonStyle::Python),
             QByteArray(R"({"recipient_id": "u1", "text": "a", "alpha": {"x": true}, "zeta": [1, 2]})"));
}

void tst_BotMessage::wrongTypedKnownKeyIsKeptNotDropped()
{
    const BotMessage m = BotMessage::fromJson(parse(R"({"text": 5, "buttons": "nope"})"));
    QVERIFY(!m.text);
    QVERIFY(!m.buttons);
    QCOMPARE(m.toJson(), parse(R"({"text": 5, "buttons": "nope"})"));
}

QTEST_GUILESS_MAIN(tst_BotMessage)
#include "tst_botmessage.moc"
