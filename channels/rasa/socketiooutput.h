#pragma once

#include "../message/botmessage.h"

#include <QByteArrayList>

namespace rasachat {

// Turns one domain response into the payloads of Rasa's SocketIOOutput (docs/rasa-channels.md 3.6 and
// 3.7), each the JSON of one `bot_message_evt` event, in python-socketio's bytes, in Rasa's order
// (0.3): quick replies / buttons / text, custom, image, attachment, elements.
//   text             -> stripped, split on "\n\n": {"text": part} each
//   buttons/quick    -> split the same way: {"text": part, "quick_replies": []}, the last part carrying
//                       [{"content_type":"text","title":...,"payload":...}, ...]
//   image            -> {"attachment":{"type":"image","payload":{"src":url}}}
//   attachment       -> {"attachment": <as given>}
//   elements         -> per element {"attachment":{"type":"template","payload":{"template_type":"generic",
//                       "elements":<that one element>}}}
//   custom           -> {"data": X} sends X; any other dict is sent whole (Rasa Pro; 3.6 OSS would raise
//                       and send nothing, which leaves custom payloads unusable)
QByteArrayList socketIoOutput(const BotMessage &response);

} // namespace rasachat

namespace rasachat {

// The other way round, for clients: one `bot_message_evt` payload as a BotMessage that a UI can render.
// {"text"} -> text; {"text","quick_replies"} -> quick replies; an image attachment -> image; a generic
// template -> carousel elements (one object or a list); any other attachment -> attachment; anything
// else is a custom payload.
BotMessage botMessageFromSocketIo(const QJsonValue &payload);

} // namespace rasachat
