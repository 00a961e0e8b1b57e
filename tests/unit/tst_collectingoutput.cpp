#include "message/collectingoutput.h"

#include <QJsonDocument>
#include <QTest>

using namespace rasachat;

// The REST/callback output rules (docs/rasa-channels.md 0.3 and 1.6), asserted on the wire bytes.
class tst_CollectingOutput : public QObject
{
    Q_OBJECT
private slots:
    void render_data();
    void render();
};

static QByteArray wire(const QList<BotMessage> &messages)
{
    JsonWriter w(JsonStyle::Ujson);
    w.beginArray();
    for (const BotMessage &m : messages)
        m.write(w);
    w.endArray();
    return w.data();
}

void tst_CollectingOutput::render_data()
{
    QTest::addColumn<QByteArray>("response"); // a domain response, as JSON
    QTest::addColumn<QByteArray>("expected"); // what Rasa's REST channel answers for recipient u1

    QTest::newRow("text") << QByteArray(R"({"text":"Hey! How are you?"})")
                          << QByteArray(R"([{"recipient_id":"u1","text":"Hey! How are you?"}])");
    QTest::newRow("text is stripped and split on blank lines")
        << QByteArray(R"({"text":"  first\n\nsecond\n\n\n\nthird \n"})")
        << QByteArray(R"([{"recipient_id":"u1","text":"first"},{"recipient_id":"u1","text":"second"},)"
                      R"({"recipient_id":"u1","text":""},{"recipient_id":"u1","text":"third"}])");
    QTest::newRow("buttons keep the whole text")
        << QByteArray(R"({"text":"a\n\nb","buttons":[{"title":"Yes","payload":"/affirm"}]})")
        << QByteArray(
               R"([{"recipient_id":"u1","text":"a\n\nb","buttons":[{"title":"Yes","payload":"\/affirm"}]}])");
    QTest::newRow("quick replies travel as buttons")
        << QByteArray(
               R"({"text":"Pick a colour","quick_replies":[{"title":"Red","payload":"red","content_type":"text"}]})")
        << QByteArray(
               R"([{"recipient_id":"u1","text":"Pick a colour","buttons":[{"title":"Red","payload":"red","content_type":"text"}]}])");
    QTest::newRow("composite: text, then custom, then image (spec 1.6)")
        << QByteArray(R"({"text":"Hi\n\nthere","image":"x.png","custom":{"k":1}})")
        << QByteArray(R"([{"recipient_id":"u1","text":"Hi"},{"recipient_id":"u1","text":"there"},)"
                      R"({"recipient_id":"u1","custom":{"k":1}},{"recipient_id":"u1","image":"x.png"}])");
    QTest::newRow("elements flatten to title : subtitle with buttons")
        << QByteArray(
               R"({"elements":[{"title":"Product A","subtitle":"cheap and good","buttons":[{"title":"Buy","payload":"/buy"}]},)"
               R"({"title":"Product B"}]})")
        << QByteArray(
               R"([{"recipient_id":"u1","text":"Product A : cheap and good","buttons":[{"title":"Buy","payload":"\/buy"}]},)"
               R"({"recipient_id":"u1","text":"Product B : ","buttons":[]}])");
    QTest::newRow("attachment as given")
        << QByteArray(R"({"attachment":{"type":"file","url":"https://e/a.pdf"}})")
        << QByteArray(R"([{"recipient_id":"u1","attachment":{"type":"file","url":"https:\/\/e\/a.pdf"}}])");
    QTest::newRow("empty values are skipped")
        << QByteArray(R"({"text":"","custom":{},"image":"","buttons":[]})") << QByteArray("[]");
    QTest::newRow("order: text, custom, image, attachment, elements")
        << QByteArray(
               R"({"elements":[{"title":"E","subtitle":"s"}],"attachment":"a.pdf","image":"i.png","custom":[1],"text":"t"})")
        << QByteArray(
               R"([{"recipient_id":"u1","text":"t"},{"recipient_id":"u1","custom":[1]},{"recipient_id":"u1","image":"i.png"},)"
               R"({"recipient_id":"u1","attachment":"a.pdf"},{"recipient_id":"u1","text":"E : s","buttons":[]}])");
}

void tst_CollectingOutput::render()
{
    QFETCH(QByteArray, response);
    QFETCH(QByteArray, expected);
    const BotMessage domain = BotMessage::fromJson(QJsonDocument::fromJson(response).object());
    QCOMPARE(wire(collectingOutput(QStringLiteral("u1"), domain)), expected);
}

QTEST_GUILESS_MAIN(tst_CollectingOutput)
#include "tst_collectingoutput.moc"
