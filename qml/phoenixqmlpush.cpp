// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#include "phoenixqmlpush.h"

#include "phoenixqmllogging_p.h"
#include "phoenixqmlscripts_p.h"

#include <QtCore/QJsonObject>
#include <QtQml/QJSEngine>

#include <utility>

using namespace Qt::StringLiterals;

PhoenixQmlPush::PhoenixQmlPush(const QString &event, PhoenixPush *push, QJSEngine *engine, QObject *parent,
                               const QString &failure)
    : QObject(parent)
    , m_event(event)
    , m_push(push)
    , m_engine(engine)
{
    if (!push) {
        // Reported from the event loop, so that QML can chain receive() first.
        QMetaObject::invokeMethod(
            this, [this, failure] { fail(PhoenixPush::Error::ChannelClosedError, failure); },
            Qt::QueuedConnection);
        return;
    }
    m_expectsReply = push->expectsReply();
    // The outcome is read from the C++ push once it finished; its binary reply is told as it comes,
    // because only it tells a binary reply from a JSON one. If the channel (and its pushes) is deleted
    // before an answer came, the push fails instead of hanging (pushDestroyed()).
    PhoenixPushObserver::install(push, this);
}

void PhoenixQmlPush::pushBinaryReplied(const QString &status, const QByteArray &response)
{
    m_binary = true;
    m_binaryResponse = response;
    Q_EMIT binaryReplied(status, response);
}

void PhoenixQmlPush::pushDestroyed()
{
    m_push = nullptr;
    cancel();
}

void PhoenixQmlPush::pushFinished()
{
    if (m_finished || !m_push)
        return;
    // The C++ push emitted its specific signals before finished(); this item emits its own now, in
    // the same order: replied() or timedOut(), then errorOccurred() on a failure, then finished().
    const QPointer<PhoenixQmlPush> self(this);
    m_status = m_push->status();
    m_error = m_push->error();
    m_errorString = m_push->errorString();
    const bool replied = m_error == PhoenixPush::Error::ReplyError ||
                         (m_error == PhoenixPush::Error::NoError && m_expectsReply);
    if (replied) {
        const QJsonValue response = m_push->response();
        m_response = response.isUndefined() || response.isNull() ? QJsonValue(QJsonObject{}) : response;
        Q_EMIT this->replied(m_status, m_response);
    } else if (m_error == PhoenixPush::Error::TimeoutError) {
        m_status = u"timeout"_s;
        m_response = QJsonObject{};
        Q_EMIT timedOut();
    } else if (m_error == PhoenixPush::Error::NoError) {
        m_response = QJsonObject{}; // a push without reply that went out ("sent")
    } else {
        m_status = u"error"_s; // a local failure: nothing was answered
        m_response = QJsonObject{{u"reason"_s, m_errorString}};
    }
    if (!self)
        return;
    if (m_error != PhoenixPush::Error::NoError && !reportError(m_errorString))
        return;
    finish();
}

bool PhoenixQmlPush::reportError(const QString &message)
{
    // QML's handlers of errorOccurred() ran before the channel's pushFailed() when that was a
    // connection (QML handlers come first in a signal's emission); the order stays.
    const QPointer<PhoenixQmlPush> self(this);
    Q_EMIT errorOccurred(message);
    if (!self)
        return false;
    if (m_onError)
        m_onError(m_event, message);
    return !self.isNull();
}

void PhoenixQmlPush::setErrorReporter(std::function<void(const QString &, const QString &)> reporter)
{
    m_onError = std::move(reporter);
}

PhoenixQmlPush::~PhoenixQmlPush()
{
    cancel(); // a Promise settles exactly once, also when this item goes first
    // The C++ push may outlive this item (it is deleted from the event loop once it finished).
    PhoenixPushObserver::install(std::exchange(m_push, nullptr), nullptr);
}

void PhoenixQmlPush::cancel()
{
    if (m_finished)
        return;
    // The C++ push goes on alone; its outcome no longer concerns us.
    PhoenixPushObserver::install(std::exchange(m_push, nullptr), nullptr);
    fail(PhoenixPush::Error::CanceledError, tr("The channel was closed before the server answered."));
}

QString PhoenixQmlPush::event() const
{
    return m_event;
}

QString PhoenixQmlPush::status() const
{
    return m_status;
}

QJsonValue PhoenixQmlPush::response() const
{
    return m_response;
}

QByteArray PhoenixQmlPush::binaryResponse() const
{
    return m_binaryResponse;
}

bool PhoenixQmlPush::isFinished() const
{
    return m_finished;
}

PhoenixPush::Error PhoenixQmlPush::error() const
{
    return m_error;
}

QString PhoenixQmlPush::errorString() const
{
    return m_errorString;
}

bool PhoenixQmlPush::expectsReply() const
{
    return m_expectsReply;
}

QJSValue PhoenixQmlPush::promise()
{
    if (!m_promise.isUndefined() || !m_engine)
        return m_promise;
    // The engine makes the Promise; its resolve and reject functions are kept until it settles.
    if (!PhoenixQmlScripts::of(m_engine)->newPromise(&m_promise, &m_resolve, &m_reject))
        return m_promise;
    if (m_finished)
        settlePromise();
    return m_promise;
}

PhoenixQmlPush *PhoenixQmlPush::receive(const QString &status, const QJSValue &callback)
{
    if (!callback.isCallable()) {
        qCWarning(lcPhoenixQml) << "PhoenixPush.receive: the handler for" << status << "is not a function";
        return this;
    }
    if (m_finished) {
        if (status == m_status)
            call(callback);
    } else {
        m_handlers.append({status, callback});
    }
    return this;
}

QJSValue PhoenixQmlPush::then(const QJSValue &onFulfilled, const QJSValue &onRejected)
{
    const QJSValue promise = this->promise();
    if (promise.isUndefined())
        return QJSValue();
    return PhoenixQmlScripts::of(m_engine)->then(promise, onFulfilled, onRejected);
}

void PhoenixQmlPush::fail(PhoenixPush::Error error, const QString &message)
{
    if (m_finished)
        return;
    m_status = u"error"_s;
    m_error = error;
    m_errorString = message;
    m_response = QJsonObject{{u"reason"_s, message}};
    if (reportError(message))
        finish();
}

void PhoenixQmlPush::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    if (m_status.isEmpty())
        m_status = u"error"_s;
    const QList<Handler> handlers = std::exchange(m_handlers, {});
    for (const Handler &handler : handlers) {
        if (handler.status == m_status)
            call(handler.callback);
    }
    settlePromise();
    Q_EMIT finished();
    deleteLater();
}

QJSValue PhoenixQmlPush::argument() const
{
    if (!m_engine)
        return QJSValue();
    return m_binary ? m_engine->toScriptValue(m_binaryResponse) : m_engine->toScriptValue(m_response);
}

void PhoenixQmlPush::call(QJSValue callback)
{
    const QJSValue result = callback.call({argument()});
    if (result.isError()) {
        qCWarning(lcPhoenixQml).noquote()
            << "PhoenixPush.receive handler for" << m_status << "threw:" << result.toString() << "at line"
            << result.property(u"lineNumber"_s).toInt();
    }
}

void PhoenixQmlPush::settlePromise()
{
    if (!m_finished || !m_engine || m_resolve.isUndefined())
        return;
    const QJSValue resolve = std::exchange(m_resolve, QJSValue());
    const QJSValue reject = std::exchange(m_reject, QJSValue());
    if (m_error == PhoenixPush::Error::NoError) {
        QJSValue(resolve).call({argument()});
        return;
    }
    QJSValue reason = m_engine->newErrorObject(QJSValue::GenericError, m_errorString);
    reason.setProperty(u"status"_s, m_status);
    reason.setProperty(u"response"_s, argument());
    reason.setProperty(u"error"_s, int(m_error));
    reason.setProperty(u"event"_s, m_event);
    QJSValue(reject).call({reason});
}
