#include "agent/agent.h"
#include "agent/trackerstore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace rasachat;

// What rasa-mock --enable-api answers on GET /conversations/{sender}/tracker: Rasa's events for the
// turns the bot played, in Rasa's shapes and key order (known answers with a fixed clock).
class tst_TrackerStore : public QObject
{
    Q_OBJECT
private slots:
    void aTurnIsLoggedAsRasaLogsIt();
    void stateHasRasasShape();
    void appendedSlotsAreSet();
    void unknownSlotsStayOutOfSlots();
    void badEventsAreRefusedWhole();
    void restartForgetsEarlierEvents();
    void bounded();
};

namespace {

TrackerStore store(const QStringList &slotNames = {QStringLiteral("name")})
{
    TrackerStore s(slotNames);
    s.setClock([] { return 1700000000.5; });
    return s;
}

UserMessage say(const QString &text, const QString &sender = QStringLiteral("ada"))
{
    UserMessage m;
    m.text = text;
    m.senderId = sender;
    m.inputChannel = QStringLiteral("rest");
    return m;
}

QStringList types(const QList<TrackerEvent> &events)
{
    QStringList out;
    for (const TrackerEvent &e : events)
        out << (e.type() == u"action" ? QStringLiteral("action:") + e.value(u"name").toString() : e.type());
    return out;
}

} // namespace

void tst_TrackerStore::aTurnIsLoggedAsRasaLogsIt()
{
    TrackerStore s = store();
    DemoAgent agent;
    s.recordTurn(say(QStringLiteral("/name Ada")), agent.turn(say(QStringLiteral("/name Ada"))));
    const QList<TrackerEvent> events = s.events(QStringLiteral("ada"));
    QCOMPARE(types(events),
             (QStringList{QStringLiteral("action:action_session_start"), QStringLiteral("session_started"),
                          QStringLiteral("action:action_listen"), QStringLiteral("user"),
                          QStringLiteral("slot"), QStringLiteral("action:utter_nice_to_meet_you"),
                          QStringLiteral("bot"), QStringLiteral("action:action_listen")}));
    const TrackerEvent &bot = events[6];
    QCOMPARE(bot.value(u"metadata").toObject().value(u"utter_action").toString(),
             QStringLiteral("utter_nice_to_meet_you"));
    QCOMPARE(bot.value(u"text").toString(), QStringLiteral("Nice to meet you, Ada!"));
    QCOMPARE(events[4].value(u"name").toString(), QStringLiteral("name"));
    QCOMPARE(events[4].value(u"value").toString(), QStringLiteral("Ada"));
}

void tst_TrackerStore::stateHasRasasShape()
{
    TrackerStore s = store();
    UserMessage m = say(QStringLiteral("hi"));
    m.metadata = QJsonObject{{QStringLiteral("lang"), QStringLiteral("de")}};
    s.recordTurn(m, DemoAgent().turn(m));
    const QByteArray expected =
        R"({"sender_id":"ada","slots":{"name":null,"session_started_metadata":null},)"
        R"("latest_message":{"intent":{"name":"nlu_fallback","confidence":1},"entities":[],"text":"hi","message_id":null,"metadata":{"lang":"de"}},)"
        R"("latest_event_time":1700000000.5,"followup_action":null,"paused":false,"events":[)"
        R"({"event":"action","timestamp":1700000000.5,"name":"action_session_start","policy":null,"confidence":1,"action_text":null,"hide_rule_turn":false},)"
        R"({"event":"session_started","timestamp":1700000000.5},)"
        R"({"event":"action","timestamp":1700000000.5,"name":"action_listen","policy":null,"confidence":1,"action_text":null,"hide_rule_turn":false},)"
        R"({"event":"user","timestamp":1700000000.5,"metadata":{"lang":"de"},"text":"hi","parse_data":{"intent":{"name":"nlu_fallback","confidence":1},"entities":[],"text":"hi","message_id":null,"metadata":{"lang":"de"}},"input_channel":"rest","message_id":null},)"
        R"({"event":"action","timestamp":1700000000.5,"name":"utter_greet","policy":null,"confidence":1,"action_text":null,"hide_rule_turn":false},)"
        R"({"event":"bot","timestamp":1700000000.5,"metadata":{"utter_action":"utter_greet"},"text":"Hey! How are you?","data":{"elements":null,"quick_replies":null,"buttons":null,"attachment":null,"image":null,"custom":null}},)"
        R"({"event":"action","timestamp":1700000000.5,"name":"action_listen","policy":null,"confidence":1,"action_text":null,"hide_rule_turn":false}],)"
        R"("latest_input_channel":"rest","active_loop":{},"latest_action":{"action_name":"action_listen"},"latest_action_name":"action_listen"})";
    QCOMPARE(s.state(QStringLiteral("ada")), expected);
}

void tst_TrackerStore::appendedSlotsAreSet()
{
    TrackerStore s = store();
    QString error;
    QVERIFY(s.append(QStringLiteral("bo"),
                     QJsonArray{QJsonObject{{QStringLiteral("event"), QStringLiteral("slot")},
                                            {QStringLiteral("name"), QStringLiteral("name")},
                                            {QStringLiteral("value"), QStringLiteral("Bob")}}},
                     &error));
    const QJsonObject state = QJsonDocument::fromJson(s.state(QStringLiteral("bo"))).object();
    QCOMPARE(state.value(u"slots").toObject().value(u"name").toString(), QStringLiteral("Bob"));
    // Rasa starts the session first, then appends.
    const QJsonArray events = state.value(u"events").toArray();
    QCOMPARE(events.size(), 4);
    QCOMPARE(events.last().toObject().value(u"event").toString(), QStringLiteral("slot"));
}

void tst_TrackerStore::unknownSlotsStayOutOfSlots()
{
    TrackerStore s = store();
    QString error;
    QVERIFY(s.append(QStringLiteral("bo"),
                     QJsonObject{{QStringLiteral("event"), QStringLiteral("slot")},
                                 {QStringLiteral("name"), QStringLiteral("colour")},
                                 {QStringLiteral("value"), QStringLiteral("red")}},
                     &error));
    const QJsonObject state = QJsonDocument::fromJson(s.state(QStringLiteral("bo"))).object();
    QVERIFY(!state.value(u"slots").toObject().contains(u"colour"));
    QCOMPARE(state.value(u"events").toArray().last().toObject().value(u"name").toString(),
             QStringLiteral("colour"));
}

void tst_TrackerStore::badEventsAreRefusedWhole()
{
    TrackerStore s = store();
    QString error;
    const QJsonArray body{QJsonObject{{QStringLiteral("event"), QStringLiteral("slot")},
                                      {QStringLiteral("name"), QStringLiteral("name")},
                                      {QStringLiteral("value"), 1}},
                          QJsonObject{{QStringLiteral("event"), QStringLiteral("teleport")}}};
    QVERIFY(!s.append(QStringLiteral("bo"), body, &error));
    QVERIFY2(error.contains(u"teleport"), qPrintable(error));
    QVERIFY(!s.append(QStringLiteral("bo"), QJsonObject{{QStringLiteral("event"), QStringLiteral("slot")}},
                      &error));
    QVERIFY2(error.contains(u"name"), qPrintable(error));
    QVERIFY(!s.append(QStringLiteral("bo"), QJsonValue(42), &error));
    // nothing was appended: only the session start of the GET below
    QCOMPARE(s.events(QStringLiteral("bo")).size(), 3);
}

void tst_TrackerStore::restartForgetsEarlierEvents()
{
    TrackerStore s = store();
    s.recordTurn(say(QStringLiteral("/name Ada")), DemoAgent().turn(say(QStringLiteral("/name Ada"))));
    QString error;
    QVERIFY(s.append(QStringLiteral("ada"), QJsonObject{{QStringLiteral("event"), QStringLiteral("restart")}},
                     &error));
    const QJsonObject state = QJsonDocument::fromJson(s.state(QStringLiteral("ada"))).object();
    QCOMPARE(state.value(u"events").toArray().size(), 0);
    QVERIFY(state.value(u"slots").toObject().value(u"name").isNull());
}

void tst_TrackerStore::bounded()
{
    TrackerStore s = store();
    const AgentTurn turn = DemoAgent().turn(say(QStringLiteral("hi")));
    for (int i = 0; i < TrackerStore::kMaxEvents / 4 + 10; ++i)
        s.recordTurn(say(QStringLiteral("hi")), turn);
    QCOMPARE(s.events(QStringLiteral("ada")).size(), TrackerStore::kMaxEvents);
    for (int i = 0; i <= TrackerStore::kMaxTrackers; ++i)
        s.recordTurn(say(QStringLiteral("hi"), QString::number(i)), turn);
    // the oldest conversation was forgotten: asking for it starts a new session
    QCOMPARE(s.events(QStringLiteral("ada")).size(), 3);
}

QTEST_GUILESS_MAIN(tst_TrackerStore)
#include "tst_trackerstore.moc"
