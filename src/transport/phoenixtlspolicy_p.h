// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

//
//  W A R N I N G
//  -------------
// This file is not part of the PhoenixQt API. It may change from version to version without notice.
//

#include <QtCore/QByteArray>
#include <QtCore/QList>
#include <QtCore/QString>
#include <QtCore/QStringList>

#ifndef QT_NO_SSL
#include <QtNetwork/QSsl>
#include <QtNetwork/QSslCertificate>
#include <QtNetwork/QSslConfiguration>

/*!
 * \internal
 * The TLS policy both built-in transports apply after a handshake and before anything is sent:
 * public-key pinning, and telling a refused client certificate from other TLS failures.
 *
 * Where the check runs (Qt 6.4): QWebSocket writes its upgrade request into its QSslSocket before
 * the handshake, and QSslSocket sends it only after emitting encrypted(); the LongPoll transport's
 * QNetworkReply emits encrypted() (a blocking call from Qt's HTTP thread) before the request is
 * written. A transport that aborts from a slot of that signal has sent nothing (tests/auto/phoenixtls
 * proves that the server reads no byte).
 */
class PhoenixTlsPolicy
{
public:
    //! \a pins as PhoenixTransportOptions::publicKeyPins holds them; invalid entries are logged and
    //! never match.
    explicit PhoenixTlsPolicy(const QStringList &pins = {});

    //! Whether pins were given: a connection must then match one of them (and use TLS).
    bool pinning() const { return m_pinning; }

    /*!
     * Whether the session that just completed its handshake matches a pin: the SHA-256 of the
     * SubjectPublicKeyInfo of a certificate the server presented, or of the trusted CA certificate
     * (from \a session's CA certificates) that issued the last of them when the chain was verified.
     * True when no pins are set.
     */
    bool matches(const QSslConfiguration &session) const;

    //! The pin of \a certificate's public key: "sha256/" + base64 of the SHA-256 of its
    //! SubjectPublicKeyInfo (DER), as HPKP and OkHttp write it.
    static QString pinOf(const QSslCertificate &certificate);

    //! Whether a TLS alert from the server says that it wants a (different) client certificate.
    static bool isClientCertificateAlert(QSsl::AlertType type);
    //! Whether an error text from the TLS library names such an alert (QNetworkReply shows no alerts).
    static bool mentionsClientCertificateAlert(const QString &text);

private:
    bool matchesCertificate(const QSslCertificate &certificate) const;

    QList<QByteArray> m_digests;
    bool m_pinning = false;
};
#endif
