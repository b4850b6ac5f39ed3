// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

#include "phoenixglobal.h"

#include <QtCore/QByteArray>
#include <QtCore/QJsonObject>
#include <QtCore/QJsonValue>
#include <QtCore/QObject>

#include <functional>
#include <memory>

class PhoenixPush;
class PhoenixSocket;
class PhoenixChannelPrivate;
struct PhoenixMessage;

/*!
 * \brief One topic joined over a PhoenixSocket.
 *
 * Created by PhoenixSocket::channel() and owned by that socket (delete it to forget it; deleting a
 * joined channel does not send a leave, call leave() first).
 *
 * Lifecycle (as phoenix.js): join() sends phx_join; a join error, a join timeout, a server crash
 * (phx_error) or a lost connection put the channel in Errored and it rejoins on the socket's
 * rejoinAfter() schedule (at once when the socket reconnects). leave() and the server's phx_close
 * close it for good: no rejoin. Every join uses a fresh join_ref, and messages carrying an older
 * join_ref are dropped.
 *
 * Pushes made while the channel cannot send (socket offline or not joined yet) are buffered and sent
 * once the join succeeds; their timeout runs from the moment push() was called, so a push that cannot
 * be delivered in time reports timedOut() instead of being lost silently.
 *
 * Lives in its socket's thread (see PhoenixSocket).
 */
class PHOENIXQT_EXPORT PhoenixChannel : public QObject
{
    Q_OBJECT
    //! The topic, e.g. "room:lobby".
    Q_PROPERTY(QString topic READ topic CONSTANT)
    //! Join parameters, sent with every (re)join. A change applies to the next join.
    Q_PROPERTY(QJsonObject params READ params WRITE setParams NOTIFY paramsChanged)
    //! Lifecycle state.
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
    //! True while state is Joined.
    Q_PROPERTY(bool joined READ isJoined NOTIFY stateChanged)
    //! Default timeout of this channel's join, leave and pushes in ms (initially the socket's timeout).
    Q_PROPERTY(int timeout READ timeout WRITE setTimeout NOTIFY timeoutChanged)
    //! Ref of the current join (its join_ref), empty before the first join.
    Q_PROPERTY(QString joinRef READ joinRef NOTIFY joinRefChanged)

public:
    //! Lifecycle states (phoenix.js CHANNEL_STATES).
    enum class State { Closed, Joining, Joined, Leaving, Errored };
    Q_ENUM(State)

    //! Callback for on(): receives the payload of the event.
    using EventHandler = std::function<void(const QJsonObject &payload)>;

    ~PhoenixChannel() override;

    QString topic() const;
    QJsonObject params() const;
    void setParams(const QJsonObject &params);
    State state() const;
    bool isJoined() const;
    int timeout() const;
    void setTimeout(int ms);
    QString joinRef() const;
    //! The socket this channel belongs to (its parent).
    PhoenixSocket *socket() const;

    /*!
     * Joins the topic (once per instance; a second call warns and returns the same push). Returns
     * the join push, owned by the channel: its replied() fires for every join attempt. If the socket
     * is not connected yet, the join goes out as soon as it is. \a timeoutMs -1 uses timeout().
     */
    PhoenixPush *join(int timeoutMs = -1);
    /*!
     * Leaves the topic: no more rejoins. closed() follows the server's ok reply or the timeout; if
     * the channel cannot send right now it closes at once. Returns the leave push (auto-deleted after
     * it finishes unless PhoenixPush::setAutoDelete(false)).
     */
    PhoenixPush *leave(int timeoutMs = -1);
    /*!
     * Pushes \a event with \a payload. Returns the push (a child of the channel, deleted after it
     * finished unless PhoenixPush::setAutoDelete(false) is called right away). Never returns
     * nullptr: a push that cannot be accepted (channel left, send buffer full) fails with
     * PhoenixPush::errorOccurred(), delivered from the event loop so you can connect first.
     */
    PhoenixPush *push(const QString &event, const QJsonObject &payload = {}, int timeoutMs = -1);
    //! Like push(), with a raw binary payload sent as a V2 binary frame.
    PhoenixPush *pushBinary(const QString &event, const QByteArray &payload, int timeoutMs = -1);

    /*!
     * Calls \a handler for every \a event received on this channel, while \a context lives (as
     * phoenix.js channel.on / the Elixir clients' hooks). Returns an id for off().
     */
    int on(const QString &event, const QObject *context, EventHandler handler);
    //! Removes the handler \a id, or all handlers of \a event when \a id is -1.
    void off(const QString &event, int id = -1);

Q_SIGNALS:
    //! Emitted when a join (first or re-join) succeeded, with the server's response.
    void joined(const QJsonValue &response);
    //! Emitted when a join failed: error reply (its response) or timeout ({"reason":"timeout"}).
    void joinFailed(const QJsonValue &response);
    //! Emitted for every JSON event the server sends on this topic (not for phx_* control events).
    void messageReceived(const QString &event, const QJsonObject &payload);
    //! Emitted for every binary event the server sends on this topic.
    void binaryMessageReceived(const QString &event, const QByteArray &payload);
    //! Emitted for every reply to a push of this channel (including joins and leaves).
    void replyReceived(const QString &ref, const QString &status, const QJsonValue &response);
    //! Emitted when the channel closed for good: after leave(), or when the server sent phx_close.
    void closed();
    //! Emitted when the channel errored (server crash, lost connection) with a translated reason.
    void errorOccurred(const QString &reason);
    void stateChanged(PhoenixChannel::State state);
    //! Emitted when a rejoin is scheduled: attempt number and delay in ms.
    void rejoinScheduled(int attempt, int delayMs);
    void paramsChanged(const QJsonObject &params);
    void timeoutChanged(int ms);
    void joinRefChanged(const QString &joinRef);

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    explicit PhoenixChannel(const QString &topic, const QJsonObject &params, PhoenixSocket *socket);
    Q_DISABLE_COPY_MOVE(PhoenixChannel)
    friend class PhoenixSocket;
    friend class PhoenixSocketPrivate;
    friend class PhoenixChannelPrivate;
    friend class PhoenixPushPrivate;
    friend class PhoenixPush;
    std::unique_ptr<PhoenixChannelPrivate> d;
};
