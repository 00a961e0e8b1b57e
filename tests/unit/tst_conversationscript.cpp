#include "agent/scriptagent.h"
#include "script/conversationscript.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace rasachat;

class tst_ConversationScript : public QObject
{
    Q_OBJECT
private slots:
    void parsesEveryStep();
    void errorsNameFileAndLine_data();
    void errorsNameFileAndLine();
    void expectations_data();
    void expectations();
    void scriptAgentAnswersTheBotTurns();
    void scriptAgentAnswersAPlainPattern();
    void scriptAgentRefusesWhatItCannotSay();
    void negativeAndAlternativeExpectations_data();
    void negativeAndAlternativeExpectations();
    void variablesFromTheEnvironmentAndTheSender();
    void tagsAndStrict();
    void yamlAsPyYamlReadsIt();
    void responseNamesAndSlots();
    void scriptAgentNamesResponsesAndSetsSlots();
};

static const QByteArray kScript = R"(fallback: "no idea"
conversations:
  - name: one
    steps:
      - user: hi
        metadata: { lang: de }
      - bot: "Hey!"
      - bot:
          text: "Choose:"
          buttons: [Yes, No]
          payloads: [/affirm, /deny]
          timeout_ms: 500
      - click: "Yes"
      - bot: { contains: affirm }
      - silence_ms: 100
)";

void tst_ConversationScript::parsesEveryStep()
{
    QString error;
    const auto s = ConversationScript::parse(kScript, QStringLiteral("s.yml"), &error);
    QVERIFY2(s, qPrintable(error));
    QCOMPARE(s->fallback, QStringLiteral("no idea"));
    QCOMPARE(s->conversations.size(), 1);
    const auto &steps = s->conversations.first().steps;
    QCOMPARE(steps.size(), 6);
    QCOMPARE(steps[0].kind, ScriptStep::Kind::User);
    QCOMPARE(steps[0].metadata, QJsonValue(QJsonObject{{QStringLiteral("lang"), QStringLiteral("de")}}));
    QCOMPARE(steps[0].line, 5);
    QCOMPARE(*steps[1].expect.text, QStringLiteral("Hey!"));
    QCOMPARE(*steps[2].expect.buttons, QStringList({QStringLiteral("Yes"), QStringLiteral("No")}));
    QCOMPARE(steps[2].timeoutMs, 500);
    QCOMPARE(steps[3].kind, ScriptStep::Kind::Click);
    QCOMPARE(steps[5].kind, ScriptStep::Kind::Silence);
    QCOMPARE(steps[5].timeoutMs, 100);
}

void tst_ConversationScript::errorsNameFileAndLine_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QString>("error");
    QTest::newRow("no conversations")
        << QByteArray("fallback: x\n") << "s.yml:1: the script needs a top-level 'conversations:' list";
    QTest::newRow("no steps") << QByteArray("conversations:\n  - name: a\n")
                              << "s.yml:2: a conversation needs 'steps:' (and may have a 'name:')";
    QTest::newRow("unknown step") << QByteArray("conversations:\n  - steps:\n      - shout: hi\n")
                                  << "s.yml:3: unknown key 'shout' in a step (valid: user, click, bot, "
                                     "silence_ms, slot_was_set, slot_was_not_set, metadata)";
    // Issue 13.1: a `bot:` indented under a `user:` was a second key of the same step, never checked.
    QTest::newRow("two keys in one step")
        << QByteArray("conversations:\n  - steps:\n      - user: hi\n        bot: \"THIS IS WRONG\"\n")
        << "s.yml:4: a step holds exactly one of user, click, bot, silence_ms, slot_was_set, "
           "slot_was_not_set, "
           "but this one has 'user' and 'bot' (start each step with its own '- ')";
    // Issue 13.2: unknown keys anywhere are errors, not ignored.
    QTest::newRow("unknown key beside a step")
        << QByteArray("conversations:\n  - steps:\n      - bot: hi\n        timeout: 5\n")
        << "s.yml:4: unknown key 'timeout' in a step (valid: user, click, bot, silence_ms, slot_was_set, "
           "slot_was_not_set, metadata)";
    QTest::newRow("unknown key in a conversation")
        << QByteArray("conversations:\n  - setup: x\n    steps:\n      - user: hi\n")
        << "s.yml:2: unknown key 'setup' in a conversation (valid: name, steps, tags, strict)";
    QTest::newRow("unknown key at the top")
        << QByteArray("conversation: []\nconversations:\n  - steps:\n      - user: hi\n")
        << "s.yml:1: unknown key 'conversation' at the top level (valid: conversations, fallback)";
    QTest::newRow("metadata on a bot step")
        << QByteArray("conversations:\n  - steps:\n      - bot: hi\n        metadata: {}\n")
        << "s.yml:4: 'metadata' belongs to a 'user' step";
    QTest::newRow("unknown key in not")
        << QByteArray("conversations:\n  - steps:\n      - bot: { not: { image: x } }\n")
        << "s.yml:3: unknown key 'image' in 'not' (valid: text, contains, matches)";
    QTest::newRow("duplicate key")
        << QByteArray("conversations:\n  - steps:\n      - bot:\n          text: a\n          text: b\n")
        << "s.yml:5: not valid YAML: duplicate key 'text'";
    QTest::newRow("unknown expectation")
        << QByteArray("conversations:\n  - steps:\n      - bot:\n          colour: red\n")
        << "s.yml:4: unknown expectation 'colour' (one of: text, contains, matches, not, any, buttons, "
           "payloads, image, card, custom, attachment, utter, timeout_ms)";
    // Issue 13.3: yaml-cpp 0.7 read this as a test and swallowed the next conversation; libyaml (and
    // so PyYAML, and Rasa's tooling) refuses it.
    QTest::newRow("unterminated quoted string")
        << QByteArray("conversations:\n  - steps:\n      - user: hi\n      - bot: \"unterminated\n"
                      "  - name: next\n    steps:\n      - user: hi\n")
        << "s.yml:4: not valid YAML: while scanning a quoted scalar: found unexpected end of stream at line "
           "8";
    QTest::newRow("unset variable")
        << QByteArray("conversations:\n  - steps:\n      - user: \"${RASACHAT_TEST_UNSET_VARIABLE}\"\n")
        << "s.yml:3: environment variable 'RASACHAT_TEST_UNSET_VARIABLE' is not set (used as "
           "${RASACHAT_TEST_UNSET_VARIABLE}; write $${RASACHAT_TEST_UNSET_VARIABLE} for the text itself)";
    QTest::newRow("bad regex")
        << QByteArray("conversations:\n  - steps:\n      - bot: { matches: \"(\" }\n")
        << "s.yml:3: 'matches' is not a valid regular expression: missing closing parenthesis";
    QTest::newRow("bad yaml") << QByteArray("conversations: [\n")
                              << "s.yml:2: not valid YAML: did not find expected node content (while "
                                 "parsing a flow node that starts at line 2)";
}

void tst_ConversationScript::errorsNameFileAndLine()
{
    QFETCH(QByteArray, yaml);
    QFETCH(QString, error);
    QString got;
    QVERIFY(!ConversationScript::parse(yaml, QStringLiteral("s.yml"), &got));
    QCOMPARE(got, error);
}

void tst_ConversationScript::expectations_data()
{
    QTest::addColumn<QByteArray>("expect");
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<QString>("mismatch");
    QTest::newRow("exact text") << QByteArray("text: Hi") << QByteArray(R"({"text":"Hi"})") << "";
    QTest::newRow("exact text differs") << QByteArray("text: Hi") << QByteArray(R"({"text":"Ho"})")
                                        << R"(expected text "Hi", got {"text":"Ho"})";
    QTest::newRow("contains") << QByteArray("contains: ell") << QByteArray(R"({"text":"Hello"})") << "";
    QTest::newRow("matches") << QByteArray("matches: '^H.*o$'") << QByteArray(R"({"text":"Hello"})") << "";
    QTest::newRow("quick replies count as buttons")
        << QByteArray("buttons: [A, B]")
        << QByteArray(
               R"({"text":"x","quick_replies":[{"title":"A","payload":"a"},{"title":"B","payload":"b"}]})")
        << "";
    QTest::newRow("payloads differ")
        << QByteArray("payloads: [a]")
        << QByteArray(R"({"text":"x","buttons":[{"title":"A","payload":"z"}]})")
        << R"(expected button payloads [a], got {"text":"x","buttons":[{"title":"A","payload":"z"}]})";
    QTest::newRow("any image") << QByteArray("image: '*'") << QByteArray(R"({"image":"x.png"})") << "";
    QTest::newRow("card as element") << QByteArray("card: Basic")
                                     << QByteArray(R"({"elements":[{"title":"Basic"}]})") << "";
    QTest::newRow("card flattened by REST")
        << QByteArray("card: Basic") << QByteArray(R"({"text":"Basic : cheap","buttons":[]})") << "";
    QTest::newRow("custom is a subset")
        << QByteArray("custom: { type: map }") << QByteArray(R"({"custom":{"type":"map","lat":1}})") << "";
    QTest::newRow("custom differs") << QByteArray("custom: { type: list }")
                                    << QByteArray(R"({"custom":{"type":"map"}})")
                                    << R"(expected custom {"type":"list"}, got {"custom":{"type":"map"}})";
}

void tst_ConversationScript::expectations()
{
    QFETCH(QByteArray, expect);
    QFETCH(QByteArray, message);
    QFETCH(QString, mismatch);
    QString error;
    QByteArray yaml = "conversations:\n  - steps:\n      - bot:\n";
    for (const QByteArray &line : expect.split('\n'))
        yaml += "          " + line + '\n';
    const auto s = ConversationScript::parse(yaml, QStringLiteral("e.yml"), &error);
    QVERIFY2(s, qPrintable(error));
    const BotMessage m = BotMessage::fromJson(QJsonDocument::fromJson(message).object());
    QCOMPARE(s->conversations.first().steps.first().expect.mismatch(m), mismatch);
}

void tst_ConversationScript::scriptAgentAnswersTheBotTurns()
{
    QString error;
    auto agent =
        ScriptAgent::create(*ConversationScript::parse(kScript, QStringLiteral("s.yml"), &error), &error);
    QVERIFY2(agent, qPrintable(error));
    UserMessage hi;
    hi.text = QStringLiteral("hi");
    const auto answer = agent->respond(hi);
    QCOMPARE(answer.size(), 2);
    QCOMPARE(*answer[0].text, QStringLiteral("Hey!"));
    QCOMPARE(answer[1].buttons->at(0).payload, QStringLiteral("/affirm"));
    UserMessage click;
    click.text = QStringLiteral("/affirm"); // the click on "Yes" sends its payload
    QCOMPARE(*agent->respond(click).first().text, QStringLiteral("affirm"));
    UserMessage other;
    other.text = QStringLiteral("?");
    QCOMPARE(*agent->respond(other).first().text, QStringLiteral("no idea"));
}

static QList<BotMessage> answerTo(const QByteArray &yaml, const QString &text, const QString &sender = {})
{
    QString error;
    const auto script = ConversationScript::parse(yaml, QStringLiteral("a.yml"), &error);
    if (!script)
        qFatal("%s", qPrintable(error));
    auto agent = ScriptAgent::create(*script, &error);
    if (!agent)
        qFatal("%s", qPrintable(error));
    UserMessage m;
    m.text = text;
    m.senderId = sender;
    return agent->respond(m);
}

void tst_ConversationScript::scriptAgentAnswersAPlainPattern()
{
    // Issue 13.5: a bot step with only `matches:` was answered with an empty message, i.e. never.
    const auto a =
        answerTo("conversations:\n  - steps:\n      - user: hi\n      - bot: { matches: '^Hello\\.$' }\n"
                 "      - bot: { any: [ { matches: 'Bye' }, Later ] }\n"
                 "      - bot: 'Your id is ${sender}'\n",
                 QStringLiteral("hi"), QStringLiteral("s-1"));
    QCOMPARE(a.size(), 3);
    QCOMPARE(*a[0].text, QStringLiteral("Hello."));
    QCOMPARE(*a[1].text, QStringLiteral("Bye"));
    QCOMPARE(*a[2].text, QStringLiteral("Your id is s-1"));
}

void tst_ConversationScript::scriptAgentRefusesWhatItCannotSay()
{
    QString error;
    const auto script = ConversationScript::parse(
        "conversations:\n  - steps:\n      - user: hi\n      - bot: { matches: 'H(i|ello)' }\n",
        QStringLiteral("a.yml"), &error);
    QVERIFY2(script, qPrintable(error));
    QVERIFY(!ScriptAgent::create(*script, &error));
    QCOMPARE(error, QStringLiteral("a.yml:4: rasa-mock --bot script cannot answer with text matching "
                                   "/H(i|ello)/: it is a pattern, not a text (give the answer as text: or "
                                   "contains: beside matches:)"));
    const auto negative = ConversationScript::parse(
        "conversations:\n  - steps:\n      - user: hi\n      - bot: { not: { contains: x } }\n",
        QStringLiteral("a.yml"), &error);
    QVERIFY(!ScriptAgent::create(*negative, &error));
    QVERIFY2(error.startsWith(QStringLiteral("a.yml:4: rasa-mock --bot script this bot step gives nothing")),
             qPrintable(error));
}

void tst_ConversationScript::negativeAndAlternativeExpectations_data()
{
    QTest::addColumn<QByteArray>("expect");
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<QString>("mismatch");
    QTest::newRow("not contains holds")
        << QByteArray("not: { contains: error }") << QByteArray(R"({"text":"fine"})") << "";
    QTest::newRow("not contains fails")
        << QByteArray("not: { contains: error }") << QByteArray(R"({"text":"an error"})")
        << R"(expected text not containing "error", got {"text":"an error"})";
    QTest::newRow("not text fails") << QByteArray("not: { text: x }") << QByteArray(R"({"text":"x"})")
                                    << R"(expected text other than "x", got {"text":"x"})";
    QTest::newRow("not matches with a positive")
        << QByteArray("contains: a\nnot: { matches: '^b' }") << QByteArray(R"({"text":"ba"})")
        << R"(expected text not matching /^b/, got {"text":"ba"})";
    QTest::newRow("any: the second fits")
        << QByteArray("any: [ Hi, { contains: Hello } ]") << QByteArray(R"({"text":"Hello you"})") << "";
    QTest::newRow("any: none fits")
        << QByteArray("any: [ Hi, { contains: Hello } ]") << QByteArray(R"({"text":"Yo"})")
        << R"(expected any of (text "Hi") or (text containing "Hello"), got {"text":"Yo"})";
    QTest::newRow("any with buttons") << QByteArray("any: [ { buttons: [A] }, { image: '*' } ]")
                                      << QByteArray(R"({"image":"x.png"})") << "";
}

void tst_ConversationScript::negativeAndAlternativeExpectations()
{
    expectations();
}

void tst_ConversationScript::variablesFromTheEnvironmentAndTheSender()
{
    qputenv("RASACHAT_TEST_GREETING", "Hallo");
    QString error;
    const auto s = ConversationScript::parse(R"(conversations:
  - steps:
      - user: "${RASACHAT_TEST_GREETING} from ${sender}"
        metadata: { id: "${sender}", lang: "${RASACHAT_TEST_GREETING}" }
      - bot: { matches: '^you said: \w+ from ${sender}$', not: { text: "$${sender}" } }
)",
                                             QStringLiteral("v.yml"), &error);
    qunsetenv("RASACHAT_TEST_GREETING");
    QVERIFY2(s, qPrintable(error));
    const Conversation c = s->conversations.first().withSender(QStringLiteral("a.b"));
    QCOMPARE(c.steps[0].text, QStringLiteral("Hallo from a.b"));
    QCOMPARE(c.steps[0].metadata.toObject().value(QStringLiteral("id")).toString(), QStringLiteral("a.b"));
    QCOMPARE(c.steps[0].metadata.toObject().value(QStringLiteral("lang")).toString(),
             QStringLiteral("Hallo"));
    const BotExpectation &e = c.steps[1].expect;
    auto text = [](const char *t) { return BotMessage::textMessage(QString::fromUtf8(t)); };
    QCOMPARE(e.mismatch(text("you said: Hallo from a.b")), QString());
    // The sender is a literal in a pattern: "a.b" does not match "axb".
    QVERIFY(!e.mismatch(text("you said: Hallo from axb")).isEmpty());
    // $${...} is the text itself, not a variable.
    QCOMPARE(e.noneOf.front().text, std::optional<QString>(QStringLiteral("${sender}")));
    QCOMPARE(e.mismatch(text("you said: Hallo from a.b")), QString());
}

void tst_ConversationScript::tagsAndStrict()
{
    QString error;
    const auto s = ConversationScript::parse(R"(conversations:
  - name: a
    tags: [smoke, greet]
    strict: true
    steps:
      - user: hi
  - name: b
    tags: slow
    steps:
      - user: hi
)",
                                             QStringLiteral("t.yml"), &error);
    QVERIFY2(s, qPrintable(error));
    QCOMPARE(s->conversations[0].tags, QStringList({QStringLiteral("smoke"), QStringLiteral("greet")}));
    QVERIFY(s->conversations[0].strict);
    QCOMPARE(s->conversations[1].tags, QStringList{QStringLiteral("slow")});
    QVERIFY(!s->conversations[1].strict);
    QVERIFY(!ConversationScript::parse("conversations:\n  - strict: maybe\n    steps:\n      - user: hi\n",
                                       QStringLiteral("t.yml"), &error));
    QCOMPARE(error, QStringLiteral("t.yml:2: 'strict' must be true or false"));
}

void tst_ConversationScript::yamlAsPyYamlReadsIt()
{
    QString error;
    // Quoted scalars stay strings, plain ones are typed as YAML 1.1 (PyYAML) types them; anchors work.
    const auto s = ConversationScript::parse(R"(conversations:
  - steps:
      - user: hi
        metadata: &m { n: 5, f: 1.5, yes: yes, q: "5", nothing: ~, list: [a, 'b'] }
      - user: again
        metadata: *m
)",
                                             QStringLiteral("y.yml"), &error);
    QVERIFY2(s, qPrintable(error));
    const QJsonObject m = s->conversations[0].steps[0].metadata.toObject();
    QCOMPARE(m.value(QStringLiteral("n")), QJsonValue(5));
    QCOMPARE(m.value(QStringLiteral("f")), QJsonValue(1.5));
    QCOMPARE(m.value(QStringLiteral("yes")), QJsonValue(true));
    QCOMPARE(m.value(QStringLiteral("q")), QJsonValue(QStringLiteral("5")));
    QCOMPARE(m.value(QStringLiteral("nothing")), QJsonValue(QJsonValue::Null));
    QCOMPARE(s->conversations[0].steps[1].metadata, s->conversations[0].steps[0].metadata);
    // A second document, and an alias bomb, are refused rather than read.
    QVERIFY(!ConversationScript::parse("conversations: []\n---\nx: 1\n", QStringLiteral("y.yml"), &error));
    QCOMPARE(error, QStringLiteral("y.yml:2: not valid YAML: expected a single document in the stream, but "
                                   "found another document"));
    QByteArray bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
    for (char c = 'b'; c <= 'j'; ++c)
        bomb += QByteArray(1, c) + ": &" + c + " [*" + char(c - 1) + ", *" + char(c - 1) + ", *" +
                char(c - 1) + ", *" + char(c - 1) + ", *" + char(c - 1) + ", *" + char(c - 1) + ", *" +
                char(c - 1) + ", *" + char(c - 1) + ", *" + char(c - 1) + ", *" + char(c - 1) + "]\n";
    QVERIFY(!ConversationScript::parse(bomb, QStringLiteral("y.yml"), &error));
    QVERIFY2(error.contains(QStringLiteral("more than 200000 nodes")), qPrintable(error));
}

void tst_ConversationScript::responseNamesAndSlots()
{
    QString error;
    const auto s =
        ConversationScript::parse("conversations:\n  - steps:\n      - user: hi\n"
                                  "      - bot: { text: Hey, utter: utter_greet }\n"
                                  "      - slot_was_set:\n          - name: Ada\n          - mood\n"
                                  "      - slot_was_not_set: { age: 3 }\n",
                                  QStringLiteral("s.yml"), &error);
    QVERIFY2(s, qPrintable(error));
    const Conversation &c = s->conversations.first();
    QCOMPARE(c.steps[1].expect.utter, QStringLiteral("utter_greet"));
    QCOMPARE(c.steps[2].kind, ScriptStep::Kind::SlotWasSet);
    QCOMPARE(c.steps[2].slotChecks.size(), 2);
    QCOMPARE(c.steps[2].slotChecks[0].describe(), QStringLiteral("name = \"Ada\""));
    QCOMPARE(c.steps[2].slotChecks[1].describe(), QStringLiteral("mood"));
    QCOMPARE(c.steps[3].kind, ScriptStep::Kind::SlotWasNotSet);
    QCOMPARE(c.steps[3].slotChecks[0].describe(), QStringLiteral("age = 3"));
    QCOMPARE(c.apiSteps().size(), 3);
    // The response name is not on the wire: the message itself is checked as before.
    QVERIFY(c.steps[1].expect.mismatch(BotMessage::textMessage(QStringLiteral("Hey"))).isEmpty());
    QVERIFY(!ConversationScript::parse("conversations:\n  - steps:\n      - slot_was_set: [ {} ]\n",
                                       QStringLiteral("s.yml"), &error));
    QCOMPARE(error, QStringLiteral("s.yml:3: 'slot_was_set' takes slot names or `name: value` entries"));
    QVERIFY(!ConversationScript::parse("conversations:\n  - steps:\n      - bot: { any: [a, {utter: x}] }\n",
                                       QStringLiteral("s.yml"), &error));
    QVERIFY2(error.startsWith(u"s.yml:3: unknown expectation 'utter'"), qPrintable(error));
}

void tst_ConversationScript::scriptAgentNamesResponsesAndSetsSlots()
{
    QString error;
    const auto script = ConversationScript::parse("conversations:\n  - steps:\n      - user: I am Ada\n"
                                                  "      - slot_was_set: [ {person: Ada} ]\n"
                                                  "      - bot: { text: Hello, utter: utter_hello }\n"
                                                  "      - bot: Bye\n",
                                                  QStringLiteral("s.yml"), &error);
    QVERIFY2(script, qPrintable(error));
    auto agent = ScriptAgent::create(*script, &error);
    QVERIFY2(agent, qPrintable(error));
    QCOMPARE(agent->slotNames(), QStringList{QStringLiteral("person")});
    UserMessage m;
    m.text = QStringLiteral("I am Ada");
    const AgentTurn turn = agent->turn(m);
    QCOMPARE(turn.slotValues.size(), 1);
    QCOMPARE(turn.slotValues.first().second, QJsonValue(QStringLiteral("Ada")));
    QCOMPARE(turn.responses.size(), 2);
    QCOMPARE(turn.responses[0].name, QStringLiteral("utter_hello"));
    QCOMPARE(turn.responses[1].name, QString()); // an end-to-end response, as in Rasa
    m.text = QStringLiteral("?");
    QCOMPARE(agent->turn(m).responses.first().name, QStringLiteral("utter_default"));
    // A slot the mock is to set needs a value.
    const auto noValue = ConversationScript::parse(
        "conversations:\n  - steps:\n      - user: x\n      - slot_was_set: [ person ]\n",
        QStringLiteral("s.yml"), &error);
    QVERIFY(noValue);
    QVERIFY(!ScriptAgent::create(*noValue, &error));
    QCOMPARE(error, QStringLiteral("s.yml:4: rasa-mock --bot script sets slots to values: give 'person' one "
                                   "(`- person: value`)"));
}

QTEST_GUILESS_MAIN(tst_ConversationScript)
#include "tst_conversationscript.moc"
