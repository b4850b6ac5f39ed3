// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

#include "phoenixglobal.h"

#include <QtCore/QByteArray>
#include <QtCore/QFuture>
#include <QtCore/QJsonObject>
#include <QtCore/QJsonValue>
#include <QtCore/QObject>
#include <QtCore/QSharedDataPointer>

#include <functional>
#include <memory>

class PhoenixChannel;
class PhoenixPushOwner;
class PhoenixPushPrivate;
class PhoenixReply;
class PhoenixReplyData;

/*!
 * \brief One message pushed to a channel, and its outcome.
 *
 * Returned by PhoenixChannel::push(), join() and leave(). It ends in exactly one of: a reply
 * (replied(), status "ok", "error" or whatever the server answered), a timeout (timedOut(), status
 * "timeout") or a local failure (errorOccurred(), status "error"), and then emits finished().
 *
 * \section push_lifetime Lifetime and ownership
 * The channel owns its pushes and deletes the ones still alive when it is deleted. A push deletes
 * itself (deleteLater()) after finished() unless setAutoDelete(false) was called; the join push of
 * a channel is never auto-deleted (it is reused for every rejoin). Hold a QPointer if you keep one
 * around, and delete a push you set to autoDelete false when you are done with it.
 *
 * The join push is a QObject child of its channel. Other pushes have no QObject parent (parent()
 * is null): the channel keeps them in a list of its own, so that any number of pushes can be in
 * flight at a constant cost per push (a QObject's child list makes every removal cost as much as
 * the number of siblings). channel() returns the channel in both cases.
 *
 * \section push_threads Threads
 * A push lives in its channel's thread and is used from it only. Move a socket to its thread
 * before you push on its channels (pushes are not QObject children, so moveToThread() does not take
 * them along).
 *
 * \code
 * channel->push(u"new_msg"_s, {{u"body"_s, text}})
 *     ->receive(u"ok"_s, [](const QJsonValue &r) { qDebug() << "sent" << r; })
 *     ->receive(u"error"_s, [](const QJsonValue &r) { qWarning() << "refused" << r; })
 *     ->receive(u"timeout"_s, [](const QJsonValue &) { qWarning() << "no answer"; });
 * \endcode
 *
 * \section awaiting Awaiting the outcome
 * future() gives the outcome as a QFuture<PhoenixReply> (so \c .then() works, and QCoro users can
 * \c co_await it); waitForReply() blocks a thread without an event loop of its own until it is there.
 * The future always finishes and never throws: a timeout, a local failure, a lost connection or the
 * deletion of the push (with its channel or socket) resolve it with the matching PhoenixReply::error().
 * \code
 * channel->push(u"new_msg"_s, {{u"body"_s, text}})->future().then(this, [](const PhoenixReply &reply) {
 *     if (reply.hasError())
 *         qWarning() << reply.errorString();
 * });
 * \endcode
 *
 * \section noreply Pushes without a reply
 * A server whose handle_in answers {:noreply, socket} never replies. Send such events with
 * PhoenixChannel::pushNoReply(): the push is sent once, waits for no reply, never times out after
 * it was sent and finishes with status "sent" as soon as its frame is on its way.
 */
class PHOENIXQT_EXPORT PhoenixPush : public QObject
{
    Q_OBJECT
    //! The message ref (unique per socket), allocated when the push is created; a rejoin gives the
    //! join push a new one.
    Q_PROPERTY(QString ref READ ref NOTIFY refChanged)
    //! The event name.
    Q_PROPERTY(QString event READ event CONSTANT)
    //! Empty while pending, then the reply status ("ok", "error", ...) or "timeout".
    Q_PROPERTY(QString status READ status NOTIFY finished)
    //! The reply's response (null while pending, for timeouts and for binary replies). A channel's
    //! join push hands its response to PhoenixChannel::joined() and receive() only and does not keep it.
    Q_PROPERTY(QJsonValue response READ response NOTIFY finished)
    //! True once the push has a final outcome.
    Q_PROPERTY(bool finished READ isFinished NOTIFY finished)
    //! Whether the push deletes itself after finished() (default true, false for join pushes).
    Q_PROPERTY(bool autoDelete READ autoDelete WRITE setAutoDelete NOTIFY autoDeleteChanged)
    //! False for pushes made with PhoenixChannel::pushNoReply(): they finish with status "sent" once
    //! their frame is on its way and never wait for a reply.
    Q_PROPERTY(bool expectsReply READ expectsReply CONSTANT)

public:
    //! Why a push failed.
    enum class Error {
        NoError,             //!< no failure (pending, or an "ok" reply)
        ReplyError,          //!< the server replied with status "error"
        TimeoutError,        //!< no reply within the timeout
        SendBufferFullError, //!< the socket's send buffer was full (PhoenixSocket::sendBufferLimit)
        ChannelClosedError,  //!< the channel was left or closed; nothing was sent
        EncodingError,       //!< the message could not be encoded (e.g. a binary field over 255 bytes)
        /*!
         * A join that can no longer be answered: the connection was lost, or the channel errored on
         * the server, while it was joining (the channel rejoins by itself). Reported through
         * future() only: the join push itself goes on to the next attempt.
         */
        ConnectionLostError,
        /*!
         * The push was deleted (by itself, with its channel or with its socket) before it had an
         * outcome. Reported through future() only, so that no future waits forever.
         */
        CanceledError
    };
    Q_ENUM(Error)

    //! Callback for receive(): gets the reply's response ({} for timeouts).
    using ResponseHandler = std::function<void(const QJsonValue &response)>;

    //! Destroys the push; a reply that arrives for it later is ignored.
    ~PhoenixPush() override;

    //! Returns the ref property: the message ref (unique per socket), allocated when the push is created.
    QString ref() const;
    //! Returns the event property: the event name.
    QString event() const;
    //! \reimp (kept visible: the event() above is the push's event name)
    using QObject::event;
    //! The payload as pushed (empty for binary pushes). A payload pushed as JSON text (the QML
    //! module's pushes) is parsed for each call.
    QJsonObject payload() const;
    //! The raw payload of a binary push.
    QByteArray binaryPayload() const;
    //! Returns the status property: empty while pending, then the reply status ("ok", "error", ...) or
    //! "timeout".
    QString status() const;
    //! Returns the response property: the reply's response (null while pending, for timeouts and for binary
    //! replies).
    QJsonValue response() const;
    //! The raw response of a binary reply (V2 binary frame kind 1), else empty.
    QByteArray binaryResponse() const;
    //! Returns the finished property: true once the push has a final outcome.
    bool isFinished() const;
    //! Why the push failed, NoError while pending or after an "ok" reply.
    Error error() const;
    //! Translated description of error(), empty without error.
    QString errorString() const;
    //! Returns the autoDelete property: whether the push deletes itself after finished() (default true, false
    //! for join pushes).
    bool autoDelete() const;
    //! Sets the autoDelete property: whether the push deletes itself after finished() (default true, false
    //! for join pushes).
    void setAutoDelete(bool enabled);
    //! Returns the expectsReply property: false for pushes made with PhoenixChannel::pushNoReply().
    bool expectsReply() const;
    //! The channel this push belongs to (its parent).
    PhoenixChannel *channel() const;

    /*!
     * The outcome of this push as a future: it finishes when the push does (reply, timeout, local
     * failure) with a PhoenixReply, at once if the push already finished. It never hangs and never
     * throws: if the push is deleted first (with its channel or socket), it finishes with
     * PhoenixPush::CanceledError. The future stays valid after the push is gone.
     *
     * For a channel's join push, which is reused for every rejoin, the future is that of the join
     * attempt in progress (or of the last one, once it finished); an attempt abandoned because the
     * connection was lost finishes it with ConnectionLostError, leave() before the reply with
     * ChannelClosedError.
     *
     * Continuations attached with `.then(context, …)` run in the context's thread from its event
     * loop. Continuations without a context run synchronously in the socket's thread at the moment
     * the push finishes, like a slot connected to finished(); for a deleted channel or socket that
     * is inside its destructor, so give them a context object.
     */
    QFuture<PhoenixReply> future();

    /*!
     * Blocks until the push finished or \a msecs milliseconds passed (-1: no time limit) and returns
     * true if it finished without error (a reply that is not "error", or a pushNoReply() that was
     * sent). Returns at once if the push already finished.
     *
     * It spins a local QEventLoop (excluding user input events), so signals and timers of this thread
     * keep running meanwhile. Meant for code without an event loop of its own: command line tools,
     * tests, worker threads. Never call it from a slot of a GUI thread (it freezes the UI and runs
     * other slots re-entrantly); use future() or the signals there.
     *
     * After it returns the push can still be read (status(), response(), error()): pushes that finish
     * during any waitFor…() call of this thread delete themselves (autoDelete) only after the
     * outermost of those calls returned, when control next reaches an event loop:
     * QCoreApplication::exec(), or the next waitFor…() call in a program that never runs an event
     * loop of its own. If the push's channel or socket is deleted while it waits, it returns false
     * and the push is gone.
     */
    bool waitForReply(int msecs = 30000);

    /*!
     * Calls \a handler when the push ends with \a status ("ok", "error", "timeout", or any status the
     * server uses). If it already has, the handler runs at once. Returns this push, for chaining.
     */
    PhoenixPush *receive(const QString &status, ResponseHandler handler);
    //! Like receive(), but the handler is dropped if \a context is destroyed first. A null \a context
    //! means none: the handler lives as long as the push.
    PhoenixPush *receive(const QString &status, const QObject *context, ResponseHandler handler);

Q_SIGNALS:
    //! Emitted when the server replied, with its status and response (null for binary replies).
    void replied(const QString &status, const QJsonValue &response);
    //! Emitted when the server replied with a binary frame.
    void binaryReplied(const QString &status, const QByteArray &response);
    //! Emitted when no reply came within the timeout.
    void timedOut();
    //! Emitted for every failure (error reply, timeout, local failure) with a translated message.
    void errorOccurred(PhoenixPush::Error error, const QString &message);
    //! Emitted once the push has its outcome, after the specific signal.
    void finished();
    //! Emitted when the ref property changes.
    void refChanged(const QString &ref);
    //! Emitted when the autoDelete property changes.
    void autoDeleteChanged(bool enabled);

private:
    PhoenixPush(PhoenixPushOwner *owner, const QString &event, int role, QObject *parent);
    Q_DISABLE_COPY_MOVE(PhoenixPush)
    friend class PhoenixChannelPrivate; // creates pushes and drives them
    friend class PhoenixPushObserver;   // the QML module's seam (phoenixmessageobserver_p.h)
    std::unique_ptr<PhoenixPushPrivate> d;
};

/*!
 * \brief The outcome of a push, join or leave, as a value: what PhoenixPush::future() delivers.
 *
 * An implicitly shared value type (cheap to copy, safe to keep after the push is gone), readable from
 * QML as a gadget. It holds the reply's status ("ok", "error", any status the server uses, "timeout"
 * when no reply came, "error" for local failures, "sent" for a PhoenixChannel::pushNoReply()), its
 * JSON or binary response, and error()/errorString() as PhoenixPush reports them.
 *
 * A default-constructed PhoenixReply is null (isNull()): no status, no error.
 */
class PHOENIXQT_EXPORT PhoenixReply
{
    Q_GADGET
    //! "ok", "error", another status of the server, "timeout", or "sent" (pushNoReply()).
    Q_PROPERTY(QString status READ status CONSTANT)
    //! The reply's JSON response (null for timeouts and binary replies; {"reason": …} for local failures).
    Q_PROPERTY(QJsonValue response READ response CONSTANT)
    //! The raw response of a binary reply, else empty.
    Q_PROPERTY(QByteArray binaryResponse READ binaryResponse CONSTANT)
    //! Why the push failed, PhoenixPush::NoError if it did not.
    Q_PROPERTY(PhoenixPush::Error error READ error CONSTANT)
    //! Translated description of error(), empty without error.
    Q_PROPERTY(QString errorString READ errorString CONSTANT)
    //! True when error() is not NoError.
    Q_PROPERTY(bool hasError READ hasError CONSTANT)
    //! The event of the push ("phx_join" for joins, "phx_leave" for leaves).
    Q_PROPERTY(QString event READ event CONSTANT)

public:
    //! A null reply.
    PhoenixReply();
    //! A reply with \a status, \a response and \a error (for tests and custom transports).
    PhoenixReply(const QString &event, const QString &status, const QJsonValue &response,
                 PhoenixPush::Error error = PhoenixPush::Error::NoError, const QString &errorString = {},
                 const QByteArray &binaryResponse = {});
    //! Copies \a other (shares its data).
    PhoenixReply(const PhoenixReply &other);
    //! Moves \a other into this reply; \a other becomes null.
    PhoenixReply(PhoenixReply &&other) noexcept;
    //! Copies \a other (shares its data).
    PhoenixReply &operator=(const PhoenixReply &other);
    //! Moves \a other into this reply.
    PhoenixReply &operator=(PhoenixReply &&other) noexcept;
    //! Destroys the reply (the data goes when its last copy does).
    ~PhoenixReply();
    //! Swaps this reply with \a other.
    void swap(PhoenixReply &other) noexcept { d.swap(other.d); }

    //! True for a default-constructed reply (no outcome).
    bool isNull() const;
    //! Returns the event property: the event of the push ("phx_join" for joins, "phx_leave" for leaves).
    QString event() const;
    //! Returns the status property: "ok", "error", another status of the server, "timeout" or "sent".
    QString status() const;
    //! Returns the response property: the reply's JSON response (null for timeouts and binary replies).
    QJsonValue response() const;
    //! Returns the binaryResponse property: the raw response of a binary reply, else empty.
    QByteArray binaryResponse() const;
    //! Returns the error property: why the push failed, PhoenixPush::Error::NoError if it did not.
    PhoenixPush::Error error() const;
    //! Returns the errorString property: translated description of error(), empty without error.
    QString errorString() const;
    //! Returns the hasError property: true when error() is not PhoenixPush::Error::NoError.
    bool hasError() const { return error() != PhoenixPush::Error::NoError; }

    //! Field-wise equality.
    friend bool operator==(const PhoenixReply &a, const PhoenixReply &b) { return a.equals(b); }
    //! Field-wise inequality.
    friend bool operator!=(const PhoenixReply &a, const PhoenixReply &b) { return !a.equals(b); }

private:
    bool equals(const PhoenixReply &other) const;
    QExplicitlySharedDataPointer<PhoenixReplyData> d;
};
Q_DECLARE_SHARED(PhoenixReply)
Q_DECLARE_METATYPE(PhoenixReply)
