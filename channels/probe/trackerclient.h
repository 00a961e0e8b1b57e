#pragma once

#include "../client/httptrafficclient.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QUrl>
#include <optional>

namespace rasachat {

// Where Rasa's HTTP API is (rasa run --enable-api): rasa-probe test --api-url, --api-token.
struct ApiSettings
{
    QUrl url;
    QString token;
    TlsOptions tls = {}; // for an https:// url: the channel's --cacert / --insecure

    bool enabled() const { return !url.isEmpty(); }
};

// The events of the `userTurn`-th user message (1-based, counting the tracker's `user` events) up to the
// next one, once Rasa has logged the turn's end (`action_listen`); nullopt while it has not.
std::optional<QJsonArray> completedTurn(const QJsonObject &tracker, int userTurn);
// How many `user` events a tracker holds.
int userEvents(const QJsonObject &tracker);

// GET /conversations/{sender}/tracker and POST /conversations/{sender}/tracker/events, with `?token=`.
class TrackerClient : public QObject
{
    Q_OBJECT
public:
    // `error` is empty on success; otherwise a sentence (`…/tracker answered 401 Unauthorized: User is not
    // authenticated.`).
    using Done = std::function<void(const QJsonObject &tracker, const QString &error)>;

    TrackerClient(const ApiSettings &api, QObject *parent = nullptr);

    void tracker(const QString &sender, Done done);
    void appendEvents(const QString &sender, const QJsonArray &events, Done done);

private:
    QUrl endpoint(const QString &sender, const QString &tail) const;
    static void answer(const HttpTrafficClient::Result &r, const Done &done);

    ApiSettings m_api;
    HttpTrafficClient m_http;
};

} // namespace rasachat
