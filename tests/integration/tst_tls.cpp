#include "callback/callbackchannel.h"
#include "engineio/engineserver.h"
#include "engineio/enginesession.h"
#include "http/servertls.h"
#include "rasa/rasasocketioserver.h"
#include "rasa/socketiochannel.h"
#include "server/mockserver.h"
#include "wiring/channelfactory.h"
#include "wsframes.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace rasachat;

// rasa-mock over HTTPS and WSS, and every client over https:// — REST (also the lean load client),
// the callback webhook, Socket.IO polling, websocket and the upgrade — with a CA and server
// certificates that openssl makes for this run.
class tst_Tls : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void unusableFilesAreRefusedAtStart_data();
    void unusableFilesAreRefusedAtStart();
    void conversesWhenTheCaIsTrusted_data();
    void conversesWhenTheCaIsTrusted();
    void untrustedCertificateIsAClearError_data();
    void untrustedCertificateIsAClearError();
    void insecureAcceptsAnyCertificate_data();
    void insecureAcceptsAnyCertificate();
    void wrongHostIsAClearError_data();
    void wrongHostIsAClearError();
    void webSocketClientThatFloodsThenReadsGetsEveryReply();

private:
    void channels_data();
    bool openssl(const QStringList &arguments);
    // A certificate signed by the test CA for `subjectAltName`, in <name>.pem and <name>.key.
    bool makeServerCertificate(const QString &name, const QString &subjectAltName);
    QString path(const QString &file) const { return m_dir.filePath(file); }

    struct Run
    {
        std::unique_ptr<MockServer> mock;
        std::unique_ptr<ChatChannel> channel;
    };
    // A TLS mock with `certificate` and a client for it with `tls`, over the channel of the data row.
    Run start(const QString &certificate, const TlsOptions &tls);

    QTemporaryDir m_dir;
    QList<QSslCertificate> m_ca;
};

bool tst_Tls::openssl(const QStringList &arguments)
{
    QProcess p;
    p.setWorkingDirectory(m_dir.path());
    p.start(QStringLiteral("openssl"), arguments);
    if (!p.waitForFinished(30'000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        qWarning("openssl %s: %s", qPrintable(arguments.join(u' ')), p.readAllStandardError().constData());
        return false;
    }
    return true;
}

bool tst_Tls::makeServerCertificate(const QString &name, const QString &subjectAltName)
{
    QFile ext(path(name + QStringLiteral(".ext")));
    if (!ext.open(QIODevice::WriteOnly))
        return false;
    ext.write("subjectAltName=" + subjectAltName.toUtf8() +
              "\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n");
    ext.close();
    return openssl(
               QStringLiteral("req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout %1.key "
                              "-out %1.csr -subj /CN=%1")
                   .arg(name)
                   .split(u' ')) &&
           openssl(QStringLiteral("x509 -req -in %1.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 "
                                  "-out %1.pem -extfile %1.ext")
                       .arg(name)
                       .split(u' '));
}

void tst_Tls::initTestCase()
{
    qRegisterMetaType<BotMessage>();
    qRegisterMetaType<ChannelError>();
    QVERIFY(m_dir.isValid());
    QVERIFY(openssl(
        QStringLiteral("req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "
                       "ca.key -out ca.pem -days 2 -subj /CN=rasa-chat-test-CA -addext "
                       "basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign")
            .split(u' ')));
    QVERIFY(makeServerCertificate(QStringLiteral("server"), QStringLiteral("IP:127.0.0.1,DNS:localhost")));
    QVERIFY(makeServerCertificate(QStringLiteral("elsewhere"), QStringLiteral("DNS:bot.example.com")));
    QFile junk(path(QStringLiteral("junk.pem")));
    QVERIFY(junk.open(QIODevice::WriteOnly));
    junk.write("not a certificate\n");
    junk.close();
    QString error;
    const auto ca = loadCaCertificates(path(QStringLiteral("ca.pem")), &error);
    QVERIFY2(ca, qPrintable(error));
    m_ca = *ca;
}

void tst_Tls::unusableFilesAreRefusedAtStart_data()
{
    QTest::addColumn<QString>("cert");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("why");
    QTest::newRow("no such certificate") << "missing.pem"
                                         << "server.key"
                                         << "cannot read the TLS certificate %1/missing.pem";
    QTest::newRow("not a certificate") << "junk.pem"
                                       << "server.key"
                                       << "the TLS certificate %1/junk.pem holds no PEM certificate";
    QTest::newRow("not a key") << "server.pem"
                               << "junk.pem"
                               << "the TLS key %1/junk.pem is not an unencrypted PEM private key";
    QTest::newRow("another certificate's key")
        << "server.pem"
        << "elsewhere.key"
        << "the TLS key %1/elsewhere.key does not belong to the certificate %1/server.pem";
}

void tst_Tls::unusableFilesAreRefusedAtStart()
{
    QFETCH(QString, cert);
    QFETCH(QString, key);
    QFETCH(QString, why);
    QString error;
    QVERIFY(!loadServerTls(path(cert), path(key), &error));
    QVERIFY2(error.startsWith(why.arg(m_dir.path())), qPrintable(error));
    QVERIFY2(loadServerTls(path(QStringLiteral("server.pem")), path(QStringLiteral("server.key")), &error),
             qPrintable(error));
}

void tst_Tls::channels_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("transport");
    QTest::addColumn<bool>("lean");
    QTest::newRow("rest") << "rest"
                          << "" << false;
    QTest::newRow("rest, lean load client") << "rest"
                                            << "" << true;
    QTest::newRow("callback") << "callback"
                              << "" << false;
    QTest::newRow("socketio polling") << "socketio"
                                      << "polling" << false;
    QTest::newRow("socketio websocket") << "socketio"
                                        << "websocket" << false;
    QTest::newRow("socketio polling, upgraded") << "socketio"
                                                << "auto" << false;
}

tst_Tls::Run tst_Tls::start(const QString &certificate, const TlsOptions &tls)
{
    QFETCH(QString, kind);
    QFETCH(QString, transport);
    QFETCH(bool, lean);
    Run run;
    ChannelSettings settings;
    settings.kind = kind;
    settings.transport = transport.isEmpty() ? QStringLiteral("auto") : transport;
    settings.lean = lean;
    settings.tls = tls;
    settings.rememberSession = false;
    QString error;
    run.channel = makeChannel(settings, &error);
    if (!run.channel)
        qFatal("%s", qPrintable(error));
    MockOptions options;
    options.port = 0;
    options.tls = loadServerTls(path(certificate + QStringLiteral(".pem")),
                                path(certificate + QStringLiteral(".key")), &error);
    if (!options.tls)
        qFatal("%s", qPrintable(error));
    // The bot POSTs callbacks to the receiver over plain HTTP; only the webhook is https.
    if (auto *callback = qobject_cast<CallbackChannel *>(run.channel.get())) {
        if (!callback->listen(&error))
            qFatal("%s", qPrintable(error));
        options.credentials =
            Credentials::defaults(callback->receiverUrl().toString() + QStringLiteral("bot"));
    }
    run.mock = std::make_unique<MockServer>(options);
    if (!run.mock->start(&error))
        qFatal("%s", qPrintable(error));
    const QUrl url = run.mock->url();
    if (url.scheme() != u"https")
        qFatal("the mock serves %s", qPrintable(url.toString()));
    // makeChannel() took no URL yet: set it on the kinds that can, else make the channel again.
    settings.serverUrl = url;
    if (auto *callback = qobject_cast<CallbackChannel *>(run.channel.get()))
        callback->setServerUrl(url);
    else
        run.channel = makeChannel(settings, &error);
    return run;
}

void tst_Tls::conversesWhenTheCaIsTrusted_data()
{
    channels_data();
}

void tst_Tls::conversesWhenTheCaIsTrusted()
{
    QFETCH(QString, transport);
    Run run = start(QStringLiteral("server"), TlsOptions{m_ca, true});
    QSignalSpy confirmed(run.channel.get(), &ChatChannel::sessionConfirmed);
    QSignalSpy messages(run.channel.get(), &ChatChannel::botMessage);
    QSignalSpy errors(run.channel.get(), &ChatChannel::errorOccurred);
    run.channel->open();
    QVERIFY(confirmed.wait());
    UserMessage hi;
    hi.text = QStringLiteral("hi");
    run.channel->send(hi);
    QTRY_COMPARE(messages.size(), 1);
    QCOMPARE(messages.first().first().value<BotMessage>().text, QStringLiteral("Hey! How are you?"));
    if (auto *sio = qobject_cast<SocketIoChannel *>(run.channel.get())) {
        // Over wss after the upgrade too: a second message goes both ways on the upgraded transport.
        QTRY_COMPARE(sio->transportName(),
                     transport == u"polling" ? QStringLiteral("polling") : QStringLiteral("websocket"));
        hi.text = QStringLiteral("/multi");
        hi.messageId.clear();
        sio->send(hi);
        QTRY_COMPARE(messages.size(), 3);
    }
    QCOMPARE(errors.size(), 0);
}

void tst_Tls::untrustedCertificateIsAClearError_data()
{
    channels_data();
}

void tst_Tls::untrustedCertificateIsAClearError()
{
    Run run = start(QStringLiteral("server"), TlsOptions{});
    QSignalSpy confirmed(run.channel.get(), &ChatChannel::sessionConfirmed);
    QSignalSpy errors(run.channel.get(), &ChatChannel::errorOccurred);
    run.channel->open();
    QVERIFY(errors.wait());
    const auto e = errors.first().first().value<ChannelError>();
    QCOMPARE(e.reason, ChannelError::Reason::Tls);
    QVERIFY2(e.message.contains(u"TLS: the server's certificate was refused ("), qPrintable(e.message));
    QVERIFY2(e.message.contains(u"issuer certificate") || e.message.contains(u"self-signed"),
             qPrintable(e.message));
    // Not retried: the same certificate would be refused again.
    QCOMPARE(run.channel->state(), ChatChannel::State::Disconnected);
    QCOMPARE(confirmed.size(), 0);
}

void tst_Tls::insecureAcceptsAnyCertificate_data()
{
    channels_data();
}

void tst_Tls::insecureAcceptsAnyCertificate()
{
    TlsOptions insecure;
    insecure.verifyPeer = false;
    Run run = start(QStringLiteral("elsewhere"), insecure); // neither trusted nor for this host
    QSignalSpy confirmed(run.channel.get(), &ChatChannel::sessionConfirmed);
    QSignalSpy messages(run.channel.get(), &ChatChannel::botMessage);
    run.channel->open();
    QVERIFY(confirmed.wait());
    UserMessage hi;
    hi.text = QStringLiteral("hi");
    run.channel->send(hi);
    QTRY_COMPARE(messages.size(), 1);
}

void tst_Tls::wrongHostIsAClearError_data()
{
    channels_data();
}

void tst_Tls::wrongHostIsAClearError()
{
    Run run = start(QStringLiteral("elsewhere"), TlsOptions{m_ca, true}); // trusted, but for another host
    QSignalSpy errors(run.channel.get(), &ChatChannel::errorOccurred);
    run.channel->open();
    QVERIFY(errors.wait());
    const auto e = errors.first().first().value<ChannelError>();
    QCOMPARE(e.reason, ChannelError::Reason::Tls);
    QVERIFY2(e.message.contains(u"The host name did not match any of the valid hosts for this certificate"),
             qPrintable(e.message));
    QCOMPARE(run.channel->state(), ChatChannel::State::Disconnected);
}

// WebSocket backpressure over WSS, as tst_engineserver checks it over ws: a client floods without reading,
// stays so longer than Qt's 5 s frame-reader timeout, then reads, and gets every reply in order. Over TLS
// the bytes that came while the server did not read wait encrypted under the QSslSocket, which decrypts
// them only when more arrive or its buffer is read empty: resuming must get them going again.
void tst_Tls::webSocketClientThatFloodsThenReadsGetsEveryReply()
{
    MockOptions options;
    options.port = 0;
    options.bot = QStringLiteral("echo");
    options.engine.pingIntervalMs = 600'000;
    options.engine.pingTimeoutMs = 600'000;
    options.engine.maxPayload = 100'000;
    options.engine.maxUnsentBytes = 256 * 1024;
    options.engine.writeStallTimeoutMs = 600'000; // slow machines: only the bounds are under test
    QString error;
    options.tls =
        loadServerTls(path(QStringLiteral("server.pem")), path(QStringLiteral("server.key")), &error);
    QVERIFY2(options.tls, qPrintable(error));
    MockServer mock(options);
    QVERIFY2(mock.start(&error), qPrintable(error));
    QPointer<EngineSession> session;
    connect(mock.socketio()->engine(), &EngineServer::sessionOpened, this,
            [&session](EngineSession *s) { session = s; });
    QTest::failOnWarning(QRegularExpression(QStringLiteral(".")));

    QSslSocket client;
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setCaCertificates(m_ca);
    client.setSslConfiguration(tls);
    client.connectToHostEncrypted(QStringLiteral("127.0.0.1"), mock.port());
    QTRY_VERIFY_WITH_TIMEOUT(client.isEncrypted(), 10'000);
    client.write("GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\n"
                 "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                 "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
    QByteArray buffer;
    QTRY_VERIFY((buffer += client.readAll(), buffer.contains("\r\n\r\n")));
    QVERIFY2(buffer.startsWith("HTTP/1.1 101"), buffer.constData());
    buffer.remove(0, buffer.indexOf("\r\n\r\n") + 4);
    // From now on it reads nothing: what the server sends stays in the kernel's buffers and then in the
    // server's.
    client.setReadBufferSize(4096);

    constexpr int messages = 400; // 24 MB: far more than the kernel's socket buffers hold
    const auto text = [](int i) { return QByteArray::number(i) + ':' + QByteArray(60'000, 'x'); };
    QByteArray stream = clientTextFrame("40");
    for (int i = 0; i < messages; ++i)
        stream += clientTextFrame(R"(42["user_uttered",{"message":")" + text(i) + R"("}])");
    client.write(stream);
    QTRY_VERIFY(session);
    qint64 mostUnsent = 0;
    const auto sample = [&] {
        if (session)
            mostUnsent = std::max(mostUnsent, session->unsentBytes());
    };
    // The server stops reading, and the client cannot send the rest.
    QTRY_VERIFY_WITH_TIMEOUT(
        (sample(), !session || (session->isReadPaused() && client.encryptedBytesToWrite() > 0)), 60'000);
    QVERIFY(session);
    // Not a synchronisation: the client keeps not reading for longer than QWebSocket waits for the rest of
    // a frame (5 s) before it closes the connection.
    QTest::qWait(6'000);
    QVERIFY(session);

    client.setReadBufferSize(0);
    QList<QByteArray> replies;
    QTRY_VERIFY_WITH_TIMEOUT(
        (
            sample(), buffer += client.readAll(),
            [&] {
                for (const QByteArray &frame : takeServerTextFrames(&buffer)) {
                    const QJsonArray event = QJsonDocument::fromJson(frame.mid(2)).array();
                    if (frame.startsWith("42") && event.at(0).toString() == u"bot_uttered")
                        replies.append(event.at(1)[u"text"].toString().toUtf8());
                }
            }(),
            replies.size() >= messages || client.state() != QAbstractSocket::ConnectedState),
        90'000);
    QCOMPARE(replies.size(), messages);
    for (int i = 0; i < messages; ++i)
        QVERIFY2(replies.at(i) == "you said: " + text(i), qPrintable(QString::number(i)));
    QVERIFY2(mostUnsent <= options.engine.maxUnsentBytes + options.engine.maxPayload,
             qPrintable(QStringLiteral("%1 bytes unsent").arg(mostUnsent)));
    QVERIFY(session);
    QTRY_VERIFY(!session->isReadPaused());
}

QTEST_GUILESS_MAIN(tst_Tls)
#include "tst_tls.moc"
