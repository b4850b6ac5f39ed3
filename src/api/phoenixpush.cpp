// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#include "phoenixpush.h"

#include "phoenixlogging_p.h"
#include "phoenixmessageobserver_p.h"
#include "phoenixpush_p.h"
#include "phoenixwait_p.h"

#include <QtCore/QEventLoop>
#include <QtCore/QFutureWatcher>
#include <QtCore/QJsonDocument>

using namespace Qt::StringLiterals;

// ---- PhoenixPushPrivate ----------------------------------------------------------------------------

QString PhoenixPushPrivate::status() const
{
    switch (statusKind) {
    case Status::None:
        return QString();
    case Status::Ok:
        return u"ok"_s;
    case Status::Error:
        return u"error"_s;
    case Status::Timeout:
        return u"timeout"_s;
    case Status::Sent:
        return u"sent"_s;
    case Status::Other:
        return extra ? extra->otherStatus : QString();
    }
    return QString();
}

void PhoenixPushPrivate::setStatus(const QString &text)
{
    if (text == u"ok"_s)
        statusKind = Status::Ok;
    else if (text == u"error"_s)
        statusKind = Status::Error;
    else if (text == u"timeout"_s)
        statusKind = Status::Timeout;
    else if (text == u"sent"_s)
        statusKind = Status::Sent;
    else if (text.isNull())
        statusKind = Status::None;
    else {
        statusKind = Status::Other;
        ext().otherStatus = text;
    }
}

void PhoenixPushPrivate::engineFrame(PhoenixMessage *message) const
{
    message->event = event;
    message->binary = binary;
    if (binary)
        message->binaryPayload = extra ? extra->binaryPayload : QByteArray();
    else if (extra && !extra->payloadJson.isEmpty())
        message->payloadJson = extra->payloadJson;
    else
        message->payload = payload;
}

void PhoenixPushPrivate::engineReplied(const PhoenixMessage &reply, qint64 roundTripMs)
{
    const QString replyStatus = reply.payload.value(u"status"_s).toString();
    const QJsonValue replyResponse = reply.binary ? QJsonValue() : reply.payload.value(u"response"_s);
    resolve(replyStatus, replyResponse, reply.binaryPayload, reply.binary, roundTripMs, &reply);
}

void PhoenixPushPrivate::engineTimedOut(qint64 durationMs)
{
    expire(durationMs);
}

void PhoenixPushPrivate::engineOutcomeDue()
{
    const Pending outcome = std::exchange(pendingOutcome, Pending::None);
    failurePending = false;
    switch (outcome) {
    case Pending::Fail:
        fail(pendingError, QString(ext().errorString));
        break;
    case Pending::Complete:
        complete();
        break;
    case Pending::LeftOk:
        resolve(u"ok"_s, QJsonObject(), QByteArray(), false);
        break;
    case Pending::None:
        break;
    }
}

void PhoenixPushPrivate::reset()
{
    // A future of the attempt that ends here must not wait for the next one.
    abandon(PhoenixPush::Error::ConnectionLostError,
            PhoenixPush::tr("\"%1\" was abandoned before it was answered.").arg(event));
    statusKind = Status::None;
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
                                 const QByteArray &replyBinary, bool replyIsBinary, qint64 durationMs,
                                 const PhoenixMessage *reply)
{
    if (finished)
        return;
    setStatus(replyStatus);
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
    // The channel reacts first (replyReceived(), its state, joined()), as phoenix.js registers its
    // hooks first; then this push's own signals, hooks and future.
    if (owner && !owner->pushSettled(this, durationMs, reply))
        return;
    if (replyIsBinary) {
        if (PhoenixPushObserver *const watcher = observer();
            watcher &&
            !PhoenixCallout::run([&] { watcher->pushBinaryReplied(replyStatus, replyBinary); }, life()))
            return;
        if (!PhoenixCallout::run([&] { Q_EMIT q->binaryReplied(replyStatus, replyBinary); }, life()))
            return;
    }
    if (!PhoenixCallout::run([&] { Q_EMIT q->replied(replyStatus, replyResponse); }, life()))
        return;
    if (error != PhoenixPush::Error::NoError &&
        !PhoenixCallout::run([&] { Q_EMIT q->errorOccurred(error, ext().errorString); }, life()))
        return;
    if (!runHooks(replyStatus, replyResponse))
        return;
    // A joined channel lives long: its join push does not keep the response (it went to joined(), the
    // receive() handlers and the future), which would hold the reply's JSON for the channel's lifetime.
    if (PhoenixCallout::run([&] { finish(); }, life()) && role == Role::Join)
        response = QJsonValue();
}

void PhoenixPushPrivate::expire(qint64 durationMs)
{
    if (finished)
        return;
    statusKind = Status::Timeout;
    response = QJsonValue();
    finished = true;
    error = PhoenixPush::Error::TimeoutError;
    const QString topic = owner ? owner->pushEngineChannel()->topic() : QString();
    // A push without reply only times out while it waits to be sent (e.g. for the join).
    ext().errorString =
        noReply
            ? PhoenixPush::tr("Could not send \"%1\" on %2 within %3 ms.").arg(event, topic).arg(timeoutMs)
            : PhoenixPush::tr("No reply to \"%1\" on %2 within %3 ms.").arg(event, topic).arg(timeoutMs);
    qCDebug(lcPhoenixChannel).noquote() << "push" << event << "timed out after" << timeoutMs << "ms";

    if (owner && !owner->pushSettled(this, durationMs, nullptr))
        return;
    if (!PhoenixCallout::run([&] { Q_EMIT q->timedOut(); }, life()) ||
        !PhoenixCallout::run([&] { Q_EMIT q->errorOccurred(error, ext().errorString); }, life()) ||
        !runHooks(status(), QJsonObject()))
        return;
    finish();
}

void PhoenixPushPrivate::fail(PhoenixPush::Error failure, const QString &message)
{
    if (finished)
        return;
    statusKind = Status::Error;
    response = QJsonObject{{u"reason"_s, message}};
    finished = true;
    error = failure;
    ext().errorString = message;

    if (owner && !owner->pushSettled(this, -1, nullptr))
        return;
    if (!PhoenixCallout::run([&] { Q_EMIT q->errorOccurred(failure, message); }, life()) ||
        !runHooks(status(), response))
        return;
    finish();
}

bool PhoenixPushPrivate::runHooks(const QString &forStatus, const QJsonValue &value)
{
    if (!extra || extra->hooks.empty())
        return true;
    std::vector<Hook> matching;
    for (const Hook &hook : extra->hooks) {
        if (hook.status == forStatus)
            matching.push_back(hook);
    }
    for (const Hook &hook : matching) {
        if (hook.hasContext && !hook.context)
            continue;
        if (!PhoenixCallout::run([&] { hook.handler(value); }, life()))
            return false;
    }
    return true;
}

void PhoenixPushPrivate::complete()
{
    if (finished)
        return;
    statusKind = Status::Sent;
    finished = true;
    if (owner && !owner->pushSettled(this, -1, nullptr))
        return;
    if (runHooks(status(), QJsonValue()))
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
    if (PhoenixPushObserver *const watcher = observer();
        watcher && !PhoenixCallout::run([&] { watcher->pushFinished(); }, life()))
        return; // deleted by the observer's application code, as by a slot below
    if (!PhoenixCallout::run([&] { Q_EMIT q->finished(); }, life()))
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
    return PhoenixReply(event, status(), response, error, extra ? extra->errorString : QString(),
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
    d->life()->end();
    if (d->owner)
        d->owner->pushDestroyed(d.get());
    // No future waits forever: it gets the outcome if there was one, else CanceledError.
    if (d->extra && d->extra->promise) {
        if (!d->finished) {
            d->statusKind = PhoenixPushPrivate::Status::Error;
            d->error = Error::CanceledError;
            d->extra->errorString =
                tr("\"%1\" was deleted before it finished (with its channel or socket).").arg(d->event);
            d->response = QJsonObject{{u"reason"_s, d->extra->errorString}};
        }
        d->settleFuture();
    }
    if (PhoenixPushObserver *const watcher = d->observer())
        watcher->pushDestroyed(); // where destroyed() used to reach the QML push item
}

void PhoenixPushObserver::install(PhoenixPush *push, PhoenixPushObserver *observer)
{
    if (!push)
        return;
    PhoenixPushPrivate *const d = push->d.get();
    if (observer || d->extra)
        d->ext().observer = observer;
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
    if (d->extra && !d->extra->payloadJson.isEmpty())
        return QJsonDocument::fromJson(d->extra->payloadJson).object();
    return d->payload;
}

QByteArray PhoenixPush::binaryPayload() const
{
    return d->extra ? d->extra->binaryPayload : QByteArray();
}

QString PhoenixPush::status() const
{
    return d->status();
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
    return receive(status, nullptr, std::move(handler));
}

PhoenixPush *PhoenixPush::receive(const QString &status, const QObject *context, ResponseHandler handler)
{
    // Without a context (nullptr) the handler lives as long as the push.
    d->ext().hooks.push_back({status, QPointer<const QObject>(context), context != nullptr, handler});
    if (d->finished && d->status() == status) {
        const QJsonValue response = d->response;
        (void)PhoenixCallout::run([&] { handler(response); }, d->life()); // may delete this push
    }
    return this;
}
