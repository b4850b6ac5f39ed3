// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// PhoenixSocket through real proxies, over both transports: squid (an HTTP proxy: CONNECT tunnels for
// WebSocket and https://, plain forwarding for http:// LongPoll; Basic authentication through
// basic_ncsa_auth) and microsocks (SOCKS5), each with and without credentials, in front of the dev
// server plain and with TLS. Every test proves that its traffic went through the proxy: by a host name
// only the proxy can resolve (squid's hosts_file), or by the proxy's own log. A refused password fails
// once, cleanly and without a retry loop, and no password reaches a log line or an error text.

#include "realservers.h"
#include "testbed.h"

#include <PhoenixQt/PhoenixSocket>

#include <QtCore/QRegularExpression>
#include <QtNetwork/QAuthenticator>
#include <QtNetwork/QHostInfo>
#include <QtNetwork/QNetworkProxy>
#include <QtNetwork/QSslCertificate>
#include <QtNetwork/QSslConfiguration>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace PhoenixTest;

namespace {

const QString Certs = QStringLiteral(PHOENIXQT_TEST_CERTS_DIR);
//! A name only the proxy resolves (squid's hosts_file): reaching the server by it proves the route.
const QString HiddenHost = u"phoenix-behind-the-proxy.test"_s;
const QString User = u"ada"_s;
const QString Password = u"s3cret-proxy-pass"_s;
const QString WrongPassword = u"wr0ng-proxy-pass"_s;

enum class Kind { Http, Socks5 };
enum class Credentials { None, InProxy, FromSignal };

//! The dev server of \a bed serves TLS with the test certificate, its socket trusts the test CA.
void useTls(TestBed &bed)
{
    bed.server.setSslConfiguration(
        PhoenixDevServer::sslConfigurationFromPem(Certs + u"/server.pem"_s, Certs + u"/server.key"_s));
    QSslConfiguration client = QSslConfiguration::defaultConfiguration();
    client.setCaCertificates(QSslCertificate::fromPath(Certs + u"/ca.pem"_s));
    bed.socket.setSslConfiguration(client);
    bed.socket.setUrl(bed.server.url());
}

//! Rows http and socks5, each plain and with TLS (columns kind, tls).
void addKindRows()
{
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<bool>("tls");
    QTest::newRow("http") << Kind::Http << false;
    QTest::newRow("http, tls") << Kind::Http << true;
    QTest::newRow("socks5") << Kind::Socks5 << false;
    QTest::newRow("socks5, tls") << Kind::Socks5 << true;
}

} // namespace

Q_DECLARE_METATYPE(Kind)
Q_DECLARE_METATYPE(Credentials)

class tst_PhoenixProxy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data() { addTransportRows(); }
    void initTestCase();
    void cleanup();

    void theProxyCarriesTheWholeSession_data();
    void theProxyCarriesTheWholeSession();
    void aRefusedPasswordFailsOnceWithoutRetrying_data();
    void aRefusedPasswordFailsOnceWithoutRetrying();
    void theApplicationIsAskedOncePerAttempt_data();
    void theApplicationIsAskedOncePerAttempt();
    void deletingTheSocketWhileTheProxyAsksIsSafe_data();
    void deletingTheSocketWhileTheProxyAsksIsSafe();
    void anUnreachableProxyIsAProxyError_data();
    void anUnreachableProxyIsAProxyError();
    void theApplicationProxyIsTheDefault();
    void noProxyBypassesTheApplicationProxy();
    void changingTheProxyReconnectsThroughIt();
    void proxyFromUrl_data();
    void proxyFromUrl();

private:
    //! The proxy of \a kind (started in initTestCase), or null with a skip reason in m_skip.
    ExternalServer *proxyServer(Kind kind, bool withAuth);
    QNetworkProxy proxyOf(Kind kind, bool withAuth, const QString &user = QString(),
                          const QString &password = QString());
    //! Whether the proxy's log shows a connection to 127.0.0.1:\a port (or to \a host).
    bool proxyLogShows(Kind kind, bool withAuth, const QString &hostPort);
    static bool session(PhoenixSocket &socket, int pushes);

    std::unique_ptr<SquidProxy> m_squid;     // no authentication
    std::unique_ptr<SquidProxy> m_squidAuth; // Basic authentication: User / Password
    std::unique_ptr<Socks5Proxy> m_socks;
    std::unique_ptr<Socks5Proxy> m_socksAuth;
    QString m_squidMissing;
    QString m_socksMissing;
};

void tst_PhoenixProxy::initTestCase()
{
    qRegisterMetaType<PhoenixSocket::Error>();
    m_squid = std::make_unique<SquidProxy>(QString(), QString(), QStringList{HiddenHost});
    m_squidAuth = std::make_unique<SquidProxy>(User, Password, QStringList{HiddenHost});
    m_socks = std::make_unique<Socks5Proxy>();
    m_socksAuth = std::make_unique<Socks5Proxy>(User, Password);
    m_squidMissing = m_squid->missing().isEmpty() ? m_squidAuth->missing() : m_squid->missing();
    m_socksMissing = m_socks->missing();
    if (m_squidMissing.isEmpty()) {
        QVERIFY2(m_squid->start(), qPrintable(m_squid->problem()));
        QVERIFY2(m_squidAuth->start(), qPrintable(m_squidAuth->problem()));
    }
    if (m_socksMissing.isEmpty()) {
        QVERIFY2(m_socks->start(), qPrintable(m_socks->problem()));
        QVERIFY2(m_socksAuth->start(), qPrintable(m_socksAuth->problem()));
    }
    // The hidden name really is unknown here: only the proxy can take a client there.
    QVERIFY(QHostInfo::fromName(HiddenHost).error() != QHostInfo::NoError);
}

void tst_PhoenixProxy::cleanup()
{
    QNetworkProxy::setApplicationProxy(QNetworkProxy());
}

ExternalServer *tst_PhoenixProxy::proxyServer(Kind kind, bool withAuth)
{
    if (kind == Kind::Http)
        return m_squidMissing.isEmpty() ? (withAuth ? m_squidAuth.get() : m_squid.get()) : nullptr;
    return m_socksMissing.isEmpty() ? (withAuth ? m_socksAuth.get() : m_socks.get()) : nullptr;
}

QNetworkProxy tst_PhoenixProxy::proxyOf(Kind kind, bool withAuth, const QString &user,
                                        const QString &password)
{
    if (kind == Kind::Http)
        return (withAuth ? m_squidAuth : m_squid)->proxy(user, password);
    return (withAuth ? m_socksAuth : m_socks)->proxy(user, password);
}

bool tst_PhoenixProxy::proxyLogShows(Kind kind, bool withAuth, const QString &hostPort)
{
    if (kind == Kind::Http) {
        // "... TCP_TUNNEL/200 383 CONNECT 127.0.0.1:4711 ada HIER_DIRECT/127.0.0.1 -" (a CONNECT tunnel,
        // logged when it closed) or "... TCP_MISS/200 ... GET http://host:4711/socket/longpoll - ...";
        // the user name column shows who the proxy let through.
        const QStringList lines = (withAuth ? m_squidAuth : m_squid)->accessLog().split(u'\n');
        const QString who = withAuth ? User : u"-"_s;
        return std::any_of(lines.begin(), lines.end(), [&](const QString &line) {
            return line.contains(u"/200 "_s) && line.contains(hostPort) && line.contains(u' ' + who + u' ');
        });
    }
    // microsocks: "client[5] 127.0.0.1: connected to 127.0.0.1:4711"
    return (withAuth ? m_socksAuth : m_socks)->output().contains(u"connected to "_s + hostPort);
}

//! Connects, joins and pushes \a pushes echoes one after the other (over LongPoll each in its own
//! POST), then leaves: the whole life of a session.
bool tst_PhoenixProxy::session(PhoenixSocket &socket, int pushes)
{
    if (!connectSocket(socket))
        return false;
    PhoenixChannel *channel = socket.channel(Lobby);
    if (!joinChannel(channel))
        return false;
    for (int i = 0; i < pushes; ++i) {
        PhoenixPush *push = channel->push(u"echo"_s, {{u"n"_s, i}});
        QSignalSpy replied(push, &PhoenixPush::replied);
        if (!replied.wait(WaitMs) || push->status() != u"ok"_s)
            return false;
    }
    QSignalSpy closed(channel, &PhoenixChannel::closed);
    channel->leave();
    return closed.wait(WaitMs);
}

// ---- the happy paths ---------------------------------------------------------------------------------

void tst_PhoenixProxy::theProxyCarriesTheWholeSession_data()
{
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<Credentials>("credentials");
    QTest::addColumn<bool>("tls");
    QTest::newRow("http") << Kind::Http << Credentials::None << false;
    QTest::newRow("http, credentials in the proxy") << Kind::Http << Credentials::InProxy << false;
    QTest::newRow("http, credentials from the signal") << Kind::Http << Credentials::FromSignal << false;
    QTest::newRow("http, tls") << Kind::Http << Credentials::None << true;
    QTest::newRow("http, tls, credentials in the proxy") << Kind::Http << Credentials::InProxy << true;
    QTest::newRow("http, tls, credentials from the signal") << Kind::Http << Credentials::FromSignal << true;
    QTest::newRow("socks5") << Kind::Socks5 << Credentials::None << false;
    QTest::newRow("socks5, user in the proxy") << Kind::Socks5 << Credentials::InProxy << false;
    QTest::newRow("socks5, user from the signal") << Kind::Socks5 << Credentials::FromSignal << false;
    QTest::newRow("socks5, tls") << Kind::Socks5 << Credentials::None << true;
    QTest::newRow("socks5, tls, user in the proxy") << Kind::Socks5 << Credentials::InProxy << true;
    QTest::newRow("socks5, tls, user from the signal") << Kind::Socks5 << Credentials::FromSignal << true;
}

void tst_PhoenixProxy::theProxyCarriesTheWholeSession()
{
    QFETCH(Kind, kind);
    QFETCH(Credentials, credentials);
    QFETCH(bool, tls);
    const bool withAuth = credentials != Credentials::None;
    if (!proxyServer(kind, withAuth))
        QSKIP(qPrintable(kind == Kind::Http ? m_squidMissing : m_socksMissing));

    TestBed bed;
    QVERIFY(bed.listening);
    if (tls)
        useTls(bed);
    QUrl url = bed.server.url();
    if (tls) {
        url.setScheme(u"wss"_s); // the certificate names 127.0.0.1: the proxy's log is the proof
    } else if (kind == Kind::Http) {
        url.setHost(HiddenHost); // unknown here: no way around the proxy
    }
    bed.socket.setUrl(url);
    bed.socket.setProxy(proxyOf(kind, withAuth, credentials == Credentials::InProxy ? User : QString(),
                                credentials == Credentials::InProxy ? Password : QString()));
    int asked = 0;
    QObject::connect(&bed.socket, &PhoenixSocket::proxyAuthenticationRequired, &bed.socket,
                     [&](const QNetworkProxy &proxy, QAuthenticator *authenticator) {
                         ++asked;
                         QCOMPARE(proxy.port(), proxyServer(kind, withAuth)->port());
                         if (credentials == Credentials::FromSignal) {
                             authenticator->setUser(User);
                             authenticator->setPassword(Password);
                         }
                     });
    LogCapture log;
    QSignalSpy errors(&bed.socket, &PhoenixSocket::errorOccurred);
    // Several pushes: over LongPoll each is a POST, and POSTs through an authenticating HTTP proxy
    // are what Qt 6.4 cannot resend after a 407.
    QVERIFY(session(bed.socket, 4));
    QCOMPARE(errors.size(), 0);
    QCOMPARE(asked, credentials == Credentials::FromSignal ? 1 : 0);
    bed.socket.disconnectFromServer();

    // The proof: the proxy carried it.
    const QString hostPort = (kind == Kind::Http && !tls ? HiddenHost : u"127.0.0.1"_s) + u':' +
                             QString::number(bed.server.port());
    QTRY_VERIFY2(proxyLogShows(kind, withAuth, hostPort), qPrintable(hostPort));
    QVERIFY(!log.all().contains(Password));
}

// ---- refusals ----------------------------------------------------------------------------------------

void tst_PhoenixProxy::aRefusedPasswordFailsOnceWithoutRetrying_data()
{
    addKindRows();
}

void tst_PhoenixProxy::aRefusedPasswordFailsOnceWithoutRetrying()
{
    QFETCH(Kind, kind);
    QFETCH(bool, tls);
    if (!proxyServer(kind, true))
        QSKIP(qPrintable(kind == Kind::Http ? m_squidMissing : m_socksMissing));
    TestBed bed;
    QVERIFY(bed.listening);
    if (tls)
        useTls(bed);
    bed.socket.setProxy(proxyOf(kind, true, User, WrongPassword));
    LogCapture log;
    QSignalSpy errors(&bed.socket, &PhoenixSocket::errorOccurred);
    QSignalSpy asked(&bed.socket, &PhoenixSocket::proxyAuthenticationRequired);
    QSignalSpy reconnects(&bed.socket, &PhoenixSocket::reconnectScheduled);
    QSignalSpy disconnected(&bed.socket, &PhoenixSocket::disconnected);
    bed.socket.connectToServer();
    QVERIFY(disconnected.wait(WaitMs));
    QTest::qWait(QuietMs * 2); // a retry loop would show now
    QCOMPARE(errors.size(), 1);
    QCOMPARE(errors.first().at(0).value<PhoenixSocket::Error>(),
             PhoenixSocket::Error::ProxyAuthenticationRequiredError);
    const QString message = errors.first().at(1).toString();
    QVERIFY2(message.contains(u"127.0.0.1:"_s + QString::number(proxyServer(kind, true)->port())),
             qPrintable(message));
    QCOMPARE(asked.size(), 1); // the application had its chance, once
    QCOMPARE(reconnects.size(), 0);
    QCOMPARE(bed.socket.state(), PhoenixSocket::State::Disconnected);
    QCOMPARE(bed.server.connectionCount(), 0);
    for (const QString &secret : {WrongPassword, Password}) {
        QVERIFY(!message.contains(secret));
        QVERIFY(!bed.socket.errorString().contains(secret));
        QVERIFY2(!log.all().contains(secret), qPrintable(log.all()));
    }
    QVERIFY(!message.contains(User)); // what the authenticator held stays out too

    // After new credentials, connectToServer() goes through.
    bed.socket.setProxy(proxyOf(kind, true, User, Password));
    QVERIFY(connectSocket(bed.socket));
}

void tst_PhoenixProxy::theApplicationIsAskedOncePerAttempt_data()
{
    addKindRows();
}

void tst_PhoenixProxy::theApplicationIsAskedOncePerAttempt()
{
    // A slot that answers with a wrong password is not asked again and again (Qt would keep asking as
    // long as the slot fills something in).
    QFETCH(Kind, kind);
    QFETCH(bool, tls);
    if (!proxyServer(kind, true))
        QSKIP(qPrintable(kind == Kind::Http ? m_squidMissing : m_socksMissing));
    TestBed bed;
    QVERIFY(bed.listening);
    if (tls)
        useTls(bed);
    bed.socket.setProxy(proxyOf(kind, true));
    LogCapture log;
    int asked = 0;
    QObject::connect(&bed.socket, &PhoenixSocket::proxyAuthenticationRequired, &bed.socket,
                     [&](const QNetworkProxy &, QAuthenticator *authenticator) {
                         ++asked;
                         authenticator->setUser(User);
                         authenticator->setPassword(WrongPassword);
                     });
    QSignalSpy errors(&bed.socket, &PhoenixSocket::errorOccurred);
    QSignalSpy disconnected(&bed.socket, &PhoenixSocket::disconnected);
    for (int attempt = 1; attempt <= 2; ++attempt) {
        bed.socket.connectToServer();
        QVERIFY(disconnected.wait(WaitMs));
        QTest::qWait(QuietMs);
        QCOMPARE(asked, attempt);
        QCOMPARE(errors.size(), attempt);
        QCOMPARE(errors.last().at(0).value<PhoenixSocket::Error>(),
                 PhoenixSocket::Error::ProxyAuthenticationRequiredError);
    }
    QVERIFY(!log.all().contains(WrongPassword));
    QVERIFY(!bed.socket.errorString().contains(WrongPassword));
}

void tst_PhoenixProxy::deletingTheSocketWhileTheProxyAsksIsSafe_data()
{
    addKindRows();
}

void tst_PhoenixProxy::deletingTheSocketWhileTheProxyAsksIsSafe()
{
    QFETCH(Kind, kind);
    QFETCH(bool, tls);
    if (!proxyServer(kind, true))
        QSKIP(qPrintable(kind == Kind::Http ? m_squidMissing : m_socksMissing));
    PhoenixDevServer server;
    if (tls)
        server.setSslConfiguration(
            PhoenixDevServer::sslConfigurationFromPem(Certs + u"/server.pem"_s, Certs + u"/server.key"_s));
    QVERIFY(server.listen());
    auto *socket = new PhoenixSocket(server.url()); // deleted by the slot
    configureFast(*socket);
    useCurrentTransport(*socket);
    socket->setProxy(proxyOf(kind, true));
    QPointer<PhoenixSocket> watch(socket);
    QObject::connect(socket, &PhoenixSocket::proxyAuthenticationRequired, socket,
                     [socket](const QNetworkProxy &, QAuthenticator *) { delete socket; });
    socket->channel(Lobby)->join();
    socket->connectToServer();
    QTRY_VERIFY(watch.isNull());
    QTest::qWait(QuietMs); // whatever the network stack still had queued runs now
    QCOMPARE(server.connectionCount(), 0);
}

void tst_PhoenixProxy::anUnreachableProxyIsAProxyError_data()
{
    addKindRows();
}

void tst_PhoenixProxy::anUnreachableProxyIsAProxyError()
{
    QFETCH(Kind, kind);
    QFETCH(bool, tls);
    TestBed bed;
    QVERIFY(bed.listening);
    if (tls)
        useTls(bed);
    const quint16 nobody = freeLoopbackPort();
    bed.socket.setProxy(
        QNetworkProxy(kind == Kind::Http ? QNetworkProxy::HttpProxy : QNetworkProxy::Socks5Proxy,
                      u"127.0.0.1"_s, nobody, User, Password));
    bed.socket.setAutoReconnect(false);
    QSignalSpy errors(&bed.socket, &PhoenixSocket::errorOccurred);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"proxy 127.0.0.1:%1"_s.arg(nobody)));
    bed.socket.connectToServer();
    QVERIFY(errors.wait(WaitMs));
    QCOMPARE(errors.first().at(0).value<PhoenixSocket::Error>(), PhoenixSocket::Error::ProxyError);
    QVERIFY(!errors.first().at(1).toString().contains(Password));
    QCOMPARE(bed.server.connectionCount(), 0);
}

// ---- choosing the proxy ------------------------------------------------------------------------------

void tst_PhoenixProxy::theApplicationProxyIsTheDefault()
{
    if (!proxyServer(Kind::Http, false))
        QSKIP(qPrintable(m_squidMissing));
    TestBed bed;
    QVERIFY(bed.listening);
    QCOMPARE(bed.socket.proxy().type(), QNetworkProxy::DefaultProxy);
    QNetworkProxy::setApplicationProxy(m_squid->proxy());
    QUrl url = bed.server.url();
    url.setHost(HiddenHost); // reachable through the application proxy only
    bed.socket.setUrl(url);
    QVERIFY(session(bed.socket, 1));
    bed.socket.disconnectFromServer();
    QTRY_VERIFY(m_squid->accessLog().contains(HiddenHost + u':' + QString::number(bed.server.port())));
}

void tst_PhoenixProxy::noProxyBypassesTheApplicationProxy()
{
    TestBed bed;
    QVERIFY(bed.listening);
    // An application proxy nobody listens on: a socket with NoProxy never asks it.
    QNetworkProxy::setApplicationProxy(
        QNetworkProxy(QNetworkProxy::HttpProxy, u"127.0.0.1"_s, freeLoopbackPort()));
    bed.socket.setProxy(QNetworkProxy::NoProxy);
    QVERIFY(session(bed.socket, 1));
}

void tst_PhoenixProxy::changingTheProxyReconnectsThroughIt()
{
    if (!proxyServer(Kind::Socks5, false))
        QSKIP(qPrintable(m_socksMissing));
    TestBed bed;
    QVERIFY(bed.listening);
    QVERIFY(connectSocket(bed.socket)); // directly
    PhoenixChannel *channel = bed.socket.channel(Lobby);
    QVERIFY(joinChannel(channel));
    QSignalSpy changed(&bed.socket, &PhoenixSocket::proxyChanged);
    QSignalSpy connected(&bed.socket, &PhoenixSocket::connected);
    const QString before = m_socks->output();
    bed.socket.setProxy(m_socks->proxy());
    QCOMPARE(changed.size(), 1);
    bed.socket.setProxy(m_socks->proxy()); // the same: no change
    QCOMPARE(changed.size(), 1);
    QVERIFY(connected.wait(WaitMs));
    QTRY_COMPARE(channel->state(), PhoenixChannel::State::Joined);
    QVERIFY(m_socks->output()
                .mid(before.size())
                .contains(u"connected to 127.0.0.1:"_s + QString::number(bed.server.port())));
    // A new password is a change too (QNetworkProxy's == ignores credentials).
    bed.socket.setProxy(m_socks->proxy(User, Password));
    QCOMPARE(changed.size(), 2);
}

void tst_PhoenixProxy::proxyFromUrl_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<int>("type");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");
    QTest::newRow("http with credentials")
        << u"http://ada:s%40cret@127.0.0.1:3128"_s << true << int(QNetworkProxy::HttpProxy) << u"127.0.0.1"_s
        << 3128 << User << u"s@cret"_s;
    QTest::newRow("http, default port") << u"http://proxy.example"_s << true << int(QNetworkProxy::HttpProxy)
                                        << u"proxy.example"_s << 8080 << QString() << QString();
    QTest::newRow("socks5") << u"socks5://ada@[::1]:1081/"_s << true << int(QNetworkProxy::Socks5Proxy)
                            << u"::1"_s << 1081 << User << QString();
    QTest::newRow("socks5h, default port")
        << u"socks5h://localhost"_s << true << int(QNetworkProxy::Socks5Proxy) << u"localhost"_s << 1080
        << QString() << QString();
    QTest::newRow("https proxies are not Qt's")
        << u"https://proxy:3128"_s << false << int(QNetworkProxy::DefaultProxy) << QString() << 0 << QString()
        << QString();
    QTest::newRow("no host") << u"http://:3128"_s << false << int(QNetworkProxy::DefaultProxy) << QString()
                             << 0 << QString() << QString();
    QTest::newRow("a path") << u"http://proxy:3128/x"_s << false << int(QNetworkProxy::DefaultProxy)
                            << QString() << 0 << QString() << QString();
    QTest::newRow("system is no URL") << u"system"_s << false << int(QNetworkProxy::DefaultProxy) << QString()
                                      << 0 << QString() << QString();
}

void tst_PhoenixProxy::proxyFromUrl()
{
    QFETCH(QString, url);
    QFETCH(bool, valid);
    QFETCH(int, type);
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(QString, user);
    QFETCH(QString, password);
    bool ok = !valid;
    const QNetworkProxy proxy = PhoenixSocket::proxyFromUrl(QUrl(url), &ok);
    QCOMPARE(ok, valid);
    QCOMPARE(int(proxy.type()), type);
    if (!valid)
        return;
    QCOMPARE(proxy.hostName(), host);
    QCOMPARE(int(proxy.port()), port);
    QCOMPARE(proxy.user(), user);
    QCOMPARE(proxy.password(), password);
}

QTEST_GUILESS_MAIN(tst_PhoenixProxy)
#include "tst_phoenixproxy.moc"
