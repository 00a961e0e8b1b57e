#include "socketio/siopacket.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace rasachat;

// Socket.IO v5 packets, with every example of docs/socketio.md 2.2, byte for byte.
class tst_SioPacket : public QObject
{
    Q_OBJECT
private slots:
    void roundTrip_data();
    void roundTrip();
    void malformed_data();
    void malformed();
    void binaryAssembly();
    void binaryArgumentsRoundTrip();
    void placeholderOutOfRange();
};

void tst_SioPacket::roundTrip_data()
{
    QTest::addColumn<int>("type");
    QTest::addColumn<QString>("nsp");
    QTest::addColumn<qlonglong>("id"); // -1: none
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<int>("attachments");
    QTest::addColumn<QByteArray>("wire");
    auto row = [](const char *name, SioType t, const char *nsp, qlonglong id, const char *json, int att,
                  const char *wire) {
        QTest::newRow(name) << int(t) << QString::fromLatin1(nsp) << id << QByteArray(json) << att
                            << QByteArray(wire);
    };
    row("connect /", SioType::Connect, "/", -1, "", 0, "0");
    row("connect with auth", SioType::Connect, "/", -1, R"({"token":"abc"})", 0, R"(0{"token":"abc"})");
    row("connect /admin with auth", SioType::Connect, "/admin", -1, R"({"token":"abc"})", 0,
        R"(0/admin,{"token":"abc"})");
    row("connect /admin", SioType::Connect, "/admin", -1, "", 0, "0/admin,");
    row("accept", SioType::Connect, "/", -1, R"({"sid":"oSO0OpakMV_3jnilAAAA"})", 0,
        R"(0{"sid":"oSO0OpakMV_3jnilAAAA"})");
    row("refuse", SioType::ConnectError, "/", -1, R"({"message":"Not authorized"})", 0,
        R"(4{"message":"Not authorized"})");
    row("refuse with data", SioType::ConnectError, "/", -1,
        R"({"message":"Not authorized","data":{"reason":"token expired"}})", 0,
        R"(4{"message":"Not authorized","data":{"reason":"token expired"}})");
    row("python string refusal", SioType::ConnectError, "/admin", -1, R"("Unable to connect")", 0,
        R"(4/admin,"Unable to connect")");
    row("event", SioType::Event, "/", -1, R"(["chat","hello"])", 0, R"(2["chat","hello"])");
    row("event /admin", SioType::Event, "/admin", -1, R"(["chat","hello"])", 0,
        R"(2/admin,["chat","hello"])");
    row("event with ack 12", SioType::Event, "/", 12, R"(["chat","hello"])", 0, R"(212["chat","hello"])");
    row("event /admin ack 12", SioType::Event, "/admin", 12, R"(["chat","hello"])", 0,
        R"(2/admin,12["chat","hello"])");
    row("ack", SioType::Ack, "/", 12, R"(["ok"])", 0, R"(312["ok"])");
    row("ack /admin", SioType::Ack, "/admin", 12, R"(["ok"])", 0, R"(3/admin,12["ok"])");
    row("ack no args", SioType::Ack, "/", 12, "[]", 0, "312[]");
    row("disconnect", SioType::Disconnect, "/", -1, "", 0, "1");
    row("disconnect /admin", SioType::Disconnect, "/admin", -1, "", 0, "1/admin,");
    row("binary event", SioType::BinaryEvent, "/", -1, R"(["upload",{"_placeholder":true,"num":0}])", 1,
        R"(51-["upload",{"_placeholder":true,"num":0}])");
    row("binary ack", SioType::BinaryAck, "/", 12, R"([{"_placeholder":true,"num":0}])", 1,
        R"(61-12[{"_placeholder":true,"num":0}])");
}

void tst_SioPacket::roundTrip()
{
    QFETCH(int, type);
    QFETCH(QString, nsp);
    QFETCH(qlonglong, id);
    QFETCH(QByteArray, json);
    QFETCH(int, attachments);
    QFETCH(QByteArray, wire);
    SioPacket p =
        SioPacket::make(SioType(type), nsp, json, id < 0 ? std::nullopt : std::optional<quint64>(id));
    p.attachments = attachments;
    QCOMPARE(encodeSioPacket(p), wire);
    SioDecodeError error;
    const auto d = decodeSioPacket(wire, &error);
    QVERIFY2(d, qPrintable(error.message));
    QCOMPARE(int(d->type), type);
    QCOMPARE(d->nsp, nsp);
    QCOMPARE(d->id.has_value(), id >= 0);
    if (id >= 0)
        QCOMPARE(qlonglong(*d->id), id);
    QCOMPARE(d->json, json);
    QCOMPARE(d->data.isUndefined(), json.isEmpty());
    QCOMPARE(d->attachments, attachments);
}

void tst_SioPacket::malformed_data()
{
    QTest::addColumn<QByteArray>("wire");
    QTest::addColumn<QString>("error");
    QTest::newRow("empty") << QByteArray() << "empty packet";
    QTest::newRow("type 9") << QByteArray("9") << "unknown packet type '9'";
    QTest::newRow("bad json") << QByteArray(R"(2["chat",)") << "invalid JSON payload";
    QTest::newRow("connect with a list") << QByteArray("0[1]") << "CONNECT payload must be an object";
    QTest::newRow("connect with a string") << QByteArray(R"(0"x")") << "CONNECT payload must be an object";
    QTest::newRow("event not a list")
        << QByteArray(R"(2{"a":1})") << "EVENT payload must be a list starting with the event name";
    QTest::newRow("event empty list")
        << QByteArray("2[]") << "EVENT payload must be a list starting with the event name";
    QTest::newRow("event name an object")
        << QByteArray(R"(2[{}])") << "EVENT payload must be a list starting with the event name";
    QTest::newRow("reserved name") << QByteArray(R"(2["disconnect"])")
                                   << "'disconnect' is a reserved event name";
    QTest::newRow("ack not a list") << QByteArray(R"(31{"a":1})") << "ACK payload must be a list";
    QTest::newRow("disconnect with payload") << QByteArray(R"(1{"a":1})") << "DISCONNECT carries no payload";
    QTest::newRow("binary without count")
        << QByteArray(R"(5["a"])") << "binary packet without attachment count";
    QTest::newRow("too many attachments") << QByteArray(R"(512345678901-["a"])") << "too many attachments";
    QTest::newRow("id too long") << QByteArray(R"(21234567890123456789["a"])") << "id field is too long";
}

void tst_SioPacket::malformed()
{
    QFETCH(QByteArray, wire);
    QFETCH(QString, error);
    SioDecodeError got;
    QVERIFY(!decodeSioPacket(wire, &got));
    QCOMPARE(got.message, error);
}

void tst_SioPacket::binaryAssembly()
{
    SioDecodeError error;
    auto p = decodeSioPacket(R"(52-["upload",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}])",
                             &error);
    QVERIFY(p);
    SioBinaryAssembler a;
    QVERIFY(!a.start(*p));
    QCOMPARE(a.state(), SioBinaryAssembler::State::Collecting);
    QVERIFY(!a.add("first"));
    const auto done = a.add("second");
    QVERIFY(done);
    QCOMPARE(done->buffers, QList<QByteArray>({"first", "second"}));
    QCOMPARE(a.state(), SioBinaryAssembler::State::Idle);
    QVERIFY(!a.add("stray")); // nothing to attach it to
}

// An application sees the bytes where the placeholders stood, and what it sends with bytes in it goes out
// as placeholders numbered depth first, with the attachments in that order.
void tst_SioPacket::binaryArgumentsRoundTrip()
{
    SioDecodeError error;
    auto p = decodeSioPacket(
        R"(52-["upload",{"_placeholder":true,"num":0},{"name":"a.bin","data":{"_placeholder":true,"num":1}},7])",
        &error);
    QVERIFY(p);
    SioBinaryAssembler a;
    QVERIFY(!a.start(*p));
    QVERIFY(!a.add(QByteArray("\x01\x02\x03", 3)));
    const auto done = a.add(QByteArray("\x04\x00\x06", 3));
    QVERIFY(done);

    const auto args = sioReconstruct(done->data, done->buffers);
    QVERIFY(args);
    const QVariantList list = args->toList();
    QCOMPARE(list.size(), 4);
    QCOMPARE(list.at(0).toString(), QStringLiteral("upload"));
    QCOMPARE(list.at(1).metaType().id(), int(QMetaType::QByteArray));
    QCOMPARE(list.at(1).toByteArray(), QByteArray("\x01\x02\x03", 3));
    QCOMPARE(list.at(2).toMap().value(QStringLiteral("data")).toByteArray(), QByteArray("\x04\x00\x06", 3));
    QCOMPARE(list.at(3).toInt(), 7);

    QList<QByteArray> attachments;
    const QJsonValue back = sioDeconstruct(*args, &attachments);
    QCOMPARE(back, done->data);
    QCOMPARE(attachments, done->buffers);
}

void tst_SioPacket::placeholderOutOfRange()
{
    const QJsonArray args{QStringLiteral("upload"),
                          QJsonObject{{QStringLiteral("_placeholder"), true}, {QStringLiteral("num"), 1}}};
    QVERIFY(!sioReconstruct(args, {QByteArray("only one")}));
    QVERIFY(sioReconstruct(args, {QByteArray("a"), QByteArray("b")}));
    // Look-alikes are data, not placeholders.
    QVERIFY(!sioPlaceholderIndex(
        QJsonObject{{QStringLiteral("_placeholder"), QStringLiteral("true")}, {QStringLiteral("num"), 0}}));
    QVERIFY(!sioPlaceholderIndex(
        QJsonObject{{QStringLiteral("_placeholder"), true}, {QStringLiteral("num"), -1}}));
}

QTEST_GUILESS_MAIN(tst_SioPacket)
#include "tst_siopacket.moc"
