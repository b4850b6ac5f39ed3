// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

#include <phoenixmessageobserver_p.h>
#include <phoenixpush.h>

#include <QtCore/QByteArray>
#include <QtCore/QJsonValue>
#include <QtCore/QList>
#include <QtCore/QObject>
#include <QtCore/QPointer>
#include <QtQml/QJSValue>
#include <QtQml/qqmlregistration.h>

#include <functional>

class QJSEngine;

/*!
 * \brief The result of PhoenixChannel.push() in QML (type name \c PhoenixPush, not creatable).
 *
 * Register handlers with receive(), which returns the push itself so calls chain as in phoenix.js:
 * \code
 * lobby.push("shout", { body: field.text })
 *      .receive("ok", response => field.clear())
 *      .receive("error", response => console.warn(response.reason))
 *      .receive("timeout", () => console.warn("no answer"))
 * \endcode
 *
 * A handler registered for a status the push has already ended with runs at once. Each handler
 * gets the reply's response as a plain JS object ({} for timeouts; {reason} for local failures), or
 * an ArrayBuffer for a binary reply.
 *
 * \section qmlpush_promise Awaiting the outcome: a JS Promise
 * The push is also a thenable: then() and the promise property give a JavaScript Promise (made by
 * the QML engine) that settles once with the outcome, so pushes compose with Promise.all() and
 * friends:
 * \code
 * lobby.push("echo", { body: "hi" })
 *      .then(response => console.log("echoed", response.body),
 *            error => console.warn(error.message, error.status, error.error === PhoenixPush.TimeoutError))
 * \endcode
 * It is fulfilled with the response (or the ArrayBuffer of a binary reply) when the push finished
 * without error: an "ok" reply, any other status but "error", or "sent" for a push without reply.
 * It is rejected with an Error whose \c message is errorString, with the properties \c status,
 * \c response, \c error (a PhoenixPush.Error value) and \c event, on an error reply, a timeout or a
 * local failure. Its reactions run from the event loop, after receive()'s handlers. (Qt 6.4's QML
 * has no async/await; chain then().)
 *
 * \section qmlpush_lifetime Lifetime
 * The push belongs to the PhoenixChannel item that made it. It deletes itself (deleteLater()) once it
 * has finished and its handlers and signals ran, so register handlers right away (chained) and
 * do not keep it around; a promise taken from it stays valid. Lives in the QML engine's thread.
 */
class PhoenixQmlPush : public QObject, private PhoenixPushObserver
{
    Q_OBJECT
    QML_NAMED_ELEMENT(PhoenixPush)
    QML_UNCREATABLE("PhoenixPush is returned by PhoenixChannel.push()")
    QML_EXTENDED_NAMESPACE(PhoenixPush)
    //! The event name.
    Q_PROPERTY(QString event READ event CONSTANT)
    //! Empty while pending, then the reply status ("ok", "error", ...), "timeout", or "sent" for a push
    //! without reply.
    Q_PROPERTY(QString status READ status NOTIFY finished)
    //! The reply's response (undefined while pending).
    Q_PROPERTY(QJsonValue response READ response NOTIFY finished)
    //! The payload of a binary reply (an ArrayBuffer), empty otherwise.
    Q_PROPERTY(QByteArray binaryResponse READ binaryResponse NOTIFY finished)
    //! True once the push has its outcome.
    Q_PROPERTY(bool finished READ isFinished NOTIFY finished)
    //! Why the push failed (a PhoenixPush.Error value), PhoenixPush.NoError while pending or without error.
    Q_PROPERTY(PhoenixPush::Error error READ error NOTIFY finished)
    //! Translated description of the failure (error reply, timeout, local failure), else empty.
    Q_PROPERTY(QString errorString READ errorString NOTIFY finished)
    //! False for pushes made with pushNoReply() / pushBinaryNoReply().
    Q_PROPERTY(bool expectsReply READ expectsReply CONSTANT)
    //! A JS Promise of the outcome (see "Awaiting the outcome"); the same object on every read.
    Q_PROPERTY(QJSValue promise READ promise CONSTANT)

public:
    /*!
     * Wraps \a push (may be null: then the push fails with \a failure and
     * PhoenixPush::ChannelClosedError, reported from the event loop). \a engine runs the JS handlers.
     * The item is a child of \a parent.
     */
    PhoenixQmlPush(const QString &event, PhoenixPush *push, QJSEngine *engine, QObject *parent,
                   const QString &failure = {});
    //! Destroys the item. A push still pending is cancelled first (see cancel()). The C++ push belongs
    //! to its channel.
    ~PhoenixQmlPush() override;

    /*!
     * The item that made this push goes away before the push finished: it fails now with
     * PhoenixPush::CanceledError, so its "error" receive() handlers run and its Promise is rejected
     * (exactly once: a push that finished already is left alone). The C++ push goes on without it.
     */
    void cancel();

    //! Returns the event property: the event name.
    QString event() const;
    //! Returns the status property: empty while pending, then the reply status, "timeout" or "sent".
    QString status() const;
    //! Returns the response property: the reply's response (undefined while pending).
    QJsonValue response() const;
    //! Returns the binaryResponse property: the payload of a binary reply, empty otherwise.
    QByteArray binaryResponse() const;
    //! Returns the finished property: true once the push has its outcome.
    bool isFinished() const;
    //! Returns the error property: why the push failed, NoError while pending or without error.
    PhoenixPush::Error error() const;
    //! Returns the errorString property: translated description of the failure (error reply, timeout, local
    //! failure), else empty.
    QString errorString() const;
    //! Returns the expectsReply property: false for pushes without reply.
    bool expectsReply() const;
    //! Returns the promise property: a JS Promise of the outcome (undefined without a QML engine).
    QJSValue promise();

    /*!
     * Calls \a callback with the response when the push ends with \a status ("ok", "error",
     * "timeout", "sent" or any status the server uses); at once if it already has. Returns this push.
     */
    Q_INVOKABLE PhoenixQmlPush *receive(const QString &status, const QJSValue &callback);
    /*!
     * Promise-style: `promise.then(onFulfilled, onRejected)`. Returns the new Promise that then()
     * returns, so calls chain (`push(...).then(a).then(b).catch(c)`). Either argument may be omitted.
     */
    Q_INVOKABLE QJSValue then(const QJSValue &onFulfilled = QJSValue(),
                              const QJSValue &onRejected = QJSValue());

    /*!
     * Sets the function called with the event and message on every failure of this push, after
     * errorOccurred(): the PhoenixChannel item that made the push emits its pushFailed() from it
     * (a function, not a connection per push). For the channel item; main (engine) thread only.
     */
    void setErrorReporter(std::function<void(const QString &, const QString &)> reporter);

Q_SIGNALS:
    //! Emitted when the server replied, with its status and response.
    void replied(const QString &status, const QJsonValue &response);
    //! Emitted when the server replied with a binary frame, with its status and payload (an ArrayBuffer).
    void binaryReplied(const QString &status, const QByteArray &response);
    //! Emitted when no reply came in time.
    void timedOut();
    //! Emitted on every failure (error reply, timeout, local failure) with a translated message.
    void errorOccurred(const QString &message);
    //! Emitted once the push has its outcome, after the specific signal.
    void finished();

private:
    // PhoenixPushObserver: the C++ push tells this item of its binary reply, its outcome and its
    // deletion (calls, not connections).
    void pushBinaryReplied(const QString &status, const QByteArray &response) override;
    void pushFinished() override;
    void pushDestroyed() override;
    //! Reports a failure (errorOccurred(), then the reporter); false if that deleted this item.
    bool reportError(const QString &message);
    void finish();
    void fail(PhoenixPush::Error error, const QString &message);
    QJSValue argument() const;
    void call(QJSValue callback);
    void settlePromise();

    struct Handler
    {
        QString status;
        QJSValue callback;
    };
    QString m_event;
    QString m_status;
    QJsonValue m_response = QJsonValue::Undefined;
    QByteArray m_binaryResponse;
    QString m_errorString;
    PhoenixPush::Error m_error = PhoenixPush::Error::NoError;
    bool m_finished = false;
    bool m_binary = false;
    bool m_expectsReply = true;
    QList<Handler> m_handlers;
    std::function<void(const QString &, const QString &)> m_onError;
    PhoenixPush *m_push = nullptr; // until it finished or went away (pushDestroyed())
    QPointer<QJSEngine> m_engine;
    QJSValue m_promise; // the Promise, once promise() or then() was used
    QJSValue m_resolve; // its resolve function, until it settled
    QJSValue m_reject;  // its reject function, until it settled
};
