// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

#include "phoenixglobal.h"
#include "phoenixpush.h"

#include <QtCore/QByteArray>
#include <QtCore/QJsonObject>
#include <QtCore/QJsonValue>
#include <QtCore/QObject>

#include <functional>
#include <memory>

class PhoenixEngine;
class PhoenixChannelPrivate;
class PhoenixSocket;
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
 * once the join succeeds; their timeout starts when push() is called and starts again when they are
 * sent (as phoenix.js), so a push that cannot be delivered reports timedOut() instead of being lost
 * silently. When the channel closes, its pushes still waiting fail at once with
 * PhoenixPush::ChannelClosedError.
 *
 * \section channel_awaiting Awaiting a join
 * join(), leave() and push() return the PhoenixPush of the request; its future() delivers the outcome
 * as a PhoenixReply (`channel->join()->future().then(this, …)`). Code without an event loop of its
 * own waits with waitForJoined() (and PhoenixPush::waitForReply()).
 *
 * \section channel_freshparams Fresh join parameters
 * params are sent with every join and rejoin. When a rejoin should carry what the application knows
 * by then (e.g. {"last_seen_id": 1234} after a reconnect, so the server sends what was missed), set a
 * provider with setParamsProvider(): it is called before every join and rejoin.
 *
 * \section channel_errors Errors
 * error() and errorString() tell why the channel is not joined: they are set when joinFailed() or
 * errorOccurred() is emitted (readable from the slots) and go back to NoError when a join succeeds.
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
    //! Ref of the current join (its join_ref); empty before the first join and after a join timed
    //! out or errored while joining (then messages of that join are dropped).
    Q_PROPERTY(QString joinRef READ joinRef NOTIFY joinRefChanged)
    //! Why the channel is not joined: the last join failure or channel error, NoError after a join.
    Q_PROPERTY(Error error READ error NOTIFY errorChanged)
    //! Translated description of error(), empty when error() is NoError.
    Q_PROPERTY(QString errorString READ errorString NOTIFY errorChanged)

public:
    //! Lifecycle states (phoenix.js CHANNEL_STATES).
    enum class State {
        Closed,  //!< not joined: before join(), after leave() or the server's phx_close
        Joining, //!< a join was sent and has no reply yet
        Joined,  //!< joined: events flow, pushes are sent
        Leaving, //!< a leave was sent and has no reply yet
        Errored  //!< the join failed, timed out or the channel crashed; a rejoin is scheduled
    };
    Q_ENUM(State)

    //! Why a channel is not joined (error()).
    enum class Error {
        NoError,          //!< joined, or not tried yet
        JoinRefusedError, //!< the server answered the join with an error (e.g. unauthorized, unmatched topic)
        JoinTimeoutError, //!< the join got no reply within the timeout
        ServerError,      //!< the channel crashed on the server (phx_error)
        ConnectionLostError //!< the socket lost its connection while the channel was joined or joining
    };
    Q_ENUM(Error)

    //! Callback for on(): receives the JSON payload of the event.
    using EventHandler = std::function<void(const QJsonObject &payload)>;
    //! Callback for on() with binary events (V2 binary push and broadcast frames): the raw payload.
    using BinaryEventHandler = std::function<void(const QByteArray &payload)>;
    //! Called before every join and rejoin for the join parameters (same type as
    //! PhoenixSocket::ParamsProvider).
    using ParamsProvider = std::function<QJsonObject()>;

    //! Destroys the channel without sending a leave (call leave() first to leave the topic).
    ~PhoenixChannel() override;

    //! Returns the topic property: the topic, e.g. "room:lobby".
    QString topic() const;
    //! Returns the params property: join parameters, sent with every (re)join.
    QJsonObject params() const;
    //! Sets the params property: join parameters, sent with every (re)join.
    void setParams(const QJsonObject &params);
    /*!
     * Sets a provider called right before every join and rejoin (in the channel's thread); its result
     * is sent as the join parameters instead of params() (which it leaves unchanged). Pass an empty
     * function to go back to params(). It runs before the channel changes anything: it may leave or
     * delete the channel, or delete the socket (then nothing is sent).
     */
    void setParamsProvider(ParamsProvider provider);
    //! The provider set with setParamsProvider(), or an empty function.
    ParamsProvider paramsProvider() const;
    //! Returns the state property: lifecycle state.
    State state() const;
    //! Returns the joined property: true while state is Joined.
    bool isJoined() const;
    //! Returns the timeout property: default timeout of this channel's join, leave and pushes in ms
    //! (initially the socket's timeout).
    int timeout() const;
    //! Sets the timeout property: default timeout of this channel's join, leave and pushes in ms (initially
    //! the socket's timeout).
    void setTimeout(int ms);
    //! Returns the joinRef property: ref of the current join (its join_ref).
    QString joinRef() const;
    //! Returns the error property: why the channel is not joined: the last join failure or channel error,
    //! NoError after a join.
    Error error() const;
    //! Returns the errorString property: translated description of error(), empty when error() is NoError.
    QString errorString() const;
    //! The socket this channel belongs to (its parent).
    PhoenixSocket *socket() const;

    /*!
     * Joins the topic (once per instance; a second call warns and returns the same push). Returns
     * the join push, owned by the channel: its replied() fires for every join attempt. If the socket
     * is not connected yet, the join goes out as soon as it is. \a timeoutMs -1 uses timeout().
     * Returns nullptr when a slot of this call's own signals (stateChanged(), joinRefChanged())
     * deleted the channel.
     */
    PhoenixPush *join(int timeoutMs = -1);
    /*!
     * Leaves the topic: no more rejoins. closed() follows the server's ok reply or the timeout; if
     * the channel cannot send right now (not joined, socket offline, or already closed) the leave
     * completes with status "ok" from the event loop and closed() follows, as in phoenix.js. A
     * leave() while an earlier one is still under way sends nothing more (the first one tells the
     * server) and completes with "ok" from the event loop.
     * Returns the leave push (auto-deleted after it finishes unless PhoenixPush::setAutoDelete(false)),
     * or nullptr when a slot of this call's own signals (stateChanged()) deleted the channel.
     */
    PhoenixPush *leave(int timeoutMs = -1);
    /*!
     * Pushes \a event with \a payload. Returns the push (owned by the channel, deleted after it
     * finished unless PhoenixPush::setAutoDelete(false) is called right away). Never returns
     * nullptr: a push that cannot be accepted (channel left, send buffer full) fails with
     * PhoenixPush::errorOccurred(), delivered from the event loop so you can connect first.
     */
    PhoenixPush *push(const QString &event, const QJsonObject &payload = {}, int timeoutMs = -1);
    //! Like push(), with a raw binary payload sent as a V2 binary frame.
    PhoenixPush *pushBinary(const QString &event, const QByteArray &payload, int timeoutMs = -1);
    /*!
     * Pushes \a event with \a payload to a handler that does not reply (handle_in returning
     * {:noreply, socket}; phoenix_socket_client's push_async). The push is sent once, like any other
     * (after the join if the channel is not joined yet), but nothing waits for a reply: no entry in
     * the socket's reply table, no timeout once it is sent, no warning. It finishes with status
     * "sent" (from the event loop) as soon as its frame is on its way, and deletes itself like any
     * push. It fails like push() when it cannot be sent: channel closed, send buffer full, or not
     * sent within \a timeoutMs (-1: timeout()) because the channel did not join in time (TimeoutError).
     * Never returns nullptr; the push is owned by the channel.
     */
    PhoenixPush *pushNoReply(const QString &event, const QJsonObject &payload = {}, int timeoutMs = -1);
    //! Like pushNoReply(), with a raw binary payload sent as a V2 binary frame.
    PhoenixPush *pushBinaryNoReply(const QString &event, const QByteArray &payload, int timeoutMs = -1);

    /*!
     * Blocks until the channel is joined, or \a msecs milliseconds passed (-1: no time limit), and
     * returns whether it is joined. Returns true at once if it is joined, false at once if no join is
     * under way (never joined, leaving, or closed). Returns false as soon as the join attempt fails
     * (error reply, timeout, connection lost, channel crashed or closed) and when the channel is
     * deleted meanwhile. Typical use: `channel->join(); if (!channel->waitForJoined(5000)) …` in a
     * command line tool (see also PhoenixSocket::waitForConnected()).
     *
     * It spins a local QEventLoop (excluding user input events): never call it from a slot of a GUI
     * thread. Pushes that finish meanwhile stay readable until it returns (see PhoenixPush::waitForReply()).
     */
    bool waitForJoined(int msecs = 30000);

    /*!
     * Calls \a handler for every JSON \a event received on this channel, while \a context lives (as
     * phoenix.js channel.on / the Elixir clients' hooks); a null \a context means none (until off()
     * or the channel's end). Returns an id for off().
     */
    int on(const QString &event, const QObject *context, EventHandler handler);
    //! Like on(), for binary \a event messages: \a handler gets the raw payload.
    int on(const QString &event, const QObject *context, BinaryEventHandler handler);
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
    /*!
     * Emitted when the channel errored (server crash, lost connection) with a translated reason;
     * error() tells which. Join failures are reported by joinFailed() instead.
     */
    void errorOccurred(const QString &reason);
    //! Emitted when error() or errorString() changed (also back to NoError after a join).
    void errorChanged(PhoenixChannel::Error error);
    //! Emitted when the state and joined properties change.
    void stateChanged(PhoenixChannel::State state);
    //! Emitted when a rejoin is scheduled: attempt number and delay in ms.
    void rejoinScheduled(int attempt, int delayMs);
    //! Emitted when the params property changes.
    void paramsChanged(const QJsonObject &params);
    //! Emitted when the timeout property changes.
    void timeoutChanged(int ms);
    //! Emitted when the joinRef property changes.
    void joinRefChanged(const QString &joinRef);

protected:
    //! \reimp
    void timerEvent(QTimerEvent *event) override;

private:
    PhoenixChannel(PhoenixEngine *engine, const QString &topic, const QJsonObject &params, int timeout,
                   QObject *socket);
    Q_DISABLE_COPY_MOVE(PhoenixChannel)
    friend class PhoenixSocket;          // creates channels
    friend class PhoenixChannelPrivate;  // its own pimpl checks which signals are connected
    friend class PhoenixMessageObserver; // the QML module's seam (phoenixmessageobserver_p.h)
    std::unique_ptr<PhoenixChannelPrivate> d;
};
