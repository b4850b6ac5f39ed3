// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#include "phoenixpush.h"

#include "phoenixlogging_p.h"
#include "phoenixpush_p.h"
#include "phoenixwait_p.h"

#include <QtCore/QEventLoop>
#include <QtCore/QFutureWatcher>
#include <QtCore/QJsonDocument>

using namespace Qt::StringLiterals;

// ---- PhoenixPushPrivate ----------------------------------------------------------------------------

void PhoenixPushPrivate::setRef(quint64 newRef)
{
    if (ref == newRef)
        return;
    ref = newRef;
    Q_EMIT q->refChanged(refString());
}

void PhoenixPushPrivate::reset()
{
    // A future of the attempt that ends here must not wait for the next one.
    abandon(PhoenixPush::Error::ConnectionLostError,
            PhoenixPush::tr("\"%1\" was abandoned before it was answered.").arg(event));
    status.clear();
    response = QJsonValue();
    if (extra) { // receive() hooks stay: a join push's handlers apply to every rejoin
        extra->binaryResponse.clear();
        extra->errorString.clear();
        extra->future.reset(); // the next attempt gets a future of its own
    }
    error = PhoenixPush::Error::NoError;
    finished = false;
}

void PhoenixPushPrivate::resolve(const QString &replyStatus, const QJsonValue &replyResponse,
                                 const QByteArray &replyBinary, bool replyIsBinary, qint64 durationMs)
{
    if (finished)
        return;
    // Most replies say "ok": share one static string instead of allocating one per push.
    status = replyStatus == u"ok"_s ? u"ok"_s : replyStatus;
    response = replyResponse;
    if (replyIsBinary)
        ext().binaryResponse = replyBinary;
    finished = true;
    if (replyStatus == u"error"_s) {
        error = PhoenixPush::Error::ReplyError;
        const QString detail =
            replyResponse.isObject()
                ? QString::fromUtf8(QJsonDocument(replyResponse.toObject()).toJson(QJsonDocument::Compact))
                : replyResponse.toVariant().toString();
        ext().errorString = PhoenixPush::tr("The server refused \"%1\": %2").arg(event, detail);
    }

    const PhoenixWatch guard(&life);
    // The channel reacts first (state, joined()), as phoenix.js registers its hooks first.
    if (owner)
        owner->pushSettled(this, durationMs);
    if (!guard)
        return;
    if (replyIsBinary) {
        Q_EMIT q->binaryReplied(replyStatus, replyBinary);
        if (!guard)
            return;
    }
    Q_EMIT q->replied(replyStatus, replyResponse);
    if (!guard)
        return;
    if (error != PhoenixPush::Error::NoError) {
        Q_EMIT q->errorOccurred(error, ext().errorString);
        if (!guard)
            return;
    }
    runHooks(replyStatus, replyResponse);
    if (!guard)
        return;
    finish();
    // A joined channel lives long: its join push does not keep the response (it went to joined()
    // and the receive() handlers), which would hold the reply's JSON for the channel's lifetime.
    if (guard && role == Role::Join)
        response = QJsonValue();
}

void PhoenixPushPrivate::expire(const QString &topic, qint64 durationMs)
{
    if (finished)
        return;
    status = u"timeout"_s;
    response = QJsonValue();
    finished = true;
    error = PhoenixPush::Error::TimeoutError;
    // A push without reply only times out while it waits to be sent (e.g. for the join).
    ext().errorString =
        noReply
            ? PhoenixPush::tr("Could not send \"%1\" on %2 within %3 ms.").arg(event, topic).arg(timeoutMs)
            : PhoenixPush::tr("No reply to \"%1\" on %2 within %3 ms.").arg(event, topic).arg(timeoutMs);
    qCDebug(lcPhoenixChannel).noquote() << "push" << event << "timed out after" << timeoutMs << "ms";

    const PhoenixWatch guard(&life);
    if (owner)
        owner->pushSettled(this, durationMs);
    if (!guard)
        return;
    Q_EMIT q->timedOut();
    if (!guard)
        return;
    Q_EMIT q->errorOccurred(error, ext().errorString);
    if (!guard)
        return;
    runHooks(status, QJsonObject());
    if (guard)
        finish();
}

void PhoenixPushPrivate::fail(PhoenixPush::Error failure, const QString &message)
{
    if (finished)
        return;
    status = u"error"_s;
    response = QJsonObject{{u"reason"_s, message}};
    finished = true;
    error = failure;
    ext().errorString = message;

    const PhoenixWatch guard(&life);
    if (owner)
        owner->pushSettled(this, -1);
    if (!guard)
        return;
    Q_EMIT q->errorOccurred(failure, message);
    if (!guard)
        return;
    runHooks(status, response);
    if (guard)
        finish();
}

void PhoenixPushPrivate::runHooks(const QString &forStatus, const QJsonValue &value)
{
    if (!extra || extra->hooks.empty())
        return;
    const PhoenixWatch guard(&life);
    std::vector<Hook> matching;
    for (const Hook &hook : extra->hooks) {
        if (hook.status == forStatus)
            matching.push_back(hook);
    }
    for (const Hook &hook : matching) {
        if (hook.hasContext && !hook.context)
            continue;
        hook.handler(value);
        if (!guard)
            return;
    }
}

void PhoenixPushPrivate::complete()
{
    if (finished)
        return;
    status = u"sent"_s;
    finished = true;
    const PhoenixWatch guard(&life);
    if (owner)
        owner->pushSettled(this, -1);
    if (!guard)
        return;
    runHooks(status, QJsonValue());
    if (guard)
        finish();
}

namespace {
//! Deletes a push that finished during a waitFor…() call, unless its autoDelete was turned off since.
void releaseAfterWait(QObject *object)
{
    auto *push = static_cast<PhoenixPush *>(object);
    if (push->autoDelete())
        push->deleteLater();
}

//! Deletes a push of a release batch (its deletion is already the deferred one), unless its autoDelete
//! was turned off since.
void releaseFromBatch(QObject *object)
{
    auto *push = static_cast<PhoenixPush *>(object);
    if (push->autoDelete())
        delete push;
}
} // namespace

void PhoenixPushPrivate::finish()
{
    const PhoenixWatch guard(&life);
    Q_EMIT q->finished();
    if (!guard)
        return; // deleted by a slot: its destructor handed the outcome to the future
    if (autoDelete && role != Role::Join) {
        // Readable until the outermost blocking wait of this thread returned (see phoenixwait_p.h).
        if (PhoenixWaitScope::isActive())
            PhoenixWaitScope::deferDeletion(q, &releaseAfterWait);
        else if (PhoenixReleaseBatch::isActive())
            PhoenixReleaseBatch::add(q, &releaseFromBatch);
        else
            q->deleteLater();
    }
    settleFuture(); // last: a continuation without context may delete anything
}

PhoenixReply PhoenixPushPrivate::reply() const
{
    return PhoenixReply(event, status, response, error, extra ? extra->errorString : QString(),
                        extra ? extra->binaryResponse : QByteArray());
}

void PhoenixPushPrivate::settleFuture()
{
    if (!extra || !extra->promise)
        return;
    // Keep the promise alive on the stack: a continuation may delete this push meanwhile.
    const std::unique_ptr<QPromise<PhoenixReply>> promise = std::move(extra->promise);
    extra->future = promise->future();
    promise->addResult(reply());
    promise->finish();
}

void PhoenixPushPrivate::abandon(PhoenixPush::Error failure, const QString &message)
{
    if (finished || !extra || !extra->promise)
        return;
    const std::unique_ptr<QPromise<PhoenixReply>> promise = std::move(extra->promise);
    extra->future = promise->future();
    promise->addResult(
        PhoenixReply(event, u"error"_s, QJsonObject{{u"reason"_s, message}}, failure, message));
    promise->finish();
}

// ---- PhoenixPush -----------------------------------------------------------------------------------

PhoenixPush::PhoenixPush(PhoenixPushOwner *owner, const QString &event, int role, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<PhoenixPushPrivate>(this, owner, event, PhoenixPushPrivate::Role(role)))
{
}

PhoenixPush::~PhoenixPush()
{
    d->life.end();
    if (d->owner)
        d->owner->pushDestroyed(d.get());
    // No future waits forever: it gets the outcome if there was one, else CanceledError.
    if (d->extra && d->extra->promise) {
        if (!d->finished) {
            d->status = u"error"_s;
            d->error = Error::CanceledError;
            d->extra->errorString =
                tr("\"%1\" was deleted before it finished (with its channel or socket).").arg(d->event);
            d->response = QJsonObject{{u"reason"_s, d->extra->errorString}};
        }
        d->settleFuture();
    }
}

QString PhoenixPush::ref() const
{
    return d->refString();
}

QString PhoenixPush::event() const
{
    return d->event;
}

QJsonObject PhoenixPush::payload() const
{
    return d->payload;
}

QByteArray PhoenixPush::binaryPayload() const
{
    return d->extra ? d->extra->binaryPayload : QByteArray();
}

QString PhoenixPush::status() const
{
    return d->status;
}

QJsonValue PhoenixPush::response() const
{
    return d->response;
}

QByteArray PhoenixPush::binaryResponse() const
{
    return d->extra ? d->extra->binaryResponse : QByteArray();
}

bool PhoenixPush::isFinished() const
{
    return d->finished;
}

PhoenixPush::Error PhoenixPush::error() const
{
    return d->error;
}

QString PhoenixPush::errorString() const
{
    return d->extra ? d->extra->errorString : QString();
}

bool PhoenixPush::autoDelete() const
{
    return d->autoDelete && d->role != PhoenixPushPrivate::Role::Join;
}

void PhoenixPush::setAutoDelete(bool enabled)
{
    if (d->autoDelete == enabled)
        return;
    d->autoDelete = enabled;
    Q_EMIT autoDeleteChanged(enabled);
}

bool PhoenixPush::expectsReply() const
{
    return !d->noReply;
}

PhoenixChannel *PhoenixPush::channel() const
{
    return d->owner ? d->owner->pushChannel() : nullptr;
}

QFuture<PhoenixReply> PhoenixPush::future()
{
    PhoenixPushPrivate::Extra &extra = d->ext();
    if (extra.promise)
        return extra.promise->future();
    if (extra.future && extra.future->resultCount() > 0)
        return *extra.future; // finished before (or this join attempt was abandoned)
    if (d->finished) {
        extra.future = QtFuture::makeReadyFuture(d->reply());
        return *extra.future;
    }
    extra.promise = std::make_unique<QPromise<PhoenixReply>>();
    extra.promise->start();
    return extra.promise->future();
}

bool PhoenixPush::waitForReply(int msecs)
{
    const PhoenixWaitScope scope; // pushes finishing meanwhile stay readable until it returns
    const QFuture<PhoenixReply> outcome = future();
    if (!outcome.isFinished()) {
        // The future also finishes if the push is deleted meanwhile: never touch `this` below.
        QEventLoop loop;
        QFutureWatcher<PhoenixReply> watcher;
        QObject::connect(&watcher, &QFutureWatcherBase::finished, &loop, &QEventLoop::quit);
        watcher.setFuture(outcome);
        PhoenixWaitScope::exec(loop, msecs);
    }
    return outcome.isFinished() && outcome.resultCount() > 0 && !outcome.resultAt(0).hasError();
}

PhoenixPush *PhoenixPush::receive(const QString &status, ResponseHandler handler)
{
    if (d->finished && d->status == status)
        handler(d->response);
    d->ext().hooks.push_back({status, {}, false, std::move(handler)});
    return this;
}

PhoenixPush *PhoenixPush::receive(const QString &status, const QObject *context, ResponseHandler handler)
{
    if (d->finished && d->status == status)
        handler(d->response);
    d->ext().hooks.push_back({status, QPointer<const QObject>(context), true, std::move(handler)});
    return this;
}
