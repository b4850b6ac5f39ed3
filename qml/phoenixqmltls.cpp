// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#include "phoenixqmltls.h"

#include "phoenixqmllogging_p.h"

#include <PhoenixQt/PhoenixSocket>

#include <QtCore/QUrl>
#ifndef QT_NO_SSL
#include <QtNetwork/QSslCertificate>
#include <QtNetwork/QSslConfiguration>
#include <QtNetwork/QSslSocket>
#endif

using namespace Qt::StringLiterals;

PhoenixQmlTls::PhoenixQmlTls(PhoenixSocket *socket, QObject *owner, Reporter report)
    : QObject(owner)
    , m_socket(socket)
    , m_report(std::move(report))
{
#ifndef QT_NO_SSL
    connect(socket, &PhoenixSocket::publicKeyPinsChanged, this, &PhoenixQmlTls::publicKeyPinsChanged);
#endif
}

QString PhoenixQmlTls::localPath(const QString &fileOrUrl)
{
    if (fileOrUrl.startsWith(u":/"_s))
        return fileOrUrl;
    const QUrl url(fileOrUrl);
    if (url.isLocalFile())
        return url.toLocalFile();
    if (url.scheme() == u"qrc"_s)
        return u':' + url.path();
    return fileOrUrl;
}

void PhoenixQmlTls::setCaCertificates(const QStringList &files)
{
    if (m_caCertificates == files)
        return;
    m_caCertificates = files;
    settingChanged();
}

void PhoenixQmlTls::setClientCertificate(const QString &file)
{
    if (m_clientCertificate == file)
        return;
    m_clientCertificate = file;
    settingChanged();
}

void PhoenixQmlTls::setClientKey(const QString &file)
{
    if (m_clientKey == file)
        return;
    m_clientKey = file;
    settingChanged();
}

void PhoenixQmlTls::setPassPhrase(const QString &passPhrase)
{
    if (m_passPhrase == passPhrase)
        return;
    m_passPhrase = passPhrase;
    settingChanged();
}

void PhoenixQmlTls::setIgnoreSslErrors(bool ignore)
{
    if (m_ignoreSslErrors == ignore)
        return;
    m_ignoreSslErrors = ignore;
    settingChanged();
}

QStringList PhoenixQmlTls::publicKeyPins() const
{
#ifndef QT_NO_SSL
    return m_socket->publicKeyPins();
#else
    return {};
#endif
}

void PhoenixQmlTls::setPublicKeyPins(const QStringList &pins)
{
#ifndef QT_NO_SSL
    m_socket->setPublicKeyPins(pins); // emits publicKeyPinsChanged() through the C++ socket
#else
    Q_UNUSED(pins);
#endif
}

void PhoenixQmlTls::settingChanged()
{
    m_used = true;
    Q_EMIT changed();
    if (!m_complete || m_applyPending)
        return; // componentComplete() applies them, before the first connection
    // Settings made one after the other (a certificate, then its key) are applied together.
    m_applyPending = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_applyPending = false;
            apply();
        },
        Qt::QueuedConnection);
}

void PhoenixQmlTls::report(int error, const QString &message)
{
    if (m_report)
        m_report(error, message);
}

void PhoenixQmlTls::apply()
{
    m_complete = true;
#ifndef QT_NO_SSL
    m_applyPending = false;
    if (!m_used)
        return; // nothing set here: the C++ socket's configuration stays whatever C++ made it
    PhoenixSocket *const socket = m_socket;
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    for (const QString &file : std::as_const(m_caCertificates)) {
        const QList<QSslCertificate> certificates = QSslCertificate::fromPath(localPath(file), QSsl::Pem);
        if (certificates.isEmpty()) {
            report(int(PhoenixSocket::Error::SslError),
                   tr("PhoenixSocket.tls.caCertificates: no PEM certificate in %1.").arg(file));
            continue;
        }
        configuration.addCaCertificates(certificates);
    }
    if (m_ignoreSslErrors)
        configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
    socket->setSslConfiguration(configuration);
    if (m_clientCertificate.isEmpty() != m_clientKey.isEmpty()) {
        report(int(PhoenixSocket::Error::ClientCertificateError),
               tr("PhoenixSocket.tls: clientCertificate and clientKey go together."));
    } else if (!m_clientCertificate.isEmpty()) {
        QString problem;
        if (!socket->loadClientCertificate(localPath(m_clientCertificate), localPath(m_clientKey),
                                           m_passPhrase.toUtf8(), &problem))
            report(int(PhoenixSocket::Error::ClientCertificateError), problem);
    }
#endif
}
