#include "trackerclient.h"

#include <QJsonDocument>

namespace rasachat {

std::optional<QJsonArray> completedTurn(const QJsonObject &tracker, int userTurn)
{
    const QJsonArray events = tracker.value(u"events").toArray();
    int users = 0;
    qsizetype from = -1, to = events.size();
    for (qsizetype i = 0; i < events.size(); ++i) {
        if (events[i].toObject().value(u"event").toString() != u"user")
            continue;
        ++users;
        if (users == userTurn) {
            from = i;
        } else if (from >= 0) {
            to = i;
            break;
        }
    }
    if (from < 0)
        return std::nullopt;
    bool listening = false;
    QJsonArray turn;
    for (qsizetype i = from + 1; i < to; ++i) {
        const QJsonObject e = events[i].toObject();
        turn.append(e);
        listening = listening || (e.value(u"event").toString() == u"action" &&
                                  e.value(u"name").toString() == u"action_listen");
    }
    if (!listening)
        return std::nullopt;
    return turn;
}

int userEvents(const QJsonObject &tracker)
{
    int n = 0;
    for (const QJsonValue &e : tracker.value(u"events").toArray())
        n += e.toObject().value(u"event").toString() == u"user";
    return n;
}

TrackerClient::TrackerClient(const ApiSettings &api, QObject *parent)
    : QObject(parent), m_api(api), m_http(QStringLiteral("api"))
{
    m_http.setTimeoutMs(10'000);
    m_http.setTls(api.tls);
}

QUrl TrackerClient::endpoint(const QString &sender, const QString &tail) const
{
    QUrl u = m_api.url;
    QString path = u.path();
    while (path.endsWith(u'/'))
        path.chop(1);
    u.setPath(path + QStringLiteral("/conversations/") + sender + tail);
    if (!m_api.token.isEmpty())
        u.setQuery(QStringLiteral("token=") + QString::fromLatin1(QUrl::toPercentEncoding(m_api.token)),
                   QUrl::StrictMode);
    return u;
}

void TrackerClient::answer(const HttpTrafficClient::Result &r, const Done &done)
{
    if (!r.error.isEmpty())
        return done({}, QStringLiteral("Rasa's HTTP API: ") + r.error);
    const QJsonDocument doc = QJsonDocument::fromJson(r.body);
    if (!doc.isObject())
        return done({}, QStringLiteral("Rasa's HTTP API answered something that is not a tracker"));
    done(doc.object(), {});
}

void TrackerClient::tracker(const QString &sender, Done done)
{
    m_http.get(endpoint(sender, QStringLiteral("/tracker")),
               [done = std::move(done)](const HttpTrafficClient::Result &r) { answer(r, done); });
}

void TrackerClient::appendEvents(const QString &sender, const QJsonArray &events, Done done)
{
    m_http.postJson(endpoint(sender, QStringLiteral("/tracker/events")),
                    QJsonDocument(events).toJson(QJsonDocument::Compact),
                    [done = std::move(done)](const HttpTrafficClient::Result &r) { answer(r, done); });
}

} // namespace rasachat
