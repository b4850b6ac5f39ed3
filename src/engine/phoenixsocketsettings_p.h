// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

//
//  W A R N I N G
//  -------------
// This file is not part of the PhoenixQt API. It may change from version to version without notice.
//

#include "phoenixengineclients_p.h"
#include "phoenixtransport.h"

#include <QtCore/QJsonObject>
#include <QtCore/QString>
#include <QtCore/QUrl>
#include <QtCore/QVariantMap>

#include <functional>

/*!
 * \internal
 * Every setting of a socket, held once, by its engine: PhoenixSocket's setters write here (their
 * documentation is the reference, the QML types refer to it), and each connection attempt derives its
 * PhoenixTransportOptions from it (transportOptions()), which transports read as they are.
 */
struct PhoenixSocketSettings
{
    QUrl url;
    QJsonObject params;
    QVariantMap headers;
    QString authToken;
    std::function<QJsonObject()> paramsProvider;
    std::function<QString()> tokenProvider;
    std::function<int(int tries)> reconnectAfter = &defaultReconnectAfter;
    std::function<int(int tries)> rejoinAfter = &defaultRejoinAfter;
    //! Makes the transport of one attempt (the application's factory, as PhoenixSocket hands it over).
    std::function<PhoenixTransport *(PhoenixTransportKind kind, QObject *parent)> transportFactory;
#ifndef QT_NO_SSL
    QSslConfiguration sslConfiguration;
    bool hasSslConfiguration = false;
#endif
    int heartbeatInterval = 30000;
    int heartbeatTimeout = -1; // -1: heartbeatInterval
    int timeout = 10000;
    int connectTimeout = 10000;
    int longPollFallback = 0;
    int longPollTimeout = 20000;
    int sendBufferLimit = 10000;
    qint64 maxMessageSize = 64 * 1024 * 1024;
    double reconnectJitter = 0.0;
    PhoenixTransportKind transport = PhoenixTransportKind::WebSocket;
    bool autoReconnect = true;
    bool networkAware = true;

    //! phoenix.js's reconnect schedule: 10, 50, 100, 150, 200, 250, 500, 1000, 2000 ms, then 5000 ms.
    static int defaultReconnectAfter(int tries);
    //! phoenix.js's rejoin schedule: 1000, 2000, 5000 ms, then 10000 ms.
    static int defaultRejoinAfter(int tries);

    //! How long a heartbeat may wait for its reply (heartbeatTimeout, else heartbeatInterval).
    int effectiveHeartbeatTimeout() const
    {
        return heartbeatTimeout >= 0 ? heartbeatTimeout : heartbeatInterval;
    }
    /*!
     * The options of one connection attempt: the endpoint (url with "/websocket" appended as
     * phoenix.js does, \a connectParams and \a vsn in the query), headers, \a authToken, TLS and
     * limits. The caller runs the providers first and passes what they returned.
     */
    PhoenixTransportOptions transportOptions(const QJsonObject &connectParams, const QString &authToken,
                                             const QString &vsn) const;
};
