// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#include "phoenixproxyauth_p.h"

#ifndef QT_NO_NETWORKPROXY

#include <QtCore/QUrl>
#include <QtNetwork/QAuthenticator>

using namespace Qt::StringLiterals;

namespace {
// Shorter strings are not redacted: replacing every "a" of a message would make it unreadable, and
// the messages are built from host names and Qt's texts, which never hold credentials themselves.
constexpr qsizetype MinSecretLength = 3;
} // namespace

PhoenixProxyAuth::PhoenixProxyAuth(const QNetworkProxy &configured)
{
    learn(configured);
}

void PhoenixProxyAuth::learn(const QNetworkProxy &proxy)
{
    addSecret(proxy.user());
    addSecret(proxy.password());
}

PhoenixProxyAuth::Answer PhoenixProxyAuth::onRequest(int reuses)
{
    ++m_requests;
    if (m_requests == 1)
        return Answer::AskApplication;
    if (!m_user.isEmpty() && m_requests <= 1 + reuses)
        return Answer::UseRemembered;
    return Answer::Refuse;
}

void PhoenixProxyAuth::fill(QAuthenticator *authenticator) const
{
    authenticator->setUser(m_user);
    authenticator->setPassword(m_password);
}

void PhoenixProxyAuth::remember(const QAuthenticator &authenticator)
{
    m_user = authenticator.user();
    m_password = authenticator.password();
    addSecret(m_user);
    addSecret(m_password);
}

QByteArray PhoenixProxyAuth::basicAuthorization(const QNetworkProxy &proxy, const QUrl &url) const
{
    if (url.scheme() != "http"_L1 ||
        (proxy.type() != QNetworkProxy::HttpProxy && proxy.type() != QNetworkProxy::HttpCachingProxy))
        return {};
    const bool answered = !m_user.isEmpty();
    const QString user = answered ? m_user : proxy.user();
    const QString password = answered ? m_password : proxy.password();
    if (user.isEmpty())
        return {};
    return "Basic " + (user + u':' + password).toUtf8().toBase64();
}

QString PhoenixProxyAuth::redact(QString text) const
{
    for (const QString &secret : m_secrets)
        text.replace(secret, u"…"_s);
    return text;
}

QNetworkProxy PhoenixProxyAuth::effectiveProxy(const QNetworkProxy &configured, const QUrl &url)
{
    if (configured.type() != QNetworkProxy::DefaultProxy)
        return configured;
    const QList<QNetworkProxy> proxies = QNetworkProxyFactory::proxyForQuery(QNetworkProxyQuery(url));
    return proxies.isEmpty() ? QNetworkProxy(QNetworkProxy::NoProxy) : proxies.first();
}

void PhoenixProxyAuth::addSecret(const QString &secret)
{
    if (secret.size() < MinSecretLength)
        return;
    for (const QString &form : {secret, QString::fromLatin1(QUrl::toPercentEncoding(secret))}) {
        if (!m_secrets.contains(form))
            m_secrets.append(form);
    }
}

#endif // QT_NO_NETWORKPROXY
