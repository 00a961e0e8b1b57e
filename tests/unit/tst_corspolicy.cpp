#include "http/corspolicy.h"

#include <QTest>

using namespace rasachat;

class tst_CorsPolicy : public QObject
{
    Q_OBJECT
private slots:
    void wildcardEchoesOrigin();
    void listedOriginsOnly();
    void noOriginNoHeaders();
    void preflight();
    void off();
};

static HttpRequest request(const QByteArray &method, const HttpHeaders &headers)
{
    HttpRequest r;
    r.method = method;
    r.path = QStringLiteral("/webhooks/rest/webhook");
    r.headers = headers;
    return r;
}

void tst_CorsPolicy::wildcardEchoesOrigin()
{
    const CorsPolicy cors({QStringLiteral("*")});
    HttpResponse r;
    cors.decorate(request("POST", {{"origin", "http://localhost:3000"}}), r);
    QCOMPARE(r.header("Access-Control-Allow-Origin"), QByteArray("http://localhost:3000"));
    QCOMPARE(r.header("Vary"), QByteArray("Origin"));
}

void tst_CorsPolicy::listedOriginsOnly()
{
    const CorsPolicy cors({QStringLiteral("https://shop.example")});
    HttpResponse allowed, refused;
    cors.decorate(request("POST", {{"origin", "https://shop.example"}}), allowed);
    cors.decorate(request("POST", {{"origin", "https://evil.example"}}), refused);
    QCOMPARE(allowed.header("Access-Control-Allow-Origin"), QByteArray("https://shop.example"));
    QVERIFY(refused.headers.isEmpty());
}

void tst_CorsPolicy::noOriginNoHeaders()
{
    HttpResponse r;
    CorsPolicy({QStringLiteral("*")}).decorate(request("GET", {}), r);
    QVERIFY(r.headers.isEmpty());
}

void tst_CorsPolicy::preflight()
{
    const HttpRequest pre = request("OPTIONS", {{"origin", "http://localhost:3000"},
                                                {"access-control-request-method", "POST"},
                                                {"access-control-request-headers", "content-type,x-token"}});
    QVERIFY(CorsPolicy::isPreflight(pre));
    QVERIFY(!CorsPolicy::isPreflight(request("OPTIONS", {{"origin", "http://a"}})));
    const HttpResponse r = CorsPolicy({QStringLiteral("*")}).preflight(pre);
    QCOMPARE(r.status, 204);
    QCOMPARE(r.header("Access-Control-Allow-Origin"), QByteArray("http://localhost:3000"));
    QCOMPARE(r.header("Access-Control-Allow-Headers"), QByteArray("content-type,x-token"));
    QVERIFY(r.header("Access-Control-Allow-Methods").contains("POST"));
}

void tst_CorsPolicy::off()
{
    HttpResponse r;
    CorsPolicy().decorate(request("POST", {{"origin", "http://localhost:3000"}}), r);
    QVERIFY(r.headers.isEmpty());
}

QTEST_GUILESS_MAIN(tst_CorsPolicy)
#include "tst_corspolicy.moc"
