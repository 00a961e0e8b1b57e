#include "config/credentials.h"

#include <QTemporaryDir>
#include <QTest>

using namespace rasachat;

class tst_Credentials : public QObject
{
    Q_OBJECT
private slots:
    void fullExample();
    void defaultsWithoutFile();
    void missingSectionMeansOff();
    void placeholderBooleanIsTruthy();
    void errors_data();
    void errors();
    void unreadableFile();
    void environmentVariablesAsRasaExpandsThem();
    void unsetVariableIsAnError();
    void yamlAsPyYamlReadsIt();
};

void tst_Credentials::fullExample()
{
    const QByteArray yaml = R"(
rest:
  # no settings

callback:
  url: "http://localhost:5034/bot"
  headers:
    X-Api-Key: "abc"
  params:
    tenant: t1
  basic_auth:
    username: user
    password: pass
  token: secret
  token_name: auth

socketio:
  user_message_evt: user_says
  bot_message_evt: bot_says
  session_persistence: true
  socketio_path: /chat.io
  jwt_key: my_secret
  jwt_method: HS512
  metadata_key: customData
)";
    QString error;
    const auto c = Credentials::parse(yaml, QStringLiteral("credentials.yml"), &error);
    QVERIFY2(c, qPrintable(error));
    QVERIFY(c->rest.enabled);
    QVERIFY(c->callback.enabled);
    QCOMPARE(c->callback.url, QStringLiteral("http://localhost:5034/bot"));
    QCOMPARE(c->callback.headers.value(QStringLiteral("X-Api-Key")), QStringLiteral("abc"));
    QCOMPARE(c->callback.params.value(QStringLiteral("tenant")), QStringLiteral("t1"));
    QCOMPARE(c->callback.basicAuthUser, QStringLiteral("user"));
    QCOMPARE(c->callback.basicAuthPassword, QStringLiteral("pass"));
    QCOMPARE(c->callback.token, QStringLiteral("secret"));
    QCOMPARE(c->callback.tokenName, QStringLiteral("auth"));
    QVERIFY(c->socketio.enabled);
    QCOMPARE(c->socketio.userMessageEvt, QStringLiteral("user_says"));
    QCOMPARE(c->socketio.botMessageEvt, QStringLiteral("bot_says"));
    QVERIFY(c->socketio.sessionPersistence);
    QCOMPARE(c->socketio.socketioPath, QStringLiteral("/chat.io"));
    QCOMPARE(c->socketio.jwtKey, QStringLiteral("my_secret"));
    QCOMPARE(c->socketio.jwtMethod, QStringLiteral("HS512"));
    QCOMPARE(c->socketio.metadataKey, QStringLiteral("customData"));
}

void tst_Credentials::defaultsWithoutFile()
{
    const Credentials c = Credentials::defaults();
    QVERIFY(c.rest.enabled);
    QVERIFY(c.socketio.enabled);
    QVERIFY(!c.callback.enabled); // no url known
    QCOMPARE(c.socketio.userMessageEvt, QStringLiteral("user_uttered"));
    QCOMPARE(c.socketio.botMessageEvt, QStringLiteral("bot_uttered"));
    QCOMPARE(c.socketio.socketioPath, QStringLiteral("/socket.io"));
    QCOMPARE(c.socketio.jwtMethod, QStringLiteral("HS256"));
    QCOMPARE(c.socketio.metadataKey, QStringLiteral("metadata"));
    QVERIFY(!c.socketio.sessionPersistence);
    QVERIFY(Credentials::defaults(QStringLiteral("http://127.0.0.1:5055/")).callback.enabled);
}

void tst_Credentials::missingSectionMeansOff()
{
    QString error;
    const auto c = Credentials::parse("rest:\n", QStringLiteral("c.yml"), &error);
    QVERIFY(c);
    QVERIFY(c->rest.enabled);
    QVERIFY(!c->callback.enabled);
    QVERIFY(!c->socketio.enabled);
}

void tst_Credentials::placeholderBooleanIsTruthy()
{
    // The docs' sample "session_persistence: true/false" is a non-empty string, so Rasa reads true.
    QString error;
    const auto c =
        Credentials::parse("socketio:\n  session_persistence: true/false\n", QStringLiteral("c.yml"), &error);
    QVERIFY(c);
    QVERIFY(c->socketio.sessionPersistence);
    const auto off =
        Credentials::parse("socketio:\n  session_persistence: false\n", QStringLiteral("c.yml"), &error);
    QVERIFY(!off->socketio.sessionPersistence);
}

void tst_Credentials::errors_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QString>("error");
    QTest::newRow("callback without url")
        << QByteArray("rest:\ncallback:\n  headers: {}\n")
        << "c.yml:2: key 'callback.url' is required: the URL the bot's messages are POSTed to";
    QTest::newRow("callback url without scheme") << QByteArray("callback:\n  url: localhost:5034/bot\n")
                                                 << "c.yml:2: key 'callback.url' 'localhost:5034/bot' is not "
                                                    "an http(s) URL like http://localhost:5034/bot";
    QTest::newRow("empty callback") << QByteArray("rest:\ncallback:\n")
                                    << "c.yml:2: key 'callback' needs a mapping with at least 'url' (where "
                                       "the bot's messages are POSTed)";
    QTest::newRow("url is a list")
        << QByteArray("callback:\n  url:\n    - a\n")
        << "c.yml:3: key 'callback.url' must be a single value, not a list or a mapping";
    QTest::newRow("bad jwt method") << QByteArray("socketio:\n  jwt_key: k\n  jwt_method: none\n")
                                    << "c.yml:3: key 'socketio.jwt_method' 'none' is not supported (one of "
                                       "HS256, HS384, HS512, RS256, RS384, RS512)";
    QTest::newRow("top level is a list")
        << QByteArray("- rest\n")
        << "c.yml:1: key '(top level)' must be a mapping of channel names (rest, callback, socketio)";
    QTest::newRow("not yaml") << QByteArray("rest:\n  a: [\n")
                              << "c.yml:3: not valid YAML: did not find expected node content (while "
                                 "parsing a flow node that starts at line 3)";
}

void tst_Credentials::errors()
{
    QFETCH(QByteArray, yaml);
    QFETCH(QString, error);
    QString got;
    QVERIFY(!Credentials::parse(yaml, QStringLiteral("c.yml"), &got));
    QCOMPARE(got, error);
}

void tst_Credentials::unreadableFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("missing.yml"));
    QString error;
    QVERIFY(!Credentials::load(path, &error));
    QVERIFY2(error.startsWith(path + QStringLiteral(": cannot read")), qPrintable(error));
}

void tst_Credentials::environmentVariablesAsRasaExpandsThem()
{
    qputenv("RASACHAT_TEST_HOST", "127.0.0.1:5055");
    qputenv("RASACHAT_TEST_TOKEN", "s3cret");
    QString error;
    const auto c = Credentials::parse(R"(callback:
  url: http://${RASACHAT_TEST_HOST}/bot
  token: ${RASACHAT_TEST_TOKEN}
  headers:
    both: ${RASACHAT_TEST_TOKEN}-$RASACHAT_TEST_TOKEN
    quoted: "${RASACHAT_TEST_TOKEN}"
    dollar: pa$$word
)",
                                      QStringLiteral("c.yml"), &error);
    qunsetenv("RASACHAT_TEST_HOST");
    qunsetenv("RASACHAT_TEST_TOKEN");
    QVERIFY2(c, qPrintable(error));
    QCOMPARE(c->callback.url, QStringLiteral("http://127.0.0.1:5055/bot"));
    QCOMPARE(c->callback.token, QStringLiteral("s3cret"));
    // os.path.expandvars also takes $NAME once the value holds a ${NAME}.
    QCOMPARE(c->callback.headers.value(QStringLiteral("both")), QStringLiteral("s3cret-s3cret"));
    // Rasa's resolver sees plain scalars only: quoted, the text stays as written.
    QCOMPARE(c->callback.headers.value(QStringLiteral("quoted")), QStringLiteral("${RASACHAT_TEST_TOKEN}"));
    QCOMPARE(c->callback.headers.value(QStringLiteral("dollar")), QStringLiteral("pa$$word"));
}

void tst_Credentials::unsetVariableIsAnError()
{
    QString error;
    QVERIFY(!Credentials::parse("rest:\ncallback:\n  url: ${RASACHAT_TEST_UNSET}/bot\n",
                                QStringLiteral("c.yml"), &error));
    QCOMPARE(error, QStringLiteral("c.yml:3: environment variable 'RASACHAT_TEST_UNSET' is not set (in "
                                   "'${RASACHAT_TEST_UNSET}/bot'; export RASACHAT_TEST_UNSET or write the "
                                   "value itself)"));
}

void tst_Credentials::yamlAsPyYamlReadsIt()
{
    // Issue 13.3: yaml-cpp 0.7 accepted an unterminated quoted string; libyaml, as PyYAML, refuses it.
    QString error;
    QVERIFY(!Credentials::parse("socketio:\n  user_message_evt: \"user_uttered\nrest:\n",
                                QStringLiteral("c.yml"), &error));
    QCOMPARE(error,
             QStringLiteral("c.yml:2: not valid YAML: while scanning a quoted scalar: found unexpected "
                            "end of stream at line 4"));
}

QTEST_GUILESS_MAIN(tst_Credentials)
#include "tst_credentials.moc"
