// A bot message from JSON, as the REST and callback clients read it and as rasa-mock's agents hand it to
// the channels: reading never fails or crashes; what is read writes back (in every JSON style) to JSON
// that reads as the same message; Rasa's Socket.IO output of it is valid JSON that a client can read.

#include "fuzzsupport.h"
#include "message/botmessage.h"
#include "rasa/socketiooutput.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace rasachat;

RASACHAT_FUZZ_TARGET(bot_message)
{
    const QByteArray input = FUZZ_BYTES;
    const QJsonDocument doc = QJsonDocument::fromJson(input);
    if (!doc.isObject())
        return 0;
    const BotMessage message = BotMessage::fromJson(doc.object());
    (void)message.kind();
    FUZZ_CHECK(BotMessage::fromJson(message.toJson()) == message, input);
    for (const JsonStyle style :
         {JsonStyle::Ujson, JsonStyle::Python, JsonStyle::PythonCompact, JsonStyle::Compact}) {
        const QByteArray wire = message.toWire(style);
        QJsonParseError error;
        const QJsonDocument back = QJsonDocument::fromJson(wire, &error);
        FUZZ_CHECK(back.isObject(), input + " -> " + wire + ": " + error.errorString().toUtf8());
        FUZZ_CHECK(BotMessage::fromJson(back.object()) == message, input + " -> " + wire);
    }
    for (const QByteArray &payload : socketIoOutput(message)) {
        // Any JSON value (a custom payload's "data" is sent as it is): read it as the client does.
        QJsonParseError error;
        const QJsonDocument sent = QJsonDocument::fromJson('[' + payload + ']', &error);
        FUZZ_CHECK(sent.isArray() && sent.array().size() == 1,
                   input + " -> " + payload + ": " + error.errorString().toUtf8());
        (void)botMessageFromSocketIo(sent.array().first()).kind();
    }
    return 0;
}
