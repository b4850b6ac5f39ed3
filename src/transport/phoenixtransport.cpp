// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#include "phoenixtransport.h"

class PhoenixTransportPrivate
{
public:
    QString errorString;
    PhoenixTransport::State state = PhoenixTransport::State::Idle;
    PhoenixTransport::Error error = PhoenixTransport::Error::NoError;
};

PhoenixTransport::PhoenixTransport(QObject *parent)
    : QObject(parent)
    , d(std::make_unique<PhoenixTransportPrivate>())
{
}

PhoenixTransport::~PhoenixTransport() = default;

PhoenixTransport::State PhoenixTransport::state() const
{
    return d->state;
}

PhoenixTransport::Error PhoenixTransport::error() const
{
    return d->error;
}

QString PhoenixTransport::errorString() const
{
    return d->errorString;
}

bool PhoenixTransport::needsHeartbeat() const
{
    return true;
}

bool PhoenixTransport::closeReachesServer() const
{
    return true;
}

QString PhoenixTransport::redactedUrl(const QUrl &url)
{
    return url.adjusted(QUrl::RemoveQuery | QUrl::RemoveUserInfo | QUrl::RemoveFragment).toDisplayString();
}

#ifndef QT_NO_NETWORKPROXY
QString PhoenixTransport::redactedProxy(const QNetworkProxy &proxy)
{
    switch (proxy.type()) {
    case QNetworkProxy::NoProxy:
        return tr("no proxy");
    case QNetworkProxy::DefaultProxy:
        return tr("the application proxy");
    default:
        break;
    }
    const QString host = proxy.hostName().contains(u':') ? u'[' + proxy.hostName() + u']' : proxy.hostName();
    return host + u':' + QString::number(proxy.port());
}
#endif

void PhoenixTransport::reportOpening()
{
    if (d->state != State::Idle)
        return;
    d->state = State::Opening;
    Q_EMIT stateChanged(d->state);
}

void PhoenixTransport::reportOpened()
{
    if (d->state != State::Opening)
        return;
    d->state = State::Open;
    Q_EMIT stateChanged(d->state);
    Q_EMIT opened();
}

void PhoenixTransport::reportFrame(const QByteArray &frame, FrameType type)
{
    if (d->state != State::Open)
        return;
    Q_EMIT frameReceived(frame, type);
}

void PhoenixTransport::reportClosing()
{
    if (d->state == State::Closed || d->state == State::Closing)
        return;
    d->state = State::Closing;
    Q_EMIT stateChanged(d->state);
}

void PhoenixTransport::reportError(Error error, const QString &message)
{
    if (d->state == State::Closed)
        return;
    d->error = error;
    d->errorString = message;
    Q_EMIT errorOccurred(error, message);
}

#ifndef QT_NO_NETWORKPROXY
void PhoenixTransport::reportProxyAuthenticationRequired(const QNetworkProxy &proxy,
                                                         QAuthenticator *authenticator)
{
    if (d->state == State::Closed)
        return;
    Q_EMIT proxyAuthenticationRequired(proxy, authenticator);
}
#endif

void PhoenixTransport::reportClosed(int code, const QString &reason, bool clean)
{
    if (d->state == State::Closed)
        return;
    d->state = State::Closed;
    Q_EMIT stateChanged(d->state);
    Q_EMIT closed(code, reason, clean);
}
