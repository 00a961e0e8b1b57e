#include "message/usermessage.h"

#include <QJsonDocument>
#include <QTest>

using namespace rasachat;

class tst_UserMessage : public QObject
{
    Q_OBJECT
private slots:
    void fromWebhook_data();
    void fromWebhook();
    void toWebhook();
};

void tst_UserMessage::fromWebhook_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("sender"); // empty: refused
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("error");

    QTest::newRow("plain") << QByteArray(R"({"sender":"alice","message":"hi"})") << "alice"
                           << "hi"
                           << "";
    QTest::newRow("no sender is default") << QByteArray(R"({"message":"hi"})") << "default"
                                          << "hi"
                                          << "";
    QTest::newRow("null sender is default") << QByteArray(R"({"sender":null,"message":"hi"})") << "default"
                                            << "hi"
                                            << "";
    QTest::newRow("numeric sender is its string") << QByteArray(R"({"sender":42,"message":"hi"})") << "42"
                                                  << "hi"
                                                  << "";
    QTest::newRow("bool sender as Python prints it")
        << QByteArray(R"({"sender":true,"message":"hi"})") << "True"
        << "hi"
        << "";
    QTest::newRow("text is stripped") << QByteArray(R"({"sender":"a","message":"  hi \n"})") << "a"
                                      << "hi"
                                      << "";
    QTest::newRow("object sender") << QByteArray(R"({"sender":{},"message":"hi"})") << ""
                                   << ""
                                   << "'sender' must be a string or a number";
    QTest::newRow("no message") << QByteArray(R"({"sender":"a"})") << ""
                                << ""
                                << "the body has no 'message' (the user's text)";
    QTest::newRow("null message") << QByteArray(R"({"sender":"a","message":null})") << ""
                                  << ""
                                  << "the body has no 'message' (the user's text)";
    QTest::newRow("numeric message") << QByteArray(R"({"sender":"a","message":5})") << ""
                                     << ""
                                     << "'message' must be a string";
}

void tst_UserMessage::fromWebhook()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, sender);
    QFETCH(QString, text);
    QFETCH(QString, error);
    QString reason;
    const auto m = UserMessage::fromWebhookJson(QJsonDocument::fromJson(body).object(), &reason);
    QCOMPARE(m.has_value(), error.isEmpty());
    QCOMPARE(reason, error);
    if (m) {
        QCOMPARE(m->senderId, sender);
        QCOMPARE(m->text, text);
    }
}

void tst_UserMessage::toWebhook()
{
    UserMessage m;
    m.senderId = QStringLiteral("bob");
    m.text = QStringLiteral("/meta");
    QCOMPARE(QJsonDocument(m.toWebhookJson()).toJson(QJsonDocument::Compact),
             QByteArray(R"({"message":"/meta","sender":"bob"})"));
    m.metadata = QJsonObject{{QStringLiteral("lang"), QStringLiteral("de")}};
    QString error;
    const auto back = UserMessage::fromWebhookJson(m.toWebhookJson(), &error);
    QVERIFY(back);
    QCOMPARE(back->metadata, m.metadata);
}

QTEST_GUILESS_MAIN(tst_UserMessage)
#include "tst_usermessage.moc"
