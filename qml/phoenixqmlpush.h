// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

#include <QtCore/QJsonValue>
#include <QtCore/QList>
#include <QtCore/QObject>
#include <QtCore/QPointer>
#include <QtQml/QJSValue>
#include <QtQml/qqmlregistration.h>

class PhoenixPush;
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
 * gets the reply's response as a plain JS object ({} for timeouts; {reason} for local failures).
 *
 * \section qmlpush_lifetime Lifetime
 * The push belongs to the PhoenixChannel item that made it. It deletes itself (deleteLater()) once it
 * has finished and its handlers and signals ran, so register handlers right away (chained) and
 * do not keep it around. Lives in the QML engine's thread.
 */
class PhoenixQmlPush : public QObject
{
    Q_OBJECT
    QML_NAMED_ELEMENT(PhoenixPush)
    QML_UNCREATABLE("PhoenixPush is returned by PhoenixChannel.push()")
    //! The event name.
    Q_PROPERTY(QString event READ event CONSTANT)
    //! Empty while pending, then the reply status ("ok", "error", ...) or "timeout".
    Q_PROPERTY(QString status READ status NOTIFY finished)
    //! The reply's response (undefined while pending).
    Q_PROPERTY(QJsonValue response READ response NOTIFY finished)
    //! True once the push has its outcome.
    Q_PROPERTY(bool finished READ isFinished NOTIFY finished)
    //! Translated description of the failure (error reply, timeout, local failure), else empty.
    Q_PROPERTY(QString errorString READ errorString NOTIFY finished)

public:
    /*!
     * Wraps \a push (may be null: then the push fails with \a failure, reported from the event
     * loop). \a engine runs the JS handlers. The item is a child of \a parent.
     */
    PhoenixQmlPush(const QString &event, PhoenixPush *push, QJSEngine *engine, QObject *parent,
                   const QString &failure = {});
    //! Destroys the item; handlers that have not run are dropped. The C++ push belongs to its channel.
    ~PhoenixQmlPush() override;

    //! Returns the event property: the event name.
    QString event() const;
    //! Returns the status property: empty while pending, then the reply status ("ok", "error", ...) or
    //! "timeout".
    QString status() const;
    //! Returns the response property: the reply's response (undefined while pending).
    QJsonValue response() const;
    //! Returns the finished property: true once the push has its outcome.
    bool isFinished() const;
    //! Returns the errorString property: translated description of the failure (error reply, timeout, local
    //! failure), else empty.
    QString errorString() const;

    /*!
     * Calls \a callback with the response when the push ends with \a status ("ok", "error",
     * "timeout" or any status the server uses); at once if it already has. Returns this push.
     */
    Q_INVOKABLE PhoenixQmlPush *receive(const QString &status, const QJSValue &callback);

Q_SIGNALS:
    //! Emitted when the server replied, with its status and response.
    void replied(const QString &status, const QJsonValue &response);
    //! Emitted when no reply came in time.
    void timedOut();
    //! Emitted on every failure (error reply, timeout, local failure) with a translated message.
    void errorOccurred(const QString &message);
    //! Emitted once the push has its outcome, after the specific signal.
    void finished();

private:
    void finish();
    void call(QJSValue callback);

    struct Handler
    {
        QString status;
        QJSValue callback;
    };
    QString m_event;
    QString m_status;
    QJsonValue m_response = QJsonValue::Undefined;
    QString m_errorString;
    bool m_finished = false;
    QList<Handler> m_handlers;
    QPointer<PhoenixPush> m_push;
    QPointer<QJSEngine> m_engine;
};
