// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

//
//  W A R N I N G
//  -------------
// This file is not part of the PhoenixQt API. It may change from version to version without notice.
//

#include "phoenixchannel.h"
#include "phoenixguard_p.h"
#include "phoenixmessage.h"

#include <QtCore/QBasicTimer>
#include <QtCore/QHash>
#include <QtCore/QList>
#include <QtCore/QPointer>

#include <memory>
#include <vector>

class PhoenixSocketPrivate;

class PhoenixChannelPrivate
{
public:
    PhoenixChannelPrivate(PhoenixChannel *q, PhoenixSocketPrivate *socket, const QString &topic,
                          const QJsonObject &params);

    bool canPush() const;
    void setState(PhoenixChannel::State newState);
    QString joinRef() const;

    void rejoin();
    void scheduleRejoin();
    void resetRejoin();
    void onRejoinTimer();

    //! Routes one message that passed the topic and join_ref checks.
    void dispatch(const PhoenixMessage &message);
    void handleReply(const PhoenixMessage &message);
    void onJoinReply(const QString &status, const QJsonValue &response);
    void onJoinTimeout();
    void onLeaveFinished();
    //! The channel errored: server crash (phx_error) or transport loss.
    void triggerError(const QString &reason);
    //! The channel closed for good (leave finished or server phx_close).
    void triggerClose();
    //! Called by the socket when it opened a connection.
    void onSocketOpen();
    //! Called by the socket when its connection closed or failed.
    void onSocketClosed(const QString &reason);
    //! Sends the buffered pushes after a successful join.
    void flushPushBuffer();
    //! A push ended or died: forget it.
    void forgetPush(PhoenixPush *push);

    PhoenixPush *newPush(const QString &event, int timeoutMs);
    //! Sends \a push now, buffers it until the join, or fails it (closed channel, full buffer).
    PhoenixPush *submit(PhoenixPush *push);

    struct Binding
    {
        int id;
        QString event;
        QPointer<const QObject> context;
        PhoenixChannel::EventHandler handler;
    };

    //! What most channels never use (buffered pushes, on() handlers), allocated on first use: a joined
    //! channel's memory is part of the benchmarks.
    struct Extra
    {
        QList<PhoenixPush *> pushBuffer; // pushes waiting for the join
        std::vector<Binding> bindings;
        int nextBindingId = 1;
    };
    Extra &ext()
    {
        if (!extra)
            extra = std::make_unique<Extra>();
        return *extra;
    }
    bool hasBindings() const { return extra && !extra->bindings.empty(); }
    qsizetype bufferedCount() const { return extra ? extra->pushBuffer.size() : 0; }

    PhoenixChannel *const q;
    PhoenixSocketPrivate *socket; // nulled when the socket is being destroyed
    const QString topic;
    QJsonObject params;
    PhoenixPush *joinPush = nullptr;
    PhoenixDeletionGuard *guards = nullptr;
    PhoenixChannelPrivate *nextSameTopic = nullptr; // see PhoenixSocketPrivate::byTopic
    std::unique_ptr<Extra> extra;
    QBasicTimer rejoinTimer;
    int rejoinTries = 0;
    int timeout = 10000;
    PhoenixChannel::State state = PhoenixChannel::State::Closed;
    bool joinedOnce = false;
    bool routed = false; // registered in the socket's topic table
};
