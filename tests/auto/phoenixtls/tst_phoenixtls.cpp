// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// PhoenixSocket over wss:// against the dev server serving the test certificates of
// tests/shared/certs: what the default settings refuse (and that each refusal is reported once per
// attempt, with its reason), what a configured CA accepts, and that a wrong host name is refused.

#include "testbed.h"

#include <PhoenixQt/PhoenixSocket>

#include <QtCore/QFile>
#include <QtCore/QRegularExpression>
#include <QtNetwork/QSslCertificate>
#include <QtNetwork/QSslConfiguration>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;
using namespace PhoenixTest;

namespace {

const QString Certs = QStringLiteral(PHOENIXQT_TEST_CERTS_DIR);

//! A dev server serving wss:// with the certificate \a name (server, wronghost, selfsigned).
struct TlsBed
{
    explicit TlsBed(const QString &name)
    {
        QString problem;
        const QSslConfiguration tls = PhoenixDevServer::sslConfigurationFromPem(
            Certs + u'/' + name + u".pem"_s, Certs + u'/' + name + u".key"_s, &problem);
        configured = problem.isEmpty() && !tls.localCertificate().isNull();
        server.setSslConfiguration(tls);
        listening = configured && server.listen();
        configureFast(socket);
        socket.setUrl(server.url());
    }

    //! The client trusts the test CA.
    void trustTestCa()
    {
        QSslConfiguration client = QSslConfiguration::defaultConfiguration();
        client.setCaCertificates(QSslCertificate::fromPath(Certs + u"/ca.pem"_s));
        socket.setSslConfiguration(client);
    }

    PhoenixDevServer server;
    bool configured = false;
    bool listening = false;
    PhoenixSocket socket;
};

} // namespace

class tst_PhoenixTls : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void serverUrlIsWss();
    void defaultSettingsRefuseAnUntrustedServerOncePerAttempt_data();
    void defaultSettingsRefuseAnUntrustedServerOncePerAttempt();
    void theTestCaInSslConfigurationConnects();
    void aWrongHostNameIsRefused();
    void disconnectThenConnectBackToBackConnects();
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
}

void tst_PhoenixTls::theTestCaInSslConfigurationConnects()
{
    TlsBed bed(u"server"_s);
    QVERIFY(bed.listening);
    bed.trustTestCa();
    QSignalSpy errors(&bed.socket, &PhoenixSocket::errorOccurred);
    QVERIFY(connectSocket(bed.socket));
    PhoenixChannel *channel = bed.socket.channel(Lobby);
    QVERIFY(joinChannel(channel));
    QCOMPARE(errors.size(), 0);
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

QTEST_GUILESS_MAIN(tst_PhoenixTls)
#include "tst_phoenixtls.moc"
