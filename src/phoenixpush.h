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

class PhoenixChannel;
class PhoenixPushOwner;
class PhoenixPushPrivate;

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

public:
    //! Why a push failed.
    enum class Error {
        NoError,             //!< no failure (pending, or an "ok" reply)
        ReplyError,          //!< the server replied with status "error"
        TimeoutError,        //!< no reply within the timeout
        SendBufferFullError, //!< the socket's send buffer was full (PhoenixSocket::sendBufferLimit)
        ChannelClosedError,  //!< the channel was left or closed; nothing was sent
        EncodingError        //!< the message could not be encoded (e.g. a binary field over 255 bytes)
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
    //! The payload as pushed (empty for binary pushes).
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
    //! The channel this push belongs to (its parent).
    PhoenixChannel *channel() const;

    /*!
     * Calls \a handler when the push ends with \a status ("ok", "error", "timeout", or any status the
     * server uses). If it already has, the handler runs at once. Returns this push, for chaining.
     */
    PhoenixPush *receive(const QString &status, ResponseHandler handler);
    //! Like receive(), but the handler is dropped if \a context is destroyed first.
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
    std::unique_ptr<PhoenixPushPrivate> d;
};
