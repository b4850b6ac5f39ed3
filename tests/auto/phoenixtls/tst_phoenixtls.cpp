// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// PhoenixSocket over TLS (wss:// and https://) against the dev server serving the test
// certificates of tests/shared/certs, over both transports: what the default settings refuse (and
// that each refusal is reported once per attempt, with its reason), what a configured CA accepts, that
// a wrong host name is refused, public-key pinning (a mismatch is found before the server reads a
// single byte), mutual TLS (client certificates from PEM files or a QSslConfiguration; a server that
// demands one and gets none: stunnel4 in front of the dev server, as OpenSSL servers answer), and
// that switching verification off is explicit and logged once.

#include "realservers.h"
#include "testbed.h"

#include <PhoenixQt/PhoenixSocket>

#include <QtCore/QFile>
#include <QtCore/QRegularExpression>
#include <QtNetwork/QSslCertificate>
#include <QtNetwork/QSslConfiguration>
#include <QtNetwork/QSslKey>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <memory>
#include <vector>

using namespace Qt::StringLiterals;
using namespace PhoenixTest;

namespace {

const QString Certs = QStringLiteral(PHOENIXQT_TEST_CERTS_DIR);

QString certPath(const QString &name)
{
    return Certs + u'/' + name;
}

//! The pin that tests/shared/certs/generate.sh computed with openssl for \a name (ca, server, selfsigned).
QString opensslPin(const QString &name)
{
    QFile file(certPath(name + u".pin"_s));
    return file.open(QIODevice::ReadOnly) ? QString::fromLatin1(file.readAll()).trimmed() : QString();
}

//! A dev server serving wss:// and https:// with the certificate \a name (server, wronghost,
//! selfsigned), and a socket to it over the current row's transport.
struct TlsBed
{
    explicit TlsBed(const QString &name, bool requireClientCertificate = false)
    {
        QString problem;
        QSslConfiguration tls = PhoenixDevServer::sslConfigurationFromPem(
            certPath(name + u".pem"_s), certPath(name + u".key"_s), &problem);
        configured = problem.isEmpty() && !tls.localCertificate().isNull();
        if (requireClientCertificate) {
            tls.setCaCertificates(QSslCertificate::fromPath(certPath(u"ca.pem"_s)));
            tls.setPeerVerifyMode(QSslSocket::VerifyPeer);
        }
        server.setSslConfiguration(tls);
        server.setLongPollWindow(LongPollWindowMs);
        listening = configured && server.listen();
        configureFast(socket);
        useCurrentTransport(socket);
        socket.setUrl(server.url());
    }

    //! The client trusts the test CA.
    void trustTestCa()
    {
        QSslConfiguration client = QSslConfiguration::defaultConfiguration();
        client.setCaCertificates(QSslCertificate::fromPath(certPath(u"ca.pem"_s)));
        socket.setSslConfiguration(client);
    }

    PhoenixDevServer server;
    bool configured = false;
    bool listening = false;
    PhoenixSocket socket;
};

QSslConfiguration trustingTestCa()
{
    QSslConfiguration client = QSslConfiguration::defaultConfiguration();
    client.setCaCertificates(QSslCertificate::fromPath(certPath(u"ca.pem"_s)));
    return client;
}

} // namespace

class tst_PhoenixTls : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data() { addTransportRows(); }
    void initTestCase();
    void serverUrlIsWss();
    void defaultSettingsRefuseAnUntrustedServerOncePerAttempt_data();
    void defaultSettingsRefuseAnUntrustedServerOncePerAttempt();
    void theTestCaInSslConfigurationConnects();
    void aWrongHostNameIsRefused();
    void disconnectThenConnectBackToBackConnects();

    // public-key pinning
    void publicKeyPinIsWhatOpensslComputes();
    void aMatchingPinConnects_data();
    void aMatchingPinConnects();
    void aPinMismatchFailsBeforeTheServerReadsAnything();
    void aPinMismatchSendsNothingOnAnyAttempt();
    void pinsThatAreAllInvalidRefuseEveryServer();
    void pinsWithoutTlsAreRefusedAndNothingIsSent();
    void pinsAloneCanTrustASelfSignedServerWithVerificationOff();

    // certificate errors
    void turningVerificationOffIsLoggedOnce();

    // mutual TLS
    void aClientCertificateConnects_data();
    void aClientCertificateConnects();
    void aServerThatDemandsACertificateAndGetsNoneSaysSo();
    void loadClientCertificateReportsUnusableFiles();
};

void tst_PhoenixTls::initTestCase()
{
    qRegisterMetaType<PhoenixSocket::Error>();
    if (!QSslSocket::supportsSsl())
        QSKIP("This Qt has no TLS backend");
}

void tst_PhoenixTls::serverUrlIsWss()
{
    TlsBed bed(u"server"_s);
    QVERIFY(bed.listening);
    QCOMPARE(bed.server.url().scheme(), u"wss"_s);
    QCOMPARE(bed.server.longPollUrl().scheme(), u"https"_s);
}

void tst_PhoenixTls::defaultSettingsRefuseAnUntrustedServerOncePerAttempt_data()
{
    QTest::addColumn<QString>("certificate");
    QTest::addColumn<QString>("reason");
    QTest::newRow("self-signed") << u"selfsigned"_s << u"self.signed"_s;
    QTest::newRow("unknown issuer") << u"server"_s << u"issuer"_s;
}

void tst_PhoenixTls::defaultSettingsRefuseAnUntrustedServerOncePerAttempt()
{
    QFETCH(QString, certificate);
    QFETCH(QString, reason);
    TlsBed bed(certificate);
    QVERIFY(bed.listening);
    bed.socket.setAutoReconnect(false); // the test makes each attempt itself
    QSignalSpy errors(&bed.socket, &PhoenixSocket::errorOccurred);
    QSignalSpy disconnected(&bed.socket, &PhoenixSocket::disconnected);
    for (int attempt = 1; attempt <= 3; ++attempt) {
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"TLS error"_s));
        bed.socket.connectToServer();
        QTRY_COMPARE(disconnected.size(), attempt);
        // Exactly one error per attempt (Qt signals the TLS failure twice: sslErrors, then the
        // handshake error), an SslError that names the reason.
        QCOMPARE(errors.size(), attempt);
        QCOMPARE(errors.last().at(0).value<PhoenixSocket::Error>(), PhoenixSocket::Error::SslError);
        const QString message = errors.last().at(1).toString();
        QVERIFY2(message.contains(QRegularExpression(reason, QRegularExpression::CaseInsensitiveOption)),
                 qPrintable(message));
    }
    QCOMPARE(bed.server.connectionCount(), 0);
    QCOMPARE(bed.server.connectionsWithRequestData(), 0);
}

void tst_PhoenixTls::theTestCaInSslConfigurationConnects()
{
    // A private CA over both transports: setSslConfiguration() reaches the LongPoll requests too.
    TlsBed bed(u"server"_s);
    QVERIFY(bed.listening);
    bed.trustTestCa();
    QSignalSpy errors(&bed.socket, &PhoenixSocket::errorOccurred);
    QVERIFY(connectSocket(bed.socket));
    PhoenixChannel *channel = bed.socket.channel(Lobby);
    QVERIFY(joinChannel(channel));
    QCOMPARE(errors.size(), 0);
    QCOMPARE(bed.server.connectionCount(isLongPoll() ? PhoenixDevServer::Transport::LongPoll
                                                     : PhoenixDevServer::Transport::WebSocket),
             1);
}

void tst_PhoenixTls::aWrongHostNameIsRefused()
{
    TlsBed bed(u"wronghost"_s); // a certificate for wrong.host.invalid, signed by the trusted CA
    QVERIFY(bed.listening);
    bed.trustTestCa();
    bed.socket.setAutoReconnect(false);
    QSignalSpy errors(&bed.socket, &PhoenixSocket::errorOccurred);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"TLS error"_s));
    bed.socket.connectToServer();
    QVERIFY(errors.wait(WaitMs));
    QCOMPARE(errors.first().at(0).value<PhoenixSocket::Error>(), PhoenixSocket::Error::SslError);
    QVERIFY2(errors.first().at(1).toString().contains(u"host name"_s, Qt::CaseInsensitive),
             qPrintable(errors.first().at(1).toString()));
    QTRY_COMPARE(bed.socket.state(), PhoenixSocket::State::Disconnected);
    QCOMPARE(errors.size(), 1);
}

void tst_PhoenixTls::disconnectThenConnectBackToBackConnects()
{
    // A TLS close completes asynchronously: connectToServer() arrives while it is under way.
    TlsBed bed(u"server"_s);
    QVERIFY(bed.listening);
    bed.trustTestCa();
    QVERIFY(connectSocket(bed.socket));
    PhoenixChannel *channel = bed.socket.channel(Lobby);
    QVERIFY(joinChannel(channel));
    QSignalSpy connected(&bed.socket, &PhoenixSocket::connected);
    bed.socket.disconnectFromServer();
    bed.socket.connectToServer();
    QVERIFY(connected.wait(WaitMs));
    QTRY_COMPARE(channel->state(), PhoenixChannel::State::Joined);
    QVERIFY(bed.socket.isConnected());
}

// ---- public-key pinning ------------------------------------------------------------------------------

void tst_PhoenixTls::publicKeyPinIsWhatOpensslComputes()
{
    for (const QString &name : {u"ca"_s, u"server"_s, u"selfsigned"_s}) {
        const QSslCertificate certificate = QSslCertificate::fromPath(certPath(name + u".pem"_s)).value(0);
        QVERIFY(!certificate.isNull());
        QVERIFY(!opensslPin(name).isEmpty());
        QCOMPARE(PhoenixSocket::publicKeyPin(certificate), opensslPin(name));
    }
    QCOMPARE(PhoenixSocket::publicKeyPin(QSslCertificate()), QString());
}

void tst_PhoenixTls::aMatchingPinConnects_data()
{
    QTest::addColumn<QStringList>("pins");
    QTest::newRow("the server's key") << QStringList{opensslPin(u"server"_s)};
    // The server does not send the CA: a pin of the CA that issued its certificate counts as well.
    QTest::newRow("the CA's key") << QStringList{opensslPin(u"ca"_s)};
    QTest::newRow("bare base64 among others")
        << QStringList{opensslPin(u"selfsigned"_s), u"not a pin"_s, opensslPin(u"server"_s).mid(7)};
}

void tst_PhoenixTls::aMatchingPinConnects()
{
    QFETCH(QStringList, pins);
    TlsBed bed(u"server"_s);
    QVERIFY(bed.listening);
    bed.trustTestCa();
    QSignalSpy pinsChanged(&bed.socket, &PhoenixSocket::publicKeyPinsChanged);
    if (pins.contains(u"not a pin"_s))
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"ignoring a public-key pin"_s));
    bed.socket.setPublicKeyPins(pins);
    QCOMPARE(pinsChanged.size(), 1);
    QCOMPARE(bed.socket.publicKeyPins(), pins);
    QSignalSpy errors(&bed.socket, &PhoenixSocket::errorOccurred);
    QVERIFY(connectSocket(bed.socket));
    QVERIFY(joinChannel(bed.socket.channel(Lobby)));
    QCOMPARE(errors.size(), 0);
}

void tst_PhoenixTls::aPinMismatchFailsBeforeTheServerReadsAnything()
{
    // The chain validates (trusted CA, right host name) but its keys are not pinned: the connection
    // is closed right after the handshake. Params and token travel in the first request (the
    // upgrade's query and header, the first poll), so the server must read nothing at all.
    TlsBed bed(u"server"_s);
    QVERIFY(bed.listening);
    bed.trustTestCa();
    bed.socket.setAutoReconnect(false);
    bed.socket.setParams({{u"secret"_s, u"p4r4m-s3cret"_s}});
    bed.socket.setAuthToken(u"t0ken-s3cret"_s);
    bed.socket.setPublicKeyPins({opensslPin(u"selfsigned"_s)}); // a valid pin of another key
    PhoenixChannel *channel = bed.socket.channel(Lobby);
    channel->join(); // its join frame waits in the send buffer: it must not go out either
    QSignalSpy errors(&bed.socket, &PhoenixSocket::errorOccurred);
    QSignalSpy disconnected(&bed.socket, &PhoenixSocket::disconnected);
    QSignalSpy connected(&bed.socket, &PhoenixSocket::connected);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"public-key pins"_s));
    bed.socket.connectToServer();
    QVERIFY(disconnected.wait(WaitMs));
    QCOMPARE(errors.size(), 1);
    QCOMPARE(errors.first().at(0).value<PhoenixSocket::Error>(),
             PhoenixSocket::Error::PublicKeyPinMismatchError);
    QVERIFY2(errors.first().at(1).toString().contains(u"pins"_s),
             qPrintable(errors.first().at(1).toString()));
    QCOMPARE(bed.socket.error(), PhoenixSocket::Error::PublicKeyPinMismatchError);
    QCOMPARE(connected.size(), 0);
    QTest::qWait(QuietMs); // anything still on its way would arrive now
    QCOMPARE(bed.server.connectionsWithRequestData(), 0);
    QCOMPARE(bed.server.lastConnectQuery().toString(), QString());
    QCOMPARE(bed.server.connectionCount(), 0);
    QCOMPARE(channel->state(), PhoenixChannel::State::Joining);
}

void tst_PhoenixTls::aPinMismatchSendsNothingOnAnyAttempt()
{
    // The refusal races Qt's HTTP thread, which writes the request right after the handshake's
    // (blocking) signal returned: a request stopped only by deleting its reply later went out on
    // some attempts. Many fresh sockets in a row make such a race show; none may send a byte.
    constexpr int Attempts = 10;
    std::vector<std::unique_ptr<TlsBed>> beds;
    for (int attempt = 1; attempt <= Attempts; ++attempt) {
        TlsBed &bed = *beds.emplace_back(std::make_unique<TlsBed>(u"server"_s));
        QVERIFY(bed.listening);
        bed.trustTestCa();
        bed.socket.setAutoReconnect(false);
        bed.socket.setAuthToken(u"t0ken-s3cret"_s);
        bed.socket.setPublicKeyPins({opensslPin(u"selfsigned"_s)});
        QSignalSpy errors(&bed.socket, &PhoenixSocket::errorOccurred);
        QSignalSpy disconnected(&bed.socket, &PhoenixSocket::disconnected);
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"public-key pins"_s));
        bed.socket.connectToServer();
        QVERIFY(disconnected.wait(WaitMs));
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors.first().at(0).value<PhoenixSocket::Error>(),
                 PhoenixSocket::Error::PublicKeyPinMismatchError);
    }
    QTest::qWait(QuietMs); // anything still on its way would arrive now
    for (int attempt = 1; attempt <= Attempts; ++attempt) {
        const PhoenixDevServer &server = beds.at(attempt - 1)->server;
        QVERIFY2(server.connectionsWithRequestData() == 0,
                 qPrintable(u"attempt %1 sent a request"_s.arg(attempt)));
        QCOMPARE(server.lastConnectQuery().toString(), QString());
    }
}

void tst_PhoenixTls::pinsThatAreAllInvalidRefuseEveryServer()
{
    TlsBed bed(u"server"_s);
    QVERIFY(bed.listening);
    bed.trustTestCa();
    bed.socket.setAutoReconnect(false);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"ignoring a public-key pin"_s));
    bed.socket.setPublicKeyPins({u"sha256/too-short"_s});
    QSignalSpy errors(&bed.socket, &PhoenixSocket::errorOccurred);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"public-key pins"_s));
    bed.socket.connectToServer();
    QVERIFY(errors.wait(WaitMs));
    QCOMPARE(errors.first().at(0).value<PhoenixSocket::Error>(),
             PhoenixSocket::Error::PublicKeyPinMismatchError);
    QTest::qWait(QuietMs);
    QCOMPARE(bed.server.connectionsWithRequestData(), 0);
}

void tst_PhoenixTls::pinsWithoutTlsAreRefusedAndNothingIsSent()
{
    TestBed bed; // plain ws:// and http://
    QVERIFY(bed.listening);
    bed.socket.setPublicKeyPins({opensslPin(u"server"_s)});
    QSignalSpy errors(&bed.socket, &PhoenixSocket::errorOccurred);
    QSignalSpy reconnects(&bed.socket, &PhoenixSocket::reconnectScheduled);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"does not use TLS"_s));
    bed.socket.connectToServer();
    QVERIFY(errors.wait(WaitMs));
    QCOMPARE(errors.first().at(0).value<PhoenixSocket::Error>(), PhoenixSocket::Error::InvalidUrlError);
    QTest::qWait(QuietMs);
    QCOMPARE(errors.size(), 1);
    QCOMPARE(reconnects.size(), 0); // a setting problem: no retry loop
    QCOMPARE(bed.server.connectionsWithRequestData(), 0);
}

void tst_PhoenixTls::pinsAloneCanTrustASelfSignedServerWithVerificationOff()
{
    // A device fleet pinning its server's self-signed key: verification off, the pin decides.
    TlsBed bed(u"selfsigned"_s);
    QVERIFY(bed.listening);
    QSslConfiguration insecure = QSslConfiguration::defaultConfiguration();
    insecure.setPeerVerifyMode(QSslSocket::VerifyNone);
    bed.socket.setPublicKeyPins({opensslPin(u"selfsigned"_s)});
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"verification is off.*pins still apply"_s));
    bed.socket.setSslConfiguration(insecure);
    QVERIFY(connectSocket(bed.socket));
    QVERIFY(joinChannel(bed.socket.channel(Lobby)));

    // The same with a pin of another key: refused although verification is off.
    bed.socket.disconnectFromServer();
    bed.socket.setAutoReconnect(false);
    bed.socket.setPublicKeyPins({opensslPin(u"server"_s)});
    QSignalSpy errors(&bed.socket, &PhoenixSocket::errorOccurred);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"public-key pins"_s));
    bed.socket.connectToServer();
    QVERIFY(errors.wait(WaitMs));
    QCOMPARE(errors.first().at(0).value<PhoenixSocket::Error>(),
             PhoenixSocket::Error::PublicKeyPinMismatchError);
}

// ---- certificate errors ------------------------------------------------------------------------------

void tst_PhoenixTls::turningVerificationOffIsLoggedOnce()
{
    TlsBed bed(u"selfsigned"_s);
    QVERIFY(bed.listening);
    LogCapture log;
    QSslConfiguration insecure = QSslConfiguration::defaultConfiguration();
    insecure.setPeerVerifyMode(QSslSocket::VerifyNone);
    bed.socket.setSslConfiguration(insecure);
    bed.socket.setSslConfiguration(insecure);
    QVERIFY(connectSocket(bed.socket)); // what the switch means: a self-signed server is accepted
    bed.socket.disconnectFromServer();
    QVERIFY(connectSocket(bed.socket));
    QCOMPARE(log.lines().filter(u"verification is off"_s).size(), 1);

    // Another socket warns for itself: the warning is per socket, not per process.
    PhoenixSocket other;
    other.setSslConfiguration(insecure);
    QCOMPARE(log.lines().filter(u"verification is off"_s).size(), 2);
    // The default configuration verifies: no warning.
    PhoenixSocket verifying;
    verifying.setSslConfiguration(QSslConfiguration::defaultConfiguration());
    QCOMPARE(log.lines().filter(u"verification is off"_s).size(), 2);
}

// ---- mutual TLS --------------------------------------------------------------------------------------

void tst_PhoenixTls::aClientCertificateConnects_data()
{
    QTest::addColumn<bool>("fromPemFiles");
    QTest::addColumn<bool>("throughStunnel");
    QTest::newRow("PEM files, dev server") << true << false;
    QTest::newRow("QSslConfiguration, dev server") << false << false;
    QTest::newRow("PEM files, stunnel") << true << true;
}

void tst_PhoenixTls::aClientCertificateConnects()
{
    QFETCH(bool, fromPemFiles);
    QFETCH(bool, throughStunnel);
    TestBed plain;
    TlsBed bed(u"server"_s, true);
    QVERIFY(bed.listening && plain.listening);
    std::unique_ptr<TlsTerminator> stunnel;
    if (throughStunnel) {
        stunnel = std::make_unique<TlsTerminator>(plain.server.port(), certPath(u"server.pem"_s),
                                                  certPath(u"server.key"_s), certPath(u"ca.pem"_s));
        if (!stunnel->missing().isEmpty())
            QSKIP(qPrintable(stunnel->missing()));
        QVERIFY2(stunnel->start(), qPrintable(stunnel->problem()));
        QUrl url = plain.server.url();
        url.setScheme(u"wss"_s);
        url.setPort(stunnel->port());
        bed.socket.setUrl(url);
    }
    bed.socket.setSslConfiguration(trustingTestCa());
    if (fromPemFiles) {
        QString problem;
        QVERIFY2(bed.socket.loadClientCertificate(certPath(u"client.pem"_s), certPath(u"client.key"_s),
                                                  QByteArray(), &problem),
                 qPrintable(problem));
        QVERIFY(problem.isEmpty());
    } else {
        QSslConfiguration configuration = bed.socket.sslConfiguration();
        configuration.setLocalCertificate(QSslCertificate::fromPath(certPath(u"client.pem"_s)).value(0));
        QFile key(certPath(u"client.key"_s));
        QVERIFY(key.open(QIODevice::ReadOnly));
        configuration.setPrivateKey(QSslKey(key.readAll(), QSsl::Rsa));
        bed.socket.setSslConfiguration(configuration);
    }
    QCOMPARE(bed.socket.sslConfiguration().localCertificate().subjectInfo(QSslCertificate::CommonName),
             QStringList{u"PhoenixQt test client"_s});
    QCOMPARE(bed.socket.sslConfiguration().caCertificates().size(), 1); // kept what was set before
    QSignalSpy errors(&bed.socket, &PhoenixSocket::errorOccurred);
    QVERIFY(connectSocket(bed.socket));
    QVERIFY(joinChannel(bed.socket.channel(Lobby)));
    QCOMPARE(errors.size(), 0);
    if (throughStunnel)
        QTRY_VERIFY(stunnel->output().contains(u"Certificate accepted"_s));
}

void tst_PhoenixTls::aServerThatDemandsACertificateAndGetsNoneSaysSo()
{
    // stunnel (OpenSSL) refuses a handshake without a client certificate with a "certificate
    // required" alert, as Phoenix behind nginx or Erlang's ssl does.
    TestBed plain;
    QVERIFY(plain.listening);
    TlsTerminator stunnel(plain.server.port(), certPath(u"server.pem"_s), certPath(u"server.key"_s),
                          certPath(u"ca.pem"_s));
    if (!stunnel.missing().isEmpty())
        QSKIP(qPrintable(stunnel.missing()));
    QVERIFY2(stunnel.start(), qPrintable(stunnel.problem()));
    PhoenixSocket socket;
    configureFast(socket);
    useCurrentTransport(socket);
    QUrl url = plain.server.url();
    url.setScheme(u"wss"_s);
    url.setPort(stunnel.port());
    socket.setUrl(url);
    socket.setSslConfiguration(trustingTestCa());
    socket.setAutoReconnect(false);
    QSignalSpy errors(&socket, &PhoenixSocket::errorOccurred);
    QSignalSpy disconnected(&socket, &PhoenixSocket::disconnected);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"requires a client certificate"_s));
    socket.connectToServer();
    QVERIFY(disconnected.wait(WaitMs));
    QCOMPARE(errors.size(), 1);
    QCOMPARE(errors.first().at(0).value<PhoenixSocket::Error>(),
             PhoenixSocket::Error::ClientCertificateError);
    QVERIFY2(errors.first().at(1).toString().contains(u"requires a client certificate"_s),
             qPrintable(errors.first().at(1).toString()));
    QCOMPARE(plain.server.connectionCount(), 0);
}

void tst_PhoenixTls::loadClientCertificateReportsUnusableFiles()
{
    PhoenixSocket socket;
    const QSslConfiguration before = socket.sslConfiguration();
    QString problem;
    QVERIFY(
        !socket.loadClientCertificate(certPath(u"missing.pem"_s), certPath(u"client.key"_s), {}, &problem));
    QVERIFY2(problem.contains(u"missing.pem"_s), qPrintable(problem));
    QVERIFY(
        !socket.loadClientCertificate(certPath(u"client.pem"_s), certPath(u"missing.key"_s), {}, &problem));
    QVERIFY2(problem.contains(u"missing.key"_s), qPrintable(problem));
    // A certificate where the key should be: no key in it.
    QVERIFY(
        !socket.loadClientCertificate(certPath(u"client.pem"_s), certPath(u"client.pem"_s), {}, &problem));
    QVERIFY2(problem.contains(u"private key"_s), qPrintable(problem));
    QVERIFY(!socket.loadClientCertificate(certPath(u"client.pem"_s), certPath(u"client.pem"_s)));
    QCOMPARE(socket.sslConfiguration(), before);
}

QTEST_GUILESS_MAIN(tst_PhoenixTls)
#include "tst_phoenixtls.moc"
