#pragma once

#include "chatcommandline.h"

class QApplication;

namespace RasaChat {

// Opens rasa-chat's window for `options` (the language, the theme, the conversations store, a connection
// to options.url or to the built-in demo bot, --play and --screenshot) and runs the event loop; returns
// the exit code (2 when it cannot connect at all).
int runChatWindow(QApplication &app, const ChatOptions &options);

} // namespace RasaChat
