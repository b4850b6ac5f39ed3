// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

//
//  W A R N I N G
//  -------------
// This file is not part of the PhoenixQt API. It may change from version to version without notice.
//

#include <QtCore/QByteArray>
#include <QtCore/QString>
#include <QtCore/QStringList>

#ifndef QT_NO_NETWORKPROXY
#include <QtNetwork/QNetworkProxy>

class QAuthenticator;
class QUrl;

/*!
 * \internal
 * What one connection attempt of a built-in transport knows about its proxy's credentials, and the
 * rule both transports follow when the proxy asks for them: Qt Network tries the credentials of the
 * configured QNetworkProxy itself; the first time the proxy still asks, the application is asked
 * (PhoenixTransport::proxyAuthenticationRequired()); any later request is left unanswered, so Qt
 * fails the attempt with a proxy authentication error instead of asking forever.
 *
 * It also knows every user name and password it saw, so that error texts never carry them.
 */
class PhoenixProxyAuth
{
public:
    explicit PhoenixProxyAuth(const QNetworkProxy &configured = QNetworkProxy());

    //! What to do when the proxy asks for credentials.
    enum class Answer {
        AskApplication, //!< the first request: ask the application, then remember() its answer
        UseRemembered,  //!< answer with what the application said before (a new connection asks again)
        Refuse          //!< leave the authenticator alone: Qt fails the attempt
    };
    /*!
     * The proxy asks for credentials (again). The first time the application is asked; afterwards
     * its answer is reused at most \a reuses more times (Qt Network opens more than one connection
     * for LongPoll, and each may ask), then the request is refused.
     */
    Answer onRequest(int reuses);
    //! Whether the proxy asked for credentials during this attempt.
    bool asked() const { return m_requests > 0; }
    //! The application answered with \a authenticator: its credentials are used from now on.
    void remember(const QAuthenticator &authenticator);
    //! Fills \a authenticator with what remember() stored.
    void fill(QAuthenticator *authenticator) const;
    //! Learns the credentials of \a proxy (e.g. a system proxy), to keep them out of messages.
    void learn(const QNetworkProxy &proxy);

    /*!
     * The value of a Proxy-Authorization header with Basic credentials for a request to \a url
     * through \a proxy (the proxy Qt will use: resolve QNetworkProxy::DefaultProxy first), or an
     * empty array when none should be sent: only an HTTP proxy that forwards a plain http:// request
     * reads such a header (an https:// request travels in a CONNECT tunnel, where the header would
     * reach the server instead), and only when a user name is known.
     */
    QByteArray basicAuthorization(const QNetworkProxy &proxy, const QUrl &url) const;

    //! \a text with every user name and password known here replaced by "…".
    QString redact(QString text) const;

    //! The proxy Qt uses for \a url when \a configured is QNetworkProxy::DefaultProxy (else \a configured).
    static QNetworkProxy effectiveProxy(const QNetworkProxy &configured, const QUrl &url);

private:
    void addSecret(const QString &secret);

    QString m_user;     // answered by the application
    QString m_password; // answered by the application
    QStringList m_secrets;
    int m_requests = 0;
};
#endif
