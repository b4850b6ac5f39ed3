// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// The QML socket's proxy property and its tls group (see PhoenixQmlTls).
#include "phoenixqmllogging_p.h"
#include "phoenixqmlsocket.h"

#include <QtCore/QUrl>
#include <QtNetwork/QNetworkProxy>
#include <QtQml/QQmlInfo>

using namespace Qt::StringLiterals;

void PhoenixQmlSocket::initNetwork()
{
    m_tls = new PhoenixQmlTls(m_socket, this, [this](int error, const QString &message) {
        qmlWarning(this) << message;
        Q_EMIT errorOccurred(PhoenixSocket::Error(error), message);
    }); // a child of this item
#ifndef QT_NO_NETWORKPROXY
    m_proxyText = proxy();
    connect(m_socket, &PhoenixSocket::proxyChanged, this, [this] {
        const QString text = proxy();
        if (text == m_proxyText)
            return;
        m_proxyText = text;
        Q_EMIT proxyChanged();
    });
#endif
}

PhoenixQmlTls *PhoenixQmlSocket::tls() const
{
    return m_tls;
}

QString PhoenixQmlSocket::proxy() const
{
#ifndef QT_NO_NETWORKPROXY
    const QNetworkProxy proxy = m_socket->proxy();
    QUrl url;
    switch (proxy.type()) {
    case QNetworkProxy::NoProxy:
        return u"none"_s;
    case QNetworkProxy::DefaultProxy:
        return QString(); // also after "system": the application proxy, which then follows the system
                          // settings
    case QNetworkProxy::Socks5Proxy:
        url.setScheme(u"socks5"_s);
        break;
    default:
        url.setScheme(u"http"_s);
        break;
    }
    url.setHost(proxy.hostName());
    url.setPort(proxy.port());
    url.setUserName(proxy.user());
    url.setPassword(proxy.password());
    return url.toString(QUrl::FullyEncoded);
#else
    return QString();
#endif
}

void PhoenixQmlSocket::setProxy(const QString &text)
{
#ifndef QT_NO_NETWORKPROXY
    QNetworkProxy proxy; // "": the application proxy
    const QString trimmed = text.trimmed();
    if (trimmed == u"none"_s) {
        proxy = QNetworkProxy(QNetworkProxy::NoProxy);
    } else if (trimmed == u"system"_s) {
        QNetworkProxyFactory::setUseSystemConfiguration(true);
    } else if (!trimmed.isEmpty()) {
        bool ok = false;
        proxy = PhoenixSocket::proxyFromUrl(QUrl(trimmed), &ok);
        if (!ok) {
            // The text may hold a password: name only its scheme and host.
            const QUrl url(trimmed);
            const QString shown = url.isValid() && !url.host().isEmpty()
                                      ? url.scheme() + u"://"_s + url.host()
                                      : tr("(unreadable)");
            const QString message =
                tr("PhoenixSocket.proxy: not a proxy (http://host:port, socks5://host:port, system or none): "
                   "%1. Using the application proxy.")
                    .arg(shown);
            qmlWarning(this) << message;
            Q_EMIT errorOccurred(PhoenixSocket::Error::ProxyError, message);
        }
    }
    m_socket->setProxy(proxy); // proxyChanged() follows the C++ socket's (see initNetwork())
#else
    Q_UNUSED(text);
#endif
}
