#include "message/jsonwriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace rasachat;

class tst_JsonWriter : public QObject
{
    Q_OBJECT
private slots:
    void dialects_data();
    void dialects();
    void keepsGivenKeyOrder();
    void numbers_data();
    void numbers();
    void integersKeepEveryDigit();
};

void tst_JsonWriter::dialects_data()
{
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QByteArray>("ujson");
    QTest::addColumn<QByteArray>("python");
    QTest::addColumn<QByteArray>("compact");

    const QJsonObject url{{QStringLiteral("image"), QStringLiteral("https://x/a.png")}};
    QTest::newRow("slash") << QJsonValue(url) << QByteArray(R"({"image":"https:\/\/x\/a.png"})")
                           << QByteArray(R"({"image": "https://x/a.png"})")
                           << QByteArray(R"({"image":"https://x/a.png"})");
    QTest::newRow("non-ascii") << QJsonValue(QStringLiteral("Grüße €"))
                               << QByteArray(R"("Gr\u00fc\u00dfe \u20ac")")
                               << QByteArray(R"("Gr\u00fc\u00dfe \u20ac")")
                               << QStringLiteral("\"Grüße €\"").toUtf8();
    QTest::newRow("emoji is a surrogate pair")
        << QJsonValue(QStringLiteral("\U0001F600")) << QByteArray(R"("\ud83d\ude00")")
        << QByteArray(R"("\ud83d\ude00")") << QStringLiteral("\"\U0001F600\"").toUtf8();
    QTest::newRow("controls") << QJsonValue(QStringLiteral("a\n\"b\"\t\\\x01"))
                              << QByteArray(R"("a\n\"b\"\t\\\u0001")")
                              << QByteArray(R"("a\n\"b\"\t\\\u0001")")
                              << QByteArray(R"("a\n\"b\"\t\\\u0001")");
    const QJsonArray list{1, true, QJsonValue::Null, QStringLiteral("x")};
    QTest::newRow("array") << QJsonValue(list) << QByteArray(R"([1,true,null,"x"])")
                           << QByteArray(R"([1, true, null, "x"])") << QByteArray(R"([1,true,null,"x"])");
    QTest::newRow("empty containers")
        << QJsonValue(QJsonObject{{QStringLiteral("a"), QJsonArray()}, {QStringLiteral("b"), QJsonObject()}})
        << QByteArray(R"({"a":[],"b":{}})") << QByteArray(R"({"a": [], "b": {}})")
        << QByteArray(R"({"a":[],"b":{}})");
}

void tst_JsonWriter::dialects()
{
    QFETCH(QJsonValue, value);
    QFETCH(QByteArray, ujson);
    QFETCH(QByteArray, python);
    QFETCH(QByteArray, compact);
    QCOMPARE(JsonWriter::encode(value, JsonStyle::Ujson), ujson);
    QCOMPARE(JsonWriter::encode(value, JsonStyle::Python), python);
    QCOMPARE(JsonWriter::encode(value, JsonStyle::Compact), compact);
}

void tst_JsonWriter::keepsGivenKeyOrder()
{
    JsonWriter w(JsonStyle::Python);
    w.beginObject();
    w.key(u"recipient_id").value(QStringLiteral("u1"));
    w.key(u"text").value(QStringLiteral("Hi"));
    w.key(u"buttons").beginArray().endArray();
    w.endObject();
    QCOMPARE(w.data(), QByteArray(R"({"recipient_id": "u1", "text": "Hi", "buttons": []})"));
}

void tst_JsonWriter::numbers_data()
{
    QTest::addColumn<double>("number");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("integral") << 42.0 << QByteArray("42");
    QTest::newRow("negative") << -7.0 << QByteArray("-7");
    QTest::newRow("fraction") << 52.5 << QByteArray("52.5");
    QTest::newRow("shortest repr") << 0.1 << QByteArray("0.1");
    QTest::newRow("big integral") << 1e300 << QByteArray("1e+300");
}

void tst_JsonWriter::numbers()
{
    QFETCH(double, number);
    QFETCH(QByteArray, expected);
    QCOMPARE(JsonWriter::encode(number, JsonStyle::Python), expected);
}

void tst_JsonWriter::integersKeepEveryDigit()
{
    // An integer read from JSON beyond 2^53 is written back digit for digit, as Python's json would
    // (found by fuzz_bot_message: a custom payload's id came back rounded).
    const QByteArray wire = R"({"id":7777777777777777770,"min":-9223372036854775807,"f":7.5})";
    QCOMPARE(JsonWriter::encode(QJsonDocument::fromJson(wire).object(), JsonStyle::Compact),
             QByteArray(R"({"f":7.5,"id":7777777777777777770,"min":-9223372036854775807})"));
}

QTEST_GUILESS_MAIN(tst_JsonWriter)
#include "tst_jsonwriter.moc"
