#include "auth/jwtverifier.h"

#include <QDateTime>
#include <QTest>

using namespace rasachat;

class tst_JwtVerifier : public QObject
{
    Q_OBJECT
private slots:
    void hmac_data();
    void hmac();
    void claims();
    void wrongAlgorithmOrKey();
    void bearerPrefixIsRemoved();
};

void tst_JwtVerifier::hmac_data()
{
    QTest::addColumn<QString>("method");
    QTest::newRow("HS256") << "HS256";
    QTest::newRow("HS384") << "HS384";
    QTest::newRow("HS512") << "HS512";
}

void tst_JwtVerifier::hmac()
{
    QFETCH(QString, method);
    const QByteArray token = signJwt(R"({"sub":"alice"})", QStringLiteral("s3cret"), method);
    QVERIFY(!token.isEmpty());
    QString why;
    QVERIFY2(JwtVerifier(QStringLiteral("s3cret"), method).verify(QString::fromLatin1(token), &why),
             qPrintable(why));
    QVERIFY(!JwtVerifier(QStringLiteral("other"), method).verify(QString::fromLatin1(token), &why));
}

void tst_JwtVerifier::claims()
{
    const JwtVerifier v(QStringLiteral("k"), QStringLiteral("HS256"));
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    QString why;
    auto token = [](const QByteArray &claims) {
        return QString::fromLatin1(signJwt(claims, QStringLiteral("k"), QStringLiteral("HS256")));
    };
    QVERIFY(v.verify(token("{\"exp\":" + QByteArray::number(now + 600) + "}"), &why));
    QVERIFY(!v.verify(token("{\"exp\":" + QByteArray::number(now - 10) + "}"), &why));
    QCOMPARE(why, QStringLiteral("the token has expired"));
    QVERIFY(!v.verify(token("{\"nbf\":" + QByteArray::number(now + 600) + "}"), &why));
    QCOMPARE(why, QStringLiteral("the token is not valid yet"));
    QVERIFY(!v.verify(token(R"({"aud":"web"})"), &why));
    QCOMPARE(why, QStringLiteral("the token has an audience, and none is configured"));
    QVERIFY(!v.verify(QStringLiteral("not.a.token"), &why));
    QVERIFY(!v.verify(QString(), &why));
}

void tst_JwtVerifier::wrongAlgorithmOrKey()
{
    QString why;
    const QByteArray hs512 = signJwt(R"({"sub":"a"})", QStringLiteral("k"), QStringLiteral("HS512"));
    QVERIFY(
        !JwtVerifier(QStringLiteral("k"), QStringLiteral("HS256")).verify(QString::fromLatin1(hs512), &why));
    // An unsigned token ("alg":"none") must never pass.
    const QString none = QStringLiteral("eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJhIn0.");
    QVERIFY(!JwtVerifier(QStringLiteral("k"), QStringLiteral("HS256")).verify(none, &why));
}

void tst_JwtVerifier::bearerPrefixIsRemoved()
{
    QString why;
    const QString token =
        QString::fromLatin1(signJwt(R"({"sub":"a"})", QStringLiteral("k"), QStringLiteral("HS256")));
    QVERIFY(JwtVerifier(QStringLiteral("k"), QStringLiteral("HS256"))
                .verify(QStringLiteral("Bearer ") + token, &why));
}

QTEST_GUILESS_MAIN(tst_JwtVerifier)
#include "tst_jwtverifier.moc"
