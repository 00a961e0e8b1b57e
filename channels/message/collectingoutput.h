#pragma once

#include "botmessage.h"

#include <QList>

namespace rasachat {

// Turns one domain response into the wire messages of Rasa's CollectingOutputChannel, which the REST
// and callback channels share (docs/rasa-channels.md 0.3 and 1.6):
//   1. quick_replies, else buttons -> one {recipient_id, text, buttons} (quick replies travel as "buttons");
//      else text -> stripped, split on every "\n\n", one {recipient_id, text} per part;
//   2. custom -> {recipient_id, custom};  3. image -> {recipient_id, image};
//   4. attachment -> {recipient_id, attachment};
//   5. elements -> per element {recipient_id, text: "<title> : <subtitle>", buttons: <its buttons or []>}.
// Each step is skipped when its value is missing or empty in Python's sense.
QList<BotMessage> collectingOutput(const QString &recipientId, const BotMessage &response);

QList<BotMessage> collectingOutput(const QString &recipientId, const QList<BotMessage> &responses);

} // namespace rasachat
