#include "http/httpresponder.h"
#include "http/httpserver.h"
#include "rawhttp.h"

#include <QPointer>
#include <QSignalSpy>
#include <QTimer>

using namespace rasachat;

// The HTTP front against a byte-level client: framing, order, limits and leaving peers.
class tst_HttpServer : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void keepAliveServesSeveralRequests();
    void pipelinedRepliesKeepRequestOrder();
    void http10ClosesAfterReply();
    void headHasNoBody();
    void expectContinue();
    void oversizedBodyIsRefusedBeforeItArrives();
    void oversizedChunkedBodyIsRefused();
    void unknownRouteAndWrongMethod();
    void trailingSlashIsTheSameRoute();
    void malformedRequestGets400AndClose();
    void peerLeavingAbandonsHeldReply();
    void chunkedStream();
    void corsPreflightOnEveryRoute();
    void closeDropsOpenConnections();

private:
    HttpServer *m_server = nullptr;
    QPointer<HttpResponder> m_held;
};

void tst_HttpServer::init()
{
    m_server = new HttpServer;
    HttpLimits limits;
    limits.maxBodyBytes = 1000;
    m_server->setLimits(limits);
    m_server->setCorsPolicy(CorsPolicy({QStringLiteral("*")}));
    m_server->route("GET", QStringLiteral("/fast"),
                    [](const HttpRequest &, HttpResponder *r) { r->send(HttpResponse::text(200, "fast")); });
    m_server->route("GET", QStringLiteral("/slow"), [](const HttpRequest &, HttpResponder *r) {
        QPointer<HttpResponder> p(r);
        QTimer::singleShot(50, [p] {
            if (p)
                p->send(HttpResponse::text(200, "slow"));
        });
    });
    m_server->route("POST", QStringLiteral("/echo"), [](const HttpRequest &req, HttpResponder *r) {
        r->send(HttpResponse::json(200, req.body));
    });
    m_server->route("GET", QStringLiteral("/hold"),
                    [this](const HttpRequest &, HttpResponder *r) { m_held = r; });
    m_server->route("GET", QStringLiteral("/stream"), [](const HttpRequest &, HttpResponder *r) {
        r->beginStream(HttpResponse{200, {{"Content-Type", "text/event-stream"}}, {}});
        r->writeChunk("{\"a\": 1}\n");
        r->writeChunk("{\"b\": 2}\n");
        r->endStream();
    });
    QVERIFY(m_server->listen(QHostAddress::LocalHost, 0));
}

void tst_HttpServer::cleanup()
{
    delete m_server;
    m_server = nullptr;
}

void tst_HttpServer::keepAliveServesSeveralRequests()
{
    RawClient c(m_server->serverPort());
    for (int i = 0; i < 3; ++i) {
        c.send(RawClient::request("POST", "/echo", "{\"n\":" + QByteArray::number(i) + "}"));
        const auto r = c.read();
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        QCOMPARE(r->body, "{\"n\":" + QByteArray::number(i) + "}");
    }
    QVERIFY(c.isOpen());
}

void tst_HttpServer::pipelinedRepliesKeepRequestOrder()
{
    RawClient c(m_server->serverPort());
    c.send(RawClient::request("GET", "/slow") + RawClient::request("GET", "/fast"));
    const auto first = c.read();
    const auto second = c.read();
    QVERIFY(first && second);
    QCOMPARE(first->body, QByteArray("slow"));
    QCOMPARE(second->body, QByteArray("fast"));
}

void tst_HttpServer::http10ClosesAfterReply()
{
    RawClient c(m_server->serverPort());
    c.send("GET /fast HTTP/1.0\r\n\r\n");
    const auto r = c.read();
    QVERIFY(r);
    QCOMPARE(r->body, QByteArray("fast"));
    QCOMPARE(r->header("connection"), QByteArray("close"));
    QVERIFY(c.waitClosed());
}

void tst_HttpServer::headHasNoBody()
{
    RawClient c(m_server->serverPort());
    c.expectHeadResponse();
    c.send(RawClient::request("HEAD", "/fast"));
    const auto r = c.read();
    QVERIFY(r);
    QCOMPARE(r->status, 200);
    QCOMPARE(r->header("content-length"), QByteArray("4"));
    c.send(RawClient::request("GET", "/fast")); // the connection is still in step
    const auto next = c.read();
    QVERIFY(next);
    QCOMPARE(next->body, QByteArray("fast"));
}

void tst_HttpServer::expectContinue()
{
    RawClient c(m_server->serverPort());
    c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n");
    const auto interim = c.read();
    QVERIFY(interim);
    QCOMPARE(interim->status, 100);
    c.send("{}");
    const auto r = c.read();
    QVERIFY(r);
    QCOMPARE(r->status, 200);
    QCOMPARE(r->body, QByteArray("{}"));
}

void tst_HttpServer::oversizedBodyIsRefusedBeforeItArrives()
{
    RawClient c(m_server->serverPort());
    c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000\r\n\r\n"); // and never the body
    const auto r = c.read();
    QVERIFY(r);
    QCOMPARE(r->status, 413);
    QVERIFY(r->body.contains("\"reason\":\"PayloadTooLarge\""));
    QVERIFY(c.waitClosed());
}

void tst_HttpServer::oversizedChunkedBodyIsRefused()
{
    RawClient c(m_server->serverPort());
    const QByteArray chunk(600, 'x');
    c.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n258\r\n" + chunk +
           "\r\n258\r\n" + chunk + "\r\n0\r\n\r\n");
    const auto r = c.read();
    QVERIFY(r);
    QCOMPARE(r->status, 413);
    QVERIFY(c.waitClosed());
}

void tst_HttpServer::unknownRouteAndWrongMethod()
{
    RawClient c(m_server->serverPort());
    c.send(RawClient::request("GET", "/nope"));
    const auto notFound = c.read();
    QVERIFY(notFound);
    QCOMPARE(notFound->status, 404);
    QCOMPARE(notFound->header("content-type"), QByteArray("application/json"));
    QVERIFY(notFound->body.contains("Requested URL /nope not found"));
    c.send(RawClient::request("DELETE", "/echo"));
    const auto wrongMethod = c.read();
    QVERIFY(wrongMethod);
    QCOMPARE(wrongMethod->status, 405);
    QCOMPARE(wrongMethod->header("allow"), QByteArray("OPTIONS, POST"));
    QVERIFY(c.isOpen());
}

void tst_HttpServer::trailingSlashIsTheSameRoute()
{
    RawClient c(m_server->serverPort());
    c.send(RawClient::request("GET", "/fast/"));
    const auto r = c.read();
    QVERIFY(r);
    QCOMPARE(r->status, 200);
}

void tst_HttpServer::malformedRequestGets400AndClose()
{
    RawClient c(m_server->serverPort());
    c.send("GARBAGE\r\n\r\n");
    const auto r = c.read();
    QVERIFY(r);
    QCOMPARE(r->status, 400);
    QVERIFY(r->body.contains("malformed HTTP request"));
    QVERIFY(c.waitClosed());
    RawClient again(m_server->serverPort()); // and the server goes on
    again.send(RawClient::request("GET", "/fast"));
    QCOMPARE(again.read()->status, 200);
}

void tst_HttpServer::peerLeavingAbandonsHeldReply()
{
    {
        RawClient c(m_server->serverPort());
        c.send(RawClient::request("GET", "/hold"));
        QTRY_VERIFY(m_held);
    }
    QSignalSpy abandoned(m_held.data(), &HttpResponder::abandoned);
    QVERIFY(abandoned.wait());
    QTRY_VERIFY(!m_held); // deleted with its connection: a late answer cannot reach a dead socket
    QCOMPARE(m_server->connectionCount(), 0);
}

void tst_HttpServer::chunkedStream()
{
    RawClient c(m_server->serverPort());
    c.send(RawClient::request("GET", "/stream"));
    const auto r = c.read();
    QVERIFY(r);
    QCOMPARE(r->header("transfer-encoding"), QByteArray("chunked"));
    QCOMPARE(r->header("content-type"), QByteArray("text/event-stream"));
    QCOMPARE(r->body, QByteArray("{\"a\": 1}\n{\"b\": 2}\n"));
    QVERIFY(c.isOpen());
}

void tst_HttpServer::corsPreflightOnEveryRoute()
{
    RawClient c(m_server->serverPort());
    c.send(RawClient::request("OPTIONS", "/echo", {},
                              "Origin: http://localhost:3000\r\nAccess-Control-Request-Method: POST\r\n"
                              "Access-Control-Request-Headers: content-type\r\n"));
    const auto pre = c.read();
    QVERIFY(pre);
    QCOMPARE(pre->status, 204);
    QCOMPARE(pre->header("access-control-allow-origin"), QByteArray("http://localhost:3000"));
    QCOMPARE(pre->header("access-control-allow-headers"), QByteArray("content-type"));
    c.send(RawClient::request("POST", "/echo", "{}", "Origin: http://localhost:3000\r\n"));
    const auto actual = c.read();
    QVERIFY(actual);
    QCOMPARE(actual->header("access-control-allow-origin"), QByteArray("http://localhost:3000"));
    c.send(RawClient::request("GET", "/nope", {}, "Origin: http://localhost:3000\r\n"));
    const auto error = c.read(); // errors carry CORS too, or a browser could not read the reason
    QVERIFY(error);
    QCOMPARE(error->status, 404);
    QCOMPARE(error->header("access-control-allow-origin"), QByteArray("http://localhost:3000"));
}

void tst_HttpServer::closeDropsOpenConnections()
{
    RawClient c(m_server->serverPort());
    c.send(RawClient::request("GET", "/fast"));
    QVERIFY(c.read());
    m_server->close();
    QVERIFY(c.waitClosed());
    QTRY_COMPARE(m_server->connectionCount(), 0);
}

QTEST_GUILESS_MAIN(tst_HttpServer)
#include "tst_httpserver.moc"
