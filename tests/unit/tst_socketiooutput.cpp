#include "rasa/socketiooutput.h"

#include <QJsonDocument>
#include <QTest>

using namespace rasachat;

// Rasa's SocketIOOutput shapes (docs/rasa-channels.md 3.6/3.7), as python-socketio writes them.
class tst_SocketIoOutput : public QObject
{
    Q_OBJECT
private slots:
    void shapes_data();
    void shapes();
};

void tst_SocketIoOutput::shapes_data()
{
    QTest::addColumn<QByteArray>("response");
    QTest::addColumn<QByteArrayList>("payloads");
    QTest::newRow("text") << QByteArray(R"({"text":"Hello!"})") << QByteArrayList{R"({"text":"Hello!"})"};
    QTest::newRow("text split") << QByteArray(R"({"text":"a\n\nb"})")
                                << QByteArrayList{R"({"text":"a"})", R"({"text":"b"})"};
    QTest::newRow("buttons on the last part")
        << QByteArray(
               R"({"text":"Line1\n\nLine2","buttons":[{"title":"Yes","payload":"/affirm","type":"postback"}]})")
        << QByteArrayList{
               R"({"text":"Line1","quick_replies":[]})",
               R"({"text":"Line2","quick_replies":[{"content_type":"text","title":"Yes","payload":"/affirm"}]})"};
    QTest::newRow("quick replies")
        << QByteArray(R"({"text":"Choose:","quick_replies":[{"title":"No","payload":"/deny"}]})")
        << QByteArrayList{
               R"({"text":"Choose:","quick_replies":[{"content_type":"text","title":"No","payload":"/deny"}]})"};
    QTest::newRow("image")
        << QByteArray(R"({"image":"https://example.com/cat.png"})")
        << QByteArrayList{
               R"({"attachment":{"type":"image","payload":{"src":"https://example.com/cat.png"}}})"};
    QTest::newRow("attachment as given")
        << QByteArray(R"({"attachment":{"payload":{"src":"v"},"type":"video"}})")
        << QByteArrayList{R"({"attachment":{"payload":{"src":"v"},"type":"video"}})"};
    QTest::newRow("one event per element")
        << QByteArray(
               R"({"elements":[{"title":"A","subtitle":"B","image_url":"https://x/a.png","buttons":[{"title":"Buy","payload":"/buy","type":"postback"}]},{"title":"C","subtitle":"D"}]})")
        << QByteArrayList{
               R"({"attachment":{"type":"template","payload":{"template_type":"generic","elements":{"title":"A","subtitle":"B","image_url":"https://x/a.png","buttons":[{"title":"Buy","payload":"/buy","type":"postback"}]}}}})",
               R"({"attachment":{"type":"template","payload":{"template_type":"generic","elements":{"title":"C","subtitle":"D","buttons":[]}}}})"};
    QTest::newRow("custom data") << QByteArray(R"({"custom":{"data":[1,"x"]}})")
                                 << QByteArrayList{R"([1,"x"])"};
    QTest::newRow("custom whole (Rasa Pro)")
        << QByteArray(R"({"custom":{"type":"map"}})") << QByteArrayList{R"({"type":"map"})"};
    QTest::newRow("order") << QByteArray(R"({"image":"i","custom":{"data":1},"text":"t"})")
                           << QByteArrayList{R"({"text":"t"})", "1",
                                             R"({"attachment":{"type":"image","payload":{"src":"i"}}})"};
    QTest::newRow("non-ascii escaped as python does")
        << QByteArray(R"({"text":"Grüße"})") << QByteArrayList{R"({"text":"Gr\u00fc\u00dfe"})"};
}

void tst_SocketIoOutput::shapes()
{
    QFETCH(QByteArray, response);
    QFETCH(QByteArrayList, payloads);
    QCOMPARE(socketIoOutput(BotMessage::fromJson(QJsonDocument::fromJson(response).object())), payloads);
}

QTEST_GUILESS_MAIN(tst_SocketIoOutput)
#include "tst_socketiooutput.moc"
