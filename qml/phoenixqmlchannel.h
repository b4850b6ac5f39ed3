// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

#include <QtCore/QJsonObject>
#include <QtCore/QJsonValue>
#include <QtCore/QObject>
#include <QtCore/QPointer>
#include <QtCore/QVariantMap>
#include <QtQml/QQmlParserStatus>
#include <QtQml/qqmlregistration.h>

#include "phoenixqmlpush.h"
#include "phoenixqmlsocket.h"

class PhoenixChannel;
class PhoenixPresence;

/*!
 * \brief The QML type \c PhoenixChannel: one topic joined over a PhoenixSocket item, declaratively.
 *
 * \code
 * PhoenixChannel {
 *     id: lobby
 *     socket: socket
 *     topic: "room:lobby"
 *     onJoined: (response) => console.log("joined", JSON.stringify(response))
 *     onMessageReceived: (event, payload) => if (event === "shout") messages.append(payload)
 *     onErrorOccurred: (message) => banner.show(message)
 * }
 * \endcode
 *
 * \section qmlchannel_lifecycle Lifecycle
 * While the item is \c active (default true), has a socket and a topic, it holds a C++
 * PhoenixChannel (channel()) made with PhoenixSocket::channel() and joins it as soon as the socket is
 * connected. From then on it behaves like the C++ channel: it rejoins after errors and reconnects.
 * It leaves the topic when it is deactivated, destroyed, or when its topic or socket changes (and
 * then joins the new topic with a new C++ channel). A change of params applies to the next
 * (re)join.
 *
 * \section qmlchannel_payloads Payloads
 * Payloads and responses are plain JS objects both ways.
 *
 * \section qmlchannel_errors Errors
 * Join failures, channel crashes and failed pushes are reported with translated messages through
 * errorOccurred() (and pushFailed() for pushes).
 *
 * Lives in the QML engine's thread. The C++ channel is owned by the socket's C++ PhoenixSocket.
 */
class PhoenixQmlChannel : public QObject, public QQmlParserStatus
{
    Q_OBJECT
    Q_INTERFACES(QQmlParserStatus)
    QML_NAMED_ELEMENT(PhoenixChannel)
    //! The PhoenixSocket item to join over (not owned).
    Q_PROPERTY(PhoenixQmlSocket *socket READ socket WRITE setSocket NOTIFY socketChanged)
    //! The topic, e.g. "room:lobby". Changing it leaves the old topic and joins the new one.
    Q_PROPERTY(QString topic READ topic WRITE setTopic NOTIFY topicChanged)
    //! Join parameters (a plain JS object), sent with every (re)join.
    Q_PROPERTY(QVariantMap params READ params WRITE setParams NOTIFY paramsChanged)
    //! Whether the channel should be joined (default true). Turning it off leaves the topic.
    Q_PROPERTY(bool active READ isActive WRITE setActive NOTIFY activeChanged)
    //! Timeout of the join, leave and pushes in ms; -1 (default) uses the socket's timeout.
    Q_PROPERTY(int timeout READ timeout WRITE setTimeout NOTIFY timeoutChanged)
    //! Lifecycle state (PhoenixChannel.Closed while there is no C++ channel).
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
    //! True while state is PhoenixChannel.Joined.
    Q_PROPERTY(bool joined READ isJoined NOTIFY joinedChanged)
    //! Translated description of the last error, empty after a successful join.
    Q_PROPERTY(QString errorString READ errorString NOTIFY errorStringChanged)

public:
    //! Lifecycle states (same values as PhoenixChannel::State).
    enum State {
        Closed,  //!< not joined and not trying to (also while there is no C++ channel)
        Joining, //!< the join was sent, no reply yet
        Joined,  //!< joined: messages flow
        Leaving, //!< the leave was sent, no reply yet
        Errored  //!< the join failed or the channel crashed; a rejoin is scheduled
    };
    Q_ENUM(State)

    //! Creates the item; it joins once it has a socket, a topic and is active (see the class docs).
    explicit PhoenixQmlChannel(QObject *parent = nullptr);
    //! Leaves the topic if it is joined (the C++ channel is deleted once it closed).
    ~PhoenixQmlChannel() override;

    //! Returns the socket property: the PhoenixSocket item to join over (not owned).
    PhoenixQmlSocket *socket() const;
    //! Sets the socket property: the PhoenixSocket item to join over (not owned).
    void setSocket(PhoenixQmlSocket *socket);
    //! Returns the topic property: the topic, e.g. "room:lobby".
    QString topic() const;
    //! Sets the topic property: the topic, e.g. "room:lobby".
    void setTopic(const QString &topic);
    //! Returns the params property: join parameters (a plain JS object), sent with every (re)join.
    QVariantMap params() const;
    //! Sets the params property: join parameters (a plain JS object), sent with every (re)join.
    void setParams(const QVariantMap &params);
    //! Returns the active property: whether the channel should be joined (default true).
    bool isActive() const;
    //! Sets the active property: whether the channel should be joined (default true).
    void setActive(bool active);
    //! Returns the timeout property: timeout of the join, leave and pushes in ms.
    int timeout() const;
    //! Sets the timeout property: timeout of the join, leave and pushes in ms.
    void setTimeout(int ms);
    //! Returns the state property: lifecycle state (PhoenixChannel.Closed while there is no C++ channel).
    State state() const;
    //! Returns the joined property: true while state is PhoenixChannel.Joined.
    bool isJoined() const;
    //! Returns the errorString property: translated description of the last error, empty after a successful
    //! join.
    QString errorString() const;

    //! The current C++ channel (owned by the socket's PhoenixSocket), null while inactive.
    PhoenixChannel *channel() const;
    /*!
     * The presence of the current C++ channel, created together with it before it joins so no
     * presence_state is missed; owned by the C++ channel. Null while there is no channel.
     */
    PhoenixPresence *presence() const;

    /*!
     * Pushes \a event with \a payload (a JS object) and returns the push, for receive() chaining.
     * Pushes made before the join completes are sent once it does. When the item has no channel
     * (inactive, no socket or no topic) the push fails with a translated error.
     * \a timeoutMs -1 uses the channel's timeout.
     */
    Q_INVOKABLE PhoenixQmlPush *push(const QString &event, const QVariantMap &payload = {},
                                     int timeoutMs = -1);

    //! \reimp
    void classBegin() override;
    //! \reimp From now on the item joins when its socket is connected and it is active.
    void componentComplete() override;

Q_SIGNALS:
    //! Emitted when a join (first or re-join) succeeded, with the server's response.
    void joined(const QJsonValue &response);
    //! Emitted when a join failed, with the server's response ({reason: "timeout"} for timeouts).
    void joinFailed(const QJsonValue &response);
    //! Emitted for every event the server sends on the topic, with its payload.
    void messageReceived(const QString &event, const QJsonObject &payload);
    /*!
     * Emitted when the server closed the channel for good (phx_close): it does not rejoin until the
     * item is deactivated and activated again, or its topic changes. The item's own leaves (when
     * deactivated, destroyed or switching topics) do not emit it.
     */
    void closed();
    //! Emitted on a join failure or a channel error (crash, lost connection) with a translated message.
    void errorOccurred(const QString &message);
    //! Emitted when a push of this channel failed (error reply, timeout, not sent) with a translated message.
    void pushFailed(const QString &event, const QString &message);
    //! Emitted when a rejoin is scheduled: attempt number and delay in ms.
    void rejoinScheduled(int attempt, int delayMs);

    //! Emitted when the socket property changes.
    void socketChanged();
    //! Emitted when the topic property changes.
    void topicChanged();
    //! Emitted when the params property changes.
    void paramsChanged();
    //! Emitted when the active property changes.
    void activeChanged();
    //! Emitted when the timeout property changes.
    void timeoutChanged();
    //! Emitted when the state property changes.
    void stateChanged();
    //! Emitted when the joined property changes.
    void joinedChanged();
    //! Emitted when the errorString property changes.
    void errorStringChanged();
    //! Emitted (C++ only) when channel() and presence() changed.
    void channelChanged();

private:
    void sync();
    void maybeJoin();
    void releaseChannel();
    void updateState();
    void setErrorString(const QString &message);
    QString joinFailureMessage(const QJsonValue &response) const;

    QPointer<PhoenixQmlSocket> m_socket;
    QPointer<PhoenixChannel> m_channel;
    QPointer<PhoenixPresence> m_presence;
    QString m_topic;
    QJsonObject m_params;
    QString m_errorString;
    int m_timeout = -1;
    bool m_active = true;
    bool m_complete = true;
    bool m_joinRequested = false;
    bool m_destroying = false;
    State m_state = Closed;
};
