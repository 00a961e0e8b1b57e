#pragma once

#include "chatchannel.h"

#include <QNetworkAccessManager>
#include <QObject>
#include <QUrl>
#include <functional>

namespace rasachat {

// The HTTP side of the REST and callback clients: GET and POST with every request and response
// reported as a WireRecord, and the outcome handed to a callback as status, body and a readable error.
class HttpTrafficClient : public QObject
{
    Q_OBJECT
public:
    struct Result
    {
        int status = 0; // 0: no HTTP answer at all
        QByteArray body;
        QString error; // empty on a 2xx answer; otherwise a sentence for the user
    };
    using Done = std::function<void(const Result &)>;

    HttpTrafficClient(const QString &channel, QObject *parent = nullptr);

    void get(const QUrl &url, Done done);
    void postJson(const QUrl &url, const QByteArray &json, Done done);
    // Drops every request in flight without calling their callbacks.
    void abortAll();

    void setTimeoutMs(int ms) { m_timeoutMs = ms; }

signals:
    void traffic(const rasachat::WireRecord &record);

private:
    void start(QNetworkReply *reply, const QUrl &url, Done done);
    void record(WireRecord::Direction direction, const QString &summary, const QByteArray &payload);

    QString m_channel;
    QNetworkAccessManager m_nam;
    int m_timeoutMs = 0;
};

// The `message` of our JSON error bodies (and of Rasa's), or the body itself, shortened.
QString errorTextFromBody(const QByteArray &body);

} // namespace rasachat
