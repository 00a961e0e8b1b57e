#include "engineio/eiopacket.h"

#include <QTest>
#include <type_traits>

using namespace rasachat;

// Engine.IO v4 packets and payloads, with the examples of docs/socketio.md part 1.
class tst_EioPacket : public QObject
{
    Q_OBJECT
private slots:
    void roundTrip_data();
    void roundTrip();
    void malformed_data();
    void malformed();
    void payload();
    void payloadLimits();
};

void tst_EioPacket::roundTrip_data()
{
    QTest::addColumn<EioPacket>("packet");
    QTest::addColumn<QByteArray>("wire");
    QTest::newRow("message") << EioPacket::text(EioType::Message, "hello") << QByteArray("4hello");
    QTest::newRow("ping") << EioPacket::text(EioType::Ping) << QByteArray("2");
    QTest::newRow("pong") << EioPacket::text(EioType::Pong) << QByteArray("3");
    QTest::newRow("probe") << EioPacket::text(EioType::Ping, "probe") << QByteArray("2probe");
    QTest::newRow("probe answer") << EioPacket::text(EioType::Pong, "probe") << QByteArray("3probe");
    QTest::newRow("upgrade") << EioPacket::text(EioType::Upgrade) << QByteArray("5");
    QTest::newRow("noop") << EioPacket::text(EioType::Noop) << QByteArray("6");
    QTest::newRow("close") << EioPacket::text(EioType::Close) << QByteArray("1");
    QTest::newRow("sio event") << EioPacket::text(EioType::Message, R"(2["chat","hi"])")
                               << QByteArray(R"(42["chat","hi"])");
    QTest::newRow("binary in a payload")
        << EioPacket::bytes(QByteArray("\x01\x02\x03\x04", 4)) << QByteArray("bAQIDBA==");
    QTest::newRow("utf-8 text") << EioPacket::text(EioType::Message, QStringLiteral("4é").toUtf8())
                                << QStringLiteral("44é").toUtf8();
}

void tst_EioPacket::roundTrip()
{
    QFETCH(EioPacket, packet);
    QFETCH(QByteArray, wire);
    QCOMPARE(encodeEioPacket(packet), wire);
    EioDecodeError error;
    const auto decoded = decodeEioPacket(wire, &error);
    QVERIFY2(decoded, qPrintable(error.message));
    QCOMPARE(*decoded, packet);
}

void tst_EioPacket::malformed_data()
{
    QTest::addColumn<QByteArray>("wire");
    QTest::addColumn<QString>("error");
    QTest::newRow("empty") << QByteArray() << "empty packet";
    QTest::newRow("type 7") << QByteArray("7x") << "unknown packet type '7'";
    QTest::newRow("letter") << QByteArray("xyz") << "unknown packet type 'x'";
    QTest::newRow("bad base64") << QByteArray("b!!!") << "binary packet with invalid base64";
}

void tst_EioPacket::malformed()
{
    QFETCH(QByteArray, wire);
    QFETCH(QString, error);
    EioDecodeError got;
    QVERIFY(!decodeEioPacket(wire, &got));
    QCOMPARE(got.message, error);
}

void tst_EioPacket::payload()
{
    const QList<EioPacket> packets = {EioPacket::text(EioType::Ping),
                                      EioPacket::text(EioType::Message, R"(2["chat","hi"])"),
                                      EioPacket::bytes(QByteArray("\x01\x02\x03\x04", 4))};
    const QByteArray wire = "2\x1e"
                            R"(42["chat","hi"])"
                            "\x1e"
                            "bAQIDBA==";
    QCOMPARE(encodeEioPayload(packets), wire);
    EioDecodeError error;
    QCOMPARE(decodeEioPayload(wire, &error).value(), packets);
    QCOMPARE(decodeEioPayload("", &error).value().size(), 0);
    QCOMPARE(decodeEioPayload("4a", &error).value(),
             QList<EioPacket>{EioPacket::text(EioType::Message, "a")});
    QVERIFY(!decodeEioPayload("4a\x1e", &error)); // no trailing separator
    QCOMPARE(error.message, QStringLiteral("empty packet"));
}

void tst_EioPacket::payloadLimits()
{
    QByteArray sixteen, seventeen;
    for (int i = 0; i < 17; ++i) {
        (i ? seventeen += "\x1e" : seventeen) += "3";
        if (i < 16)
            (i ? sixteen += "\x1e" : sixteen) += "3";
    }
    EioDecodeError error;
    QCOMPARE(decodeEioPayload(sixteen, &error).value().size(), 16);
    QVERIFY(!decodeEioPayload(seventeen, &error));
    QCOMPARE(error.message, QStringLiteral("more than 16 packets in one payload"));

    QByteArray many = "3";
    for (int i = 1; i < 5000; ++i)
        many += "\x1e"
                "3";
    QCOMPARE(decodeEioPayload(many, &error, EioPayloadLimits{EioPacketCount::Unlimited}).value().size(),
             5000);
}

// The packet limit is a count of its own type: a byte limit such as maxPayload cannot be given for it.
static_assert(!std::is_constructible_v<EioPayloadLimits, int>);
static_assert(!std::is_convertible_v<int, EioPacketCount>);

QTEST_GUILESS_MAIN(tst_EioPacket)
#include "tst_eiopacket.moc"
