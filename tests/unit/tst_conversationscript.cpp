#include "agent/scriptagent.h"
#include "probe/conversationscript.h"

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
                                  << "s.yml:3: a step needs one of: user, click, bot, silence_ms";
    QTest::newRow("unknown expectation")
        << QByteArray("conversations:\n  - steps:\n      - bot:\n          colour: red\n")
        << "s.yml:4: unknown expectation 'colour' (one of: text, contains, matches, buttons, payloads, "
           "image, card, custom, attachment, timeout_ms)";
    QTest::newRow("bad regex")
        << QByteArray("conversations:\n  - steps:\n      - bot: { matches: \"(\" }\n")
        << "s.yml:3: 'matches' is not a valid regular expression: missing closing parenthesis";
    QTest::newRow("bad yaml") << QByteArray("conversations: [\n")
                              << "s.yml:2: not valid YAML: end of sequence flow not found";
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
    ScriptAgent agent(*ConversationScript::parse(kScript, QStringLiteral("s.yml"), &error));
    UserMessage hi;
    hi.text = QStringLiteral("hi");
    const auto answer = agent.respond(hi);
    QCOMPARE(answer.size(), 2);
    QCOMPARE(*answer[0].text, QStringLiteral("Hey!"));
    QCOMPARE(answer[1].buttons->at(0).payload, QStringLiteral("/affirm"));
    UserMessage click;
    click.text = QStringLiteral("/affirm"); // the click on "Yes" sends its payload
    QCOMPARE(*agent.respond(click).first().text, QStringLiteral("affirm"));
    UserMessage other;
    other.text = QStringLiteral("?");
    QCOMPARE(*agent.respond(other).first().text, QStringLiteral("no idea"));
}

QTEST_GUILESS_MAIN(tst_ConversationScript)
#include "tst_conversationscript.moc"
