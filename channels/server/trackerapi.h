#pragma once

#include "../agent/trackerstore.h"

#include <QObject>

namespace rasachat {

class HttpServer;
struct HttpRequest;
class HttpResponder;

// The part of Rasa's HTTP API (`rasa run --enable-api`) that tests need, over the mock's own
// conversations: GET /conversations/{sender}/tracker and POST /conversations/{sender}/tracker/events.
// With an auth token, `?token=` must equal it; otherwise, as Rasa answers, 401 NotAuthenticated.
class TrackerApi : public QObject
{
    Q_OBJECT
public:
    TrackerApi(HttpServer *http, TrackerStore *store, const QString &authToken, QObject *parent = nullptr);

    // Rasa's requires_auth: true when the request may pass; otherwise answers 401 and returns false.
    static bool authorised(const HttpRequest &request, const QString &token, HttpResponder *responder);
    // Rasa's ErrorResponse body: {"version","status","message","reason","details","help","code"}.
    static QByteArray errorBody(int status, const QString &reason, const QString &message,
                                const QString &help = {});

private:
    void serve(const HttpRequest &request, HttpResponder *responder);

    TrackerStore *m_store;
    QString m_token;
};

} // namespace rasachat
