#pragma once

#include "../http/httprequest.h"
#include "../http/httpresponse.h"
#include "../message/usermessage.h"

#include <variant>

namespace rasachat {

// Reads the JSON body of POST /webhooks/{rest,callback}/webhook into a UserMessage, or returns the
// 400 answer that says what is wrong with it. Rasa itself answers a broken body with 400 or 500 and a
// missing `message` with an empty 200; we say what is wrong, so a client that works against the mock
// also works against Rasa.
std::variant<UserMessage, HttpResponse> readWebhookBody(const HttpRequest &request);

} // namespace rasachat
