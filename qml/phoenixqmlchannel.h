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

#include <phoenixchannel.h>
#include <phoenixmessageobserver_p.h>

#include <QtCore/QByteArray>
#include <QtQml/QJSValue>

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
 * PhoenixChannel (channel()) made with PhoenixSocket::channel() and, with autoJoin (the default),
 * joins it as soon as the socket is connected. From then on it behaves like the C++ channel: it
 * rejoins after errors and reconnects. It leaves the topic when it is deactivated, destroyed, or when
 * its topic or socket changes (and then joins the new topic with a new C++ channel). A change of
 * params applies to the next (re)join.
 *
 * \section qmlchannel_explicit Joining and leaving explicitly
 * With \c autoJoin: false the item joins only when join() is called (once the socket is connected),
 * and leave() leaves the topic (closed() follows) until the next join(). Both work with autoJoin on
 * too: leave() stops the automatic joining of this topic until join() is called.
 *
 * \section qmlchannel_payloads Payloads
 * Payloads and responses are plain JS objects both ways; binary payloads are ArrayBuffers
 * (binaryMessageReceived(), pushBinary()). The enums are the C++ ones (PhoenixChannel::State,
 * PhoenixChannel::Error), reachable as \c PhoenixChannel.Joined, \c PhoenixChannel.ServerError, ...
 *
 * \section qmlchannel_errors Errors
 * As in C++: join failures are reported by joinFailed(); channel crashes and lost connections by
 * errorOccurred(); error and errorString tell why the channel is not joined (set when either is
 * emitted, back to NoError after a join; errorChanged() follows them). Failed pushes are reported
 * by pushFailed() and by the push itself.
 *
 * Lives in the QML engine's thread. The C++ channel is owned by the socket's C++ PhoenixSocket.
 */
class PhoenixQmlChannel : public QObject, public QQmlParserStatus, private PhoenixMessageObserver
{
    Q_OBJECT
    Q_INTERFACES(QQmlParserStatus)
    QML_NAMED_ELEMENT(PhoenixChannel)
    QML_EXTENDED_NAMESPACE(PhoenixChannel)
    //! The PhoenixSocket item to join over (not owned).
    Q_PROPERTY(PhoenixQmlSocket *socket READ socket WRITE setSocket NOTIFY socketChanged)
    //! The topic, e.g. "room:lobby". Changing it leaves the old topic and joins the new one.
    Q_PROPERTY(QString topic READ topic WRITE setTopic NOTIFY topicChanged)
    //! Join parameters (a plain JS object), sent with every (re)join.
    Q_PROPERTY(QVariantMap params READ params WRITE setParams NOTIFY paramsChanged)
    //! Whether the channel should be joined (default true). Turning it off leaves the topic.
    Q_PROPERTY(bool active READ isActive WRITE setActive NOTIFY activeChanged)
    //! Whether the item joins by itself once the socket is connected (default true); with false it
    //! joins when join() is called. Turning it on joins (if the item can); turning it off leaves nothing.
    Q_PROPERTY(bool autoJoin READ autoJoin WRITE setAutoJoin NOTIFY autoJoinChanged)
    /*!
     * A function called right before every join and rejoin; the object it returns is sent as the join
     * parameters instead of params (PhoenixChannel::setParamsProvider()), e.g.
     * `paramsProvider: () => ({ last_seen_id: window.lastId })`. Anything that is not a function (the
     * default, undefined) removes it; a function that throws or returns no object makes that join
     * use params (and logs a warning).
     */
    Q_PROPERTY(
        QJSValue paramsProvider READ paramsProvider WRITE setParamsProvider NOTIFY paramsProviderChanged)
    //! Timeout of the join, leave and pushes in ms; -1 (default) uses the socket's timeout. Like params,
    //! it follows changes made to the C++ channel (PhoenixChannel::setTimeout()) too.
    Q_PROPERTY(int timeout READ timeout WRITE setTimeout NOTIFY timeoutChanged)
    //! Lifecycle state (PhoenixChannel.Closed while there is no C++ channel).
    Q_PROPERTY(PhoenixChannel::State state READ state NOTIFY stateChanged)
    //! True while state is PhoenixChannel.Joined.
    Q_PROPERTY(bool joined READ isJoined NOTIFY joinedChanged)
    //! Ref of the current join (its join_ref), empty before the first join (PhoenixChannel::joinRef).
    Q_PROPERTY(QString joinRef READ joinRef NOTIFY joinRefChanged)
    //! Why the channel is not joined (a PhoenixChannel.Error value), NoError after a join.
    Q_PROPERTY(PhoenixChannel::Error error READ error NOTIFY errorChanged)
    //! Translated description of error, empty when error is PhoenixChannel.NoError.
    Q_PROPERTY(QString errorString READ errorString NOTIFY errorChanged)

public:
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
    //! Returns the autoJoin property: whether the item joins by itself once the socket is connected.
    bool autoJoin() const;
    //! Sets the autoJoin property: whether the item joins by itself once the socket is connected.
    void setAutoJoin(bool enabled);
    //! Returns the paramsProvider property: the function called for fresh join parameters.
    QJSValue paramsProvider() const;
    //! Sets the paramsProvider property: the function called for fresh join parameters.
    void setParamsProvider(const QJSValue &provider);
    //! Returns the timeout property: timeout of the join, leave and pushes in ms.
    int timeout() const;
    //! Sets the timeout property: timeout of the join, leave and pushes in ms.
    void setTimeout(int ms);
    //! Returns the state property: lifecycle state (PhoenixChannel.Closed while there is no C++ channel).
    PhoenixChannel::State state() const;
    //! Returns the joined property: true while state is PhoenixChannel.Joined.
    bool isJoined() const;
    //! Returns the joinRef property: ref of the current join, empty before the first join.
    QString joinRef() const;
    //! Returns the error property: why the channel is not joined, NoError after a join.
    PhoenixChannel::Error error() const;
    //! Returns the errorString property: translated description of error, empty without error.
    QString errorString() const;

    //! The current C++ channel (owned by the socket's PhoenixSocket), null while inactive.
    PhoenixChannel *channel() const;
    /*!
     * The presence of the current C++ channel, owned by the C++ channel; null while there is no
     * channel. Made on the first call, or when the channel's first presence event arrives (whichever
     * comes first), so a channel on which presence is not used does not keep one, and none of its
     * presence events is missed.
     */
    PhoenixPresence *presence() const;

    /*!
     * Pushes \a event with \a payload (a JS object; undefined or null send {}) and returns the push,
     * for receive() chaining. The payload is written as JSON.stringify() writes it, as phoenix.js
     * does: members that are undefined or functions are left out, a Date becomes its ISO string,
     * an object's own toJSON method is honoured. A payload that is not an object (an array, a
     * string, a number, a function) or that JSON.stringify() refuses (a cycle) throws a TypeError
     * and sends nothing.
     *
     * Pushes made before the join completes are sent once it does. When the item has no channel
     * (inactive, no socket or no topic) the push fails with a translated error.
     * \a timeoutMs -1 uses the channel's timeout.
     */
    Q_INVOKABLE PhoenixQmlPush *push(const QString &event, const QJSValue &payload = QJSValue(),
                                     int timeoutMs = -1);
    //! Like push(), with a binary \a payload (an ArrayBuffer) sent as a V2 binary frame.
    Q_INVOKABLE PhoenixQmlPush *pushBinary(const QString &event, const QByteArray &payload,
                                           int timeoutMs = -1);
    /*!
     * Pushes \a event to a handler that does not reply (PhoenixChannel::pushNoReply()): sent once,
     * no reply awaited; the push finishes with status "sent" once it is on its way. The payload is
     * written as for push().
     */
    Q_INVOKABLE PhoenixQmlPush *pushNoReply(const QString &event, const QJSValue &payload = QJSValue(),
                                            int timeoutMs = -1);
    //! Like pushNoReply(), with a binary \a payload (an ArrayBuffer).
    Q_INVOKABLE PhoenixQmlPush *pushBinaryNoReply(const QString &event, const QByteArray &payload,
                                                  int timeoutMs = -1);
    /*!
     * Joins the topic: at once if the socket is connected, else as soon as it is (and the item is
     * active with a socket and a topic). Needed with autoJoin off; after leave() or the server closing
     * the channel, joins again with a fresh C++ channel. Does nothing while joined or joining.
     */
    Q_INVOKABLE void join();
    /*!
     * Leaves the topic: sends phx_leave if the channel is joined or trying to be; closed() follows
     * (as in C++, also when nothing had to be sent but a join had been made). The item then stays
     * out of the topic, also with autoJoin, until join() is called.
     */
    Q_INVOKABLE void leave();

    //! \reimp
    void classBegin() override;
    //! \reimp From now on the item joins when its socket is connected and it is active.
    void componentComplete() override;

protected:
    //! \reimp Follows the C++ channel's signal behind \a signal from now on (see link()).
    void connectNotify(const QMetaMethod &signal) override;

Q_SIGNALS:
    //! Emitted when a join (first or re-join) succeeded, with the server's response.
    void joined(const QJsonValue &response);
    //! Emitted when a join failed, with the server's response ({reason: "timeout"} for timeouts).
    void joinFailed(const QJsonValue &response);
    /*!
     * Emitted for every event the server sends on the topic, with its payload (a plain JS object,
     * read from the message's JSON text only while a handler is connected).
     */
    void messageReceived(const QString &event, const QJSValue &payload);
    //! Emitted for every binary event the server sends on the topic, with its payload (an ArrayBuffer).
    void binaryMessageReceived(const QString &event, const QByteArray &payload);
    //! Emitted for every reply to a push, join or leave of this channel: ref, status, response.
    void replyReceived(const QString &ref, const QString &status, const QJsonValue &response);
    /*!
     * Emitted when the channel closed for good: the server closed it (phx_close), or leave() was
     * called. It does not rejoin until join() is called, the item is deactivated and activated again,
     * or its topic changes. The item's own leaves (when deactivated, destroyed or switching topics)
     * do not emit it.
     */
    void closed();
    /*!
     * Emitted when the channel errored (crashed on the server, lost connection) with a translated
     * message; error tells which. Join failures are reported by joinFailed() instead (as in C++).
     */
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
    //! Emitted when the autoJoin property changes.
    void autoJoinChanged();
    //! Emitted when the paramsProvider property changes.
    void paramsProviderChanged();
    //! Emitted when the timeout property changes.
    void timeoutChanged();
    //! Emitted when the joinRef property changes.
    void joinRefChanged();
    //! Emitted when the error and errorString properties change.
    void errorChanged();
    //! Emitted when the state property changes.
    void stateChanged();
    //! Emitted when the joined property changes.
    void joinedChanged();
    //! Emitted when the errorString property changes (with errorChanged(), kept for existing code).
    void errorStringChanged();
    //! Emitted (C++ only) when channel() and presence() changed.
    void channelChanged();

private:
    bool textMessage(const QString &event, QByteArrayView payloadJson, const QJsonObject &payload) override;
    bool needsPayloadOf(const QString &event) const override;
    void channelParamsChanged(const QJsonObject &params) override;
    void channelTimeoutChanged(int ms) override;
    void channelDestroyed() override;
    /*!
     * The C++ channel's signals the item follows, each only while something listens to the item's
     * signal it drives (a QML handler, a binding, a SignalSpy): a connection costs about 140 bytes,
     * and most items are declared with one handler or two.
     */
    enum Link : quint16 {
        LinkJoined = 0x1,
        LinkJoinFailed = 0x2,
        LinkBinary = 0x4,
        LinkReply = 0x8,
        LinkClosed = 0x10,
        LinkErrorOccurred = 0x20,
        LinkRejoin = 0x40,
        LinkState = 0x80,   // stateChanged, joinedChanged
        LinkError = 0x100,  // errorChanged, errorStringChanged
        LinkJoinRef = 0x200 // joinRefChanged
    };
    //! The links the item's signals \a signal (or all of them, when invalid) with receivers need.
    quint16 linksFor(const QMetaMethod &signal) const;
    /*!
     * Connects the C++ channel's signals of the links in \a wanted that are not connected yet.
     * \a fromNow: a new listener, for whom the state, error and join ref start as they are now
     * (else the last told ones stay, so that sync() tells the change from the previous channel).
     */
    void link(quint16 wanted, bool fromNow);
    void sync();
    void maybeJoin();
    void releaseChannel();
    void updateState();
    void updateError();
    void installParamsProvider();
    void updateJoinRef();
    PhoenixQmlPush *wrap(const QString &event, PhoenixPush *push);
    //! push() and pushNoReply(): the payload as JSON.stringify() writes it; null after throwing a TypeError.
    PhoenixQmlPush *pushJson(const QString &event, const QJSValue &payload, int timeoutMs, bool noReply);

    QPointer<PhoenixQmlSocket> m_socket;
    QMetaObject::Connection m_socketWait; // the socket item's connectedChanged() while a join waits
    QPointer<PhoenixChannel> m_channel;
    //! Makes the presence of the current channel if it has none yet (see presence()).
    void trackPresence() const;

    // Made on demand by the const presence(): the item's state does not change with it.
    mutable QPointer<PhoenixPresence> m_presence;
    QString m_topic;
    QJsonObject m_params;
    QJSValue m_paramsProvider;
    QString m_errorString;
    QString m_joinRef;
    int m_timeout = -1;
    quint16 m_links = 0; // the Links connected to the current C++ channel
    PhoenixChannel::Error m_error = PhoenixChannel::Error::NoError; // last told (errorChanged)
    bool m_active = true;
    bool m_autoJoin = true;
    bool m_joinWanted = true;
    bool m_complete = true;
    bool m_joinRequested = false;
    bool m_destroying = false;
    PhoenixChannel::State m_state = PhoenixChannel::State::Closed; // last told (stateChanged)
};
