#include "agent/agent.h"
#include "message/collectingoutput.h"

#include <QJsonArray>
#include <QTest>

using namespace rasachat;

// The demo bot's table (README) on the REST wire, as every test and tool may rely on it.
class tst_DemoAgent : public QObject
{
    Q_OBJECT
private slots:
    void restWire_data();
    void restWire();
    void metaEchoesMetadata();
    void echoAgent();
    void responseNames_data();
    void responseNames();
    void nameSetsTheSlot();
};

static QByteArray wireOf(Agent &agent, const UserMessage &m)
{
    JsonWriter w(JsonStyle::Python);
    w.beginArray();
    for (const BotMessage &b : collectingOutput(m.senderId, agent.respond(m)))
        b.write(w);
    w.endArray();
    return w.data();
}

void tst_DemoAgent::restWire_data()
{
    QTest::addColumn<QString>("says");
    QTest::addColumn<QByteArray>("answer");
    QTest::newRow("hi") << "hi" << QByteArray(R"([{"recipient_id": "u", "text": "Hey! How are you?"}])");
    QTest::newRow("/buttons")
        << "/buttons"
        << QByteArray(R"([{"recipient_id": "u", "text": "Choose an option:", "buttons": [)"
                      R"({"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}]}])");
    QTest::newRow("/image") << "/image"
                            << QByteArray(
                                   R"([{"recipient_id": "u", "image": "https://i.imgur.com/nGF1K8f.jpg"}])");
    QTest::newRow("/meta without metadata")
        << "/meta" << QByteArray(R"([{"recipient_id": "u", "custom": {"metadata": {}}}])");
    QTest::newRow("/multi")
        << "/multi"
        << QByteArray(R"([{"recipient_id": "u", "text": "first"}, {"recipient_id": "u", "text": "second"}])");
    QTest::newRow("/quick") << "/quick"
                            << QByteArray(
                                   R"([{"recipient_id": "u", "text": "Pick a colour:", "buttons": [)"
                                   R"({"title": "Red", "payload": "/inform{\"colour\":\"red\"}"}, )"
                                   R"({"title": "Green", "payload": "/inform{\"colour\":\"green\"}"}, )"
                                   R"({"title": "Blue", "payload": "/inform{\"colour\":\"blue\"}"}]}])");
    QTest::newRow("/custom")
        << "/custom"
        << QByteArray(R"([{"recipient_id": "u", "custom": {"lat": 52.52, "lng": 13.405, "type": "map"}}])");
    QTest::newRow("/attachment")
        << "/attachment"
        << QByteArray(
               R"([{"recipient_id": "u", "text": "Here is the brochure:"}, {"recipient_id": "u", "attachment": )"
               R"({"payload": {"src": "https://example.com/files/rasa-chat-brochure.pdf", "title": "rasa-chat-brochure.pdf"}, "type": "file"}}])");
    QTest::newRow("/carousel")
        << "/carousel"
        << QByteArray(
               R"([{"recipient_id": "u", "text": "Here are two plans:"}, )"
               R"({"recipient_id": "u", "text": "Basic : For one assistant", "buttons": [{"title": "Choose Basic", "payload": "/choose{\"plan\":\"basic\"}", "type": "postback"}]}, )"
               R"({"recipient_id": "u", "text": "Pro : For teams", "buttons": [{"title": "Choose Pro", "payload": "/choose{\"plan\":\"pro\"}", "type": "postback"}]}])");
    QTest::newRow("anything else") << "hello there"
                                   << QByteArray(
                                          R"([{"recipient_id": "u", "text": "you said: hello there"}])");
    QTest::newRow("commands are exact")
        << "Hi" << QByteArray(R"([{"recipient_id": "u", "text": "you said: Hi"}])");
}

void tst_DemoAgent::restWire()
{
    QFETCH(QString, says);
    QFETCH(QByteArray, answer);
    DemoAgent agent;
    UserMessage m;
    m.senderId = QStringLiteral("u");
    m.text = says;
    QCOMPARE(wireOf(agent, m), answer);
}

void tst_DemoAgent::metaEchoesMetadata()
{
    DemoAgent agent;
    UserMessage m;
    m.text = QStringLiteral("/meta");
    m.metadata = QJsonObject{{QStringLiteral("lang"), QStringLiteral("de")}, {QStringLiteral("n"), 1}};
    const QList<BotMessage> out = agent.respond(m);
    QCOMPARE(out.size(), 1);
    QCOMPARE(out.first().custom, QJsonValue(QJsonObject{{QStringLiteral("metadata"), m.metadata}}));
    QCOMPARE(out.first().kind(), BotMessage::Kind::Custom);
}

void tst_DemoAgent::echoAgent()
{
    EchoAgent agent;
    UserMessage m;
    m.text = QStringLiteral("hi");
    const QList<BotMessage> out = agent.respond(m);
    QCOMPARE(out.size(), 1);
    QCOMPARE(*out.first().text, QStringLiteral("you said: hi"));
}

// The README's names, which rasa-probe test's `utter:` steps (and Rasa E2E tests) check.
void tst_DemoAgent::responseNames_data()
{
    QTest::addColumn<QString>("says");
    QTest::addColumn<QString>("response");
    QTest::newRow("hi") << "hi"
                        << "utter_greet";
    QTest::newRow("/buttons") << "/buttons"
                              << "utter_buttons";
    QTest::newRow("/image") << "/image"
                            << "utter_image";
    QTest::newRow("/meta") << "/meta"
                           << "utter_meta";
    QTest::newRow("/multi") << "/multi"
                            << "utter_multi";
    QTest::newRow("/carousel") << "/carousel"
                               << "utter_carousel";
    QTest::newRow("/attachment") << "/attachment"
                                 << "utter_attachment";
    QTest::newRow("/quick") << "/quick"
                            << "utter_quick";
    QTest::newRow("/custom") << "/custom"
                             << "utter_custom";
    QTest::newRow("anything else") << "hello"
                                   << "utter_echo";
    QTest::newRow("/name without a name") << "/name "
                                          << "utter_echo";
    QTest::newRow("/name Ada") << "/name Ada"
                               << "utter_nice_to_meet_you";
}

void tst_DemoAgent::responseNames()
{
    QFETCH(QString, says);
    QFETCH(QString, response);
    DemoAgent agent;
    UserMessage m;
    m.text = says;
    const AgentTurn turn = agent.turn(m);
    QCOMPARE(turn.responses.size(), 1);
    QCOMPARE(turn.responses.first().name, response);
}

void tst_DemoAgent::nameSetsTheSlot()
{
    DemoAgent agent;
    QCOMPARE(agent.slotNames(), QStringList{QStringLiteral("name")});
    UserMessage m;
    m.senderId = QStringLiteral("u");
    m.text = QStringLiteral("/name  Ada Lovelace ");
    const AgentTurn turn = agent.turn(m);
    QCOMPARE(turn.slotValues.size(), 1);
    QCOMPARE(turn.slotValues.first().first, QStringLiteral("name"));
    QCOMPARE(turn.slotValues.first().second, QJsonValue(QStringLiteral("Ada Lovelace")));
    QCOMPARE(wireOf(agent, m),
             QByteArray(R"([{"recipient_id": "u", "text": "Nice to meet you, Ada Lovelace!"}])"));
    m.text = QStringLiteral("hi");
    QVERIFY(agent.turn(m).slotValues.isEmpty());
}

QTEST_GUILESS_MAIN(tst_DemoAgent)
#include "tst_demoagent.moc"
