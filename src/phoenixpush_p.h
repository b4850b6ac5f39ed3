// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

//
//  W A R N I N G
//  -------------
// This file is not part of the PhoenixQt API. It may change from version to version without notice.
//

#include "phoenixguard_p.h"
#include "phoenixpush.h"

#include <QtCore/QBasicTimer>
#include <QtCore/QPointer>

#include <memory>
#include <vector>

class PhoenixChannelPrivate;

class PhoenixPushPrivate
{
public:
    enum class Role : quint8 { Message, Join, Leave };

    PhoenixPushPrivate(PhoenixPush *q, PhoenixChannelPrivate *channel, const QString &event)
        : q(q), channel(channel), event(event)
    {
    }

    //! Allocates a ref if needed, arms the timeout and hands the frame to the socket.
    void send();
    //! Forgets the outcome and the ref (join pushes, before a rejoin).
    void reset();
    //! Allocates a new ref (unregistering the old one) and registers it with the channel.
    void assignRef();
    void startTimeout();
    void cancelTimeout();
    //! Ends the push with a reply from the server.
    void resolve(const QString &status, const QJsonValue &response, const QByteArray &binaryResponse, bool binary);
    //! Ends the push with a timeout.
    void expire();
    //! Ends the push with a local failure; \a queued defers it to the event loop.
    void fail(PhoenixPush::Error error, const QString &message, bool queued);
    //! Runs the receive() hooks for \a status.
    void runHooks(const QString &status, const QJsonValue &response);
    void finish();

    struct Hook
    {
        QString status;
        QPointer<const QObject> context;
        bool hasContext = false;
        PhoenixPush::ResponseHandler handler;
    };

    PhoenixPush *const q;
    PhoenixChannelPrivate *channel; // nulled when the channel is being destroyed
    PhoenixDeletionGuard *guards = nullptr;
    const QString event;
    QJsonObject payload;
    QString ref;
    QString status;
    QJsonValue response;
    //! Fields most pushes never use, allocated on first use (memory per joined channel).
    struct Extra
    {
        QByteArray binaryPayload;
        QByteArray binaryResponse;
        QString errorString;
        std::vector<Hook> hooks;
    };
    std::unique_ptr<Extra> extra;
    Extra &ext()
    {
        if (!extra)
            extra = std::make_unique<Extra>();
        return *extra;
    }
    QBasicTimer timer;
    int timeoutMs = 10000;
    PhoenixPush::Error error = PhoenixPush::Error::NoError;
    Role role = Role::Message;
    bool binary = false;
    bool finished = false;
    bool buffered = false; // waiting in the channel's push buffer
    bool autoDelete = true;
};
