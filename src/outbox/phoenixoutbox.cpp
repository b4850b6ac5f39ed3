// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#include "phoenixoutbox.h"

#include "phoenixoutbox_p.h"
#include "phoenixoutboxlogging_p.h"

#include <QtCore/QChildEvent>
#include <QtCore/QJsonDocument>
#include <QtCore/QUuid>

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcPhoenixOutbox, "phoenix.outbox", QtInfoMsg)

namespace {

const QString kDefaultKeyField = u"idempotency_key"_s;

// What Phoenix itself answers to a message for a topic that has no channel on the server (the
// channel died there, the client does not know yet): not the handler's answer, so not a rejection.
bool isUnmatchedTopic(const QString &status, const QJsonValue &response)
{
    return status == u"error"_s && response.toObject().value(u"reason"_s).toString() == u"unmatched topic"_s;
}

} // namespace

// ---- Notifications ---------------------------------------------------------------------------------

PhoenixOutboxPrivate::Notifications::Notifications(PhoenixOutboxPrivate *dd)
    : d(dd)
    , m_outbox(dd->q)
    , m_countBefore(int(dd->entries.size()))
{
}

PhoenixOutboxPrivate::Notifications::~Notifications()
{
    for (const std::function<void()> &emission : m_emissions) {
        if (!m_outbox)
            return; // a slot deleted the outbox: nothing of it is left to tell about
        emission();
    }
    if (!m_outbox)
        return;
    const int count = int(d->entries.size());
    if (count != m_countBefore)
        Q_EMIT d->q->pendingCountChanged(count);
}

// ---- state ------------------------------------------------------------------------------------------

PhoenixOutboxPrivate::PhoenixOutboxPrivate(PhoenixOutbox *qq, PhoenixSocket *s, const QString &path)
    : q(qq)
    , socket(s)
    , databasePath(path)
    , keyField(kDefaultKeyField)
{
    m_clock.start();
    wakeTimer.setSingleShot(true);
    QObject::connect(&wakeTimer, &QTimer::timeout, q, [this] { pump(); });
    if (socket) {
        // Channels are children of the socket: a new one shows up as ChildAdded (see eventFilter()).
        socket->installEventFilter(q);
        QObject::connect(socket, &PhoenixSocket::stateChanged, q, [this] { schedulePump(); });
        QObject::connect(socket, &QObject::destroyed, q, [this] { onSocketGone(); });
    }

    if (!databasePath.isEmpty()) {
        QList<PhoenixOutboxRecord> records;
        const PhoenixOutboxStore::Failure failure = store.open(databasePath, &records);
        if (failure) {
            storeFailed(failure);
        } else {
            persistent = true;
            for (PhoenixOutboxRecord &record : records)
                enqueue(std::move(record));
            if (!records.isEmpty())
                qCDebug(lcPhoenixOutbox) << "found" << entries.size() << "pending entries";
        }
    }
    schedulePump();
}

PhoenixOutboxEntry PhoenixOutboxPrivate::snapshot(const Pending &pending) const
{
    auto *data = new PhoenixOutboxEntryData;
    data->key = pending.record.key;
    data->topic = pending.record.topic;
    data->event = pending.record.event;
    data->payload = pending.record.payload;
    data->created = QDateTime::fromMSecsSinceEpoch(pending.record.createdMs, Qt::UTC);
    data->lastError = pending.record.lastError;
    data->attempts = pending.record.attempts;
    data->sending = pending.sending;
    return PhoenixOutboxEntry(data);
}

PhoenixOutboxPrivate::Pending *PhoenixOutboxPrivate::find(const QString &key)
{
    const auto seq = seqByKey.constFind(key);
    if (seq == seqByKey.cend())
        return nullptr;
    const auto it = entries.find(*seq);
    return it == entries.end() ? nullptr : &it->second;
}

const PhoenixOutboxPrivate::Pending *PhoenixOutboxPrivate::find(const QString &key) const
{
    return const_cast<PhoenixOutboxPrivate *>(this)->find(key);
}

void PhoenixOutboxPrivate::enqueue(PhoenixOutboxRecord record)
{
    const qint64 seq = record.seq;
    nextSeq = std::max(nextSeq, seq + 1);
    totalSize += record.size;
    seqByKey.insert(record.key, seq);
    auto topic = topics.find(record.topic);
    if (topic == topics.end()) {
        topic = topics.emplace(record.topic, Topic()).first;
        channelsDirty = true; // a new topic: find its channel
    }
    topic->second.queue.push_back(seq);
    Pending pending;
    pending.record = std::move(record);
    entries.emplace(seq, std::move(pending));
}

void PhoenixOutboxPrivate::remove(qint64 seq, Notifications &out)
{
    const auto it = entries.find(seq);
    if (it == entries.end())
        return;
    Pending &pending = it->second;
    if (pending.push)
        QObject::disconnect(pending.push, nullptr, q, nullptr);
    if (persistent) {
        if (const PhoenixOutboxStore::Failure failure = store.remove(seq))
            storeFailed(failure);
    }
    const QString key = pending.record.key;
    const auto topic = topics.find(pending.record.topic);
    if (topic != topics.end()) {
        std::deque<qint64> &queue = topic->second.queue;
        queue.erase(std::remove(queue.begin(), queue.end(), seq), queue.end());
    }
    totalSize -= pending.record.size;
    seqByKey.remove(key);
    entries.erase(it);
    out.add([this, key] { Q_EMIT q->entryRemoved(key); });
}

QString PhoenixOutboxPrivate::refuse(PhoenixOutbox::Error refusal, const QString &message)
{
    qCDebug(lcPhoenixOutbox).noquote() << "push refused:" << message;
    reportError(refusal, message);
    return QString();
}

// ---- sending ----------------------------------------------------------------------------------------

void PhoenixOutboxPrivate::schedulePump()
{
    if (pumpQueued)
        return;
    pumpQueued = true;
    QMetaObject::invokeMethod(
        q, [this] { pump(); }, Qt::QueuedConnection);
}

void PhoenixOutboxPrivate::pump()
{
    pumpQueued = false;
    if (channelsDirty)
        rescanChannels();
    Notifications out(this);
    expireOld(out);
    const bool online = socket && socket->isConnected();
    const qint64 now = monoNow();
    qint64 nextRetry = -1;
    std::vector<QString> names;
    names.reserve(topics.size());
    for (const auto &topic : topics)
        names.push_back(topic.first);
    for (const QString &name : names) {
        const auto it = topics.find(name);
        if (it == topics.end())
            continue;
        Topic &topic = it->second;
        while (!topic.queue.empty()) {
            Pending &head = entries.at(topic.queue.front());
            if (head.sending)
                break; // one attempt per topic at a time: the order is the order of the effects
            if (dropIfOverLimit(head, out))
                continue;
            if (!online)
                break;
            if (!topic.channel) {
                if (!topic.warnedNoChannel) {
                    topic.warnedNoChannel = true;
                    qCInfo(lcPhoenixOutbox).noquote()
                        << "entries for" << name << "wait: the socket has no channel for that topic";
                }
                break;
            }
            if (!topic.channel->isJoined())
                break;
            if (head.notBefore > now) {
                nextRetry = nextRetry < 0 ? head.notBefore : std::min(nextRetry, head.notBefore);
                break;
            }
            send(head, topic.channel, out);
            break;
        }
    }
    // Topics without entries are forgotten (with the channel they followed).
    for (auto it = topics.begin(); it != topics.end();) {
        if (it->second.queue.empty()) {
            QObject::disconnect(it->second.stateConnection);
            QObject::disconnect(it->second.destroyedConnection);
            it = topics.erase(it);
        } else {
            ++it;
        }
    }
    armWake(nextRetry);
}

void PhoenixOutboxPrivate::send(Pending &pending, PhoenixChannel *channel, Notifications &out)
{
    PhoenixOutboxRecord &record = pending.record;
    // Counted before the attempt, so that a process killed right after it still counts it.
    ++record.attempts;
    if (persistent) {
        if (const PhoenixOutboxStore::Failure failure = store.setAttempts(record.seq, record.attempts))
            storeFailed(failure);
    }
    QJsonObject payload = record.payload;
    payload.insert(keyField, record.key);
    PhoenixPush *push = channel->push(record.event, payload, timeout);
    pending.push = push;
    pending.via = channel;
    pending.sending = true;
    const qint64 seq = record.seq;
    QObject::connect(push, &PhoenixPush::finished, q, [this, seq, push] { onPushFinished(seq, push); });
    QObject::connect(push, &QObject::destroyed, q, [this, seq] {
        // Deleted without an outcome (its channel or socket went away): the attempt is lost.
        const auto it = entries.find(seq);
        if (it == entries.end() || !it->second.sending || it->second.push)
            return;
        schedulePump();
        Notifications out(this);
        abandon(it->second, PhoenixOutbox::tr("The channel was deleted before the server answered."), out);
    });
    qCDebug(lcPhoenixOutbox).noquote()
        << "sending" << record.key << "on" << record.topic << "attempt" << record.attempts;
    const PhoenixOutboxEntry entry = snapshot(pending);
    const QString key = record.key;
    const int attempt = record.attempts;
    out.add([this, entry] { Q_EMIT q->entryChanged(entry); });
    out.add([this, key, attempt] { Q_EMIT q->sent(key, attempt); });
}

void PhoenixOutboxPrivate::onPushFinished(qint64 seq, PhoenixPush *push)
{
    const auto it = entries.find(seq);
    if (it == entries.end() || it->second.push != push)
        return;
    Pending &pending = it->second;
    QObject::disconnect(push, nullptr, q, nullptr);
    pending.push = nullptr;
    pending.via = nullptr;
    pending.sending = false;
    const QString status = push->status();
    const QJsonValue response = push->response();
    const PhoenixPush::Error failure = push->error();
    const QString key = pending.record.key;
    schedulePump();
    Notifications out(this);
    const bool answered = failure == PhoenixPush::Error::NoError || failure == PhoenixPush::Error::ReplyError;
    if (answered && status == u"ok"_s) {
        qCDebug(lcPhoenixOutbox).noquote() << "delivered" << key;
        remove(seq, out);
        out.add([this, key, response] { Q_EMIT q->delivered(key, response); });
    } else if (answered && isUnmatchedTopic(status, response)) {
        failAttempt(pending,
                    PhoenixOutbox::tr("The server has no channel for %1 (unmatched topic).")
                        .arg(pending.record.topic),
                    true, out);
    } else if (answered) {
        qCDebug(lcPhoenixOutbox).noquote() << "rejected" << key << "with status" << status;
        remove(seq, out);
        out.add([this, key, response] { Q_EMIT q->rejected(key, response); });
    } else {
        // No answer: a timeout, the channel closed before the reply, or a local failure. Resent with the
        // same key: after a closed channel on its next join; otherwise once retryAfter() passed (the
        // server may be slow rather than gone, and a failure that repeats must not spin).
        failAttempt(pending, push->errorString(), failure != PhoenixPush::Error::ChannelClosedError, out);
    }
}

void PhoenixOutboxPrivate::failAttempt(Pending &pending, const QString &reason, bool backoff,
                                       Notifications &out)
{
    PhoenixOutboxRecord &record = pending.record;
    record.lastError = reason;
    qCDebug(lcPhoenixOutbox).noquote()
        << "attempt" << record.attempts << "of" << record.key << "failed:" << reason;
    if (dropIfOverLimit(pending, out))
        return;
    if (persistent) {
        if (const PhoenixOutboxStore::Failure failure = store.setLastError(record.seq, reason))
            storeFailed(failure);
    }
    const int delay = backoff ? std::max(0, retryAfter ? retryAfter(record.attempts)
                                                       : PhoenixOutbox::defaultRetryAfter(record.attempts))
                              : 0;
    pending.notBefore = monoNow() + delay;
    const PhoenixOutboxEntry entry = snapshot(pending);
    out.add([this, entry] { Q_EMIT q->entryChanged(entry); });
}

void PhoenixOutboxPrivate::abandon(Pending &pending, const QString &reason, Notifications &out)
{
    if (pending.push)
        QObject::disconnect(pending.push, nullptr, q, nullptr);
    pending.push = nullptr;
    pending.via = nullptr;
    pending.sending = false;
    // Its reply, if one ever comes, is ignored; it goes again once its topic has a joined channel.
    failAttempt(pending, reason, false, out);
}

bool PhoenixOutboxPrivate::dropIfOverLimit(Pending &pending, Notifications &out)
{
    if (pending.sending)
        return false;
    if (maxAttempts > 0 && pending.record.attempts >= maxAttempts) {
        drop(pending, PhoenixOutbox::DropReason::MaxAttempts, out);
        return true;
    }
    if (maxAge > 0 && QDateTime::currentMSecsSinceEpoch() - pending.record.createdMs >= maxAge) {
        drop(pending, PhoenixOutbox::DropReason::MaxAge, out);
        return true;
    }
    return false;
}

void PhoenixOutboxPrivate::drop(Pending &pending, PhoenixOutbox::DropReason reason, Notifications &out)
{
    const PhoenixOutboxEntry entry = snapshot(pending);
    const QString key = pending.record.key;
    qCInfo(lcPhoenixOutbox).noquote()
        << "dropped" << key << "after" << pending.record.attempts << "attempts"
        << (reason == PhoenixOutbox::DropReason::MaxAge ? "(maxAge)" : "(maxAttempts)");
    remove(pending.record.seq, out);
    out.add([this, key, reason, entry] { Q_EMIT q->dropped(key, reason, entry); });
}

void PhoenixOutboxPrivate::expireOld(Notifications &out)
{
    if (maxAge <= 0)
        return;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    std::vector<qint64> expired;
    // Entries are in the order they were made: the first one that is neither in flight nor expired
    // ends the search (at most one entry per topic is in flight).
    for (const auto &[seq, pending] : entries) {
        if (pending.sending)
            continue;
        if (now - pending.record.createdMs < maxAge)
            break;
        expired.push_back(seq);
    }
    for (const qint64 seq : expired)
        drop(entries.at(seq), PhoenixOutbox::DropReason::MaxAge, out);
}

void PhoenixOutboxPrivate::armWake(qint64 nextRetryMono)
{
    qint64 delay = -1;
    if (nextRetryMono >= 0)
        delay = std::max<qint64>(0, nextRetryMono - monoNow());
    if (maxAge > 0) {
        for (const auto &[seq, pending] : entries) {
            if (pending.sending)
                continue;
            const qint64 expiry =
                std::max<qint64>(0, pending.record.createdMs + maxAge - QDateTime::currentMSecsSinceEpoch());
            delay = delay < 0 ? expiry : std::min(delay, expiry);
            break;
        }
    }
    if (delay < 0) {
        wakeTimer.stop();
        return;
    }
    wakeTimer.start(int(std::min<qint64>(delay, std::numeric_limits<int>::max())));
}

// ---- channels ---------------------------------------------------------------------------------------

void PhoenixOutboxPrivate::rescanChannels()
{
    channelsDirty = false;
    if (!socket)
        return;
    // For each topic: the latest channel that is not closed, else the latest one (it may join later).
    QHash<QString, PhoenixChannel *> latestOpen;
    QHash<QString, PhoenixChannel *> latest;
    const QList<PhoenixChannel *> channels = socket->channels();
    for (PhoenixChannel *channel : channels) {
        const QString topic = channel->topic();
        if (topics.find(topic) == topics.end())
            continue;
        latest.insert(topic, channel);
        if (channel->state() != PhoenixChannel::State::Closed)
            latestOpen.insert(topic, channel);
    }
    for (auto &[name, topic] : topics)
        follow(name, topic, latestOpen.value(name, latest.value(name)));
}

void PhoenixOutboxPrivate::follow(const QString &name, Topic &topic, PhoenixChannel *channel)
{
    if (topic.channel == channel)
        return;
    QObject::disconnect(topic.stateConnection);
    QObject::disconnect(topic.destroyedConnection);
    topic.channel = channel;
    if (!channel)
        return;
    topic.warnedNoChannel = false;
    qCDebug(lcPhoenixOutbox).noquote() << "entries for" << name << "go through channel" << channel;
    topic.stateConnection =
        QObject::connect(channel, &PhoenixChannel::stateChanged, q, [this, name] { onChannelState(name); });
    topic.destroyedConnection =
        QObject::connect(channel, &QObject::destroyed, q, [this, name] { onChannelState(name); });
}

void PhoenixOutboxPrivate::onChannelState(const QString &name)
{
    const auto it = topics.find(name);
    if (it == topics.end())
        return;
    Topic &topic = it->second;
    if (!topic.channel || topic.channel->state() == PhoenixChannel::State::Closed)
        channelsDirty = true; // another instance of the topic may take over
    schedulePump();
    if (topic.queue.empty())
        return;
    Pending &head = entries.at(topic.queue.front());
    if (!head.sending || (head.via && head.via->isJoined()))
        return;
    Notifications out(this);
    abandon(head,
            PhoenixOutbox::tr("The channel %1 was no longer joined before the server answered.").arg(name),
            out);
}

void PhoenixOutboxPrivate::onSocketGone()
{
    qCDebug(lcPhoenixOutbox) << "the socket was deleted: the outbox keeps its entries and sends nothing more";
    wakeTimer.stop();
    Notifications out(this);
    for (auto &[seq, pending] : entries) {
        if (pending.sending)
            abandon(pending, PhoenixOutbox::tr("The socket was deleted before the server answered."), out);
    }
}

// ---- database ---------------------------------------------------------------------------------------

void PhoenixOutboxPrivate::storeFailed(const PhoenixOutboxStore::Failure &failure)
{
    store.close();
    setPersistent(false);
    reportError(failure.error,
                failure.message + u' ' +
                    PhoenixOutbox::tr("The outbox keeps its entries in memory only: those not delivered "
                                      "are lost if the application ends."));
}

void PhoenixOutboxPrivate::reportError(PhoenixOutbox::Error newError, const QString &message)
{
    error = newError;
    errorString = message;
    // From the event loop: never inside the application's call (push(), the constructor).
    QMetaObject::invokeMethod(
        q, [this, newError, message] { Q_EMIT q->errorOccurred(newError, message); }, Qt::QueuedConnection);
}

void PhoenixOutboxPrivate::setPersistent(bool value)
{
    if (persistent == value)
        return;
    persistent = value;
    QMetaObject::invokeMethod(
        q, [this, value] { Q_EMIT q->persistentChanged(value); }, Qt::QueuedConnection);
}

// ---- PhoenixOutbox --------------------------------------------------------------------------------

PhoenixOutbox::PhoenixOutbox(PhoenixSocket *socket, const QString &databasePath, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<PhoenixOutboxPrivate>(this, socket, databasePath))
{
}

PhoenixOutbox::~PhoenixOutbox()
{
    // No signal from here on: let go of everything that could still call back.
    if (d->socket) {
        d->socket->removeEventFilter(this);
        QObject::disconnect(d->socket, nullptr, this, nullptr);
    }
    for (auto &[seq, pending] : d->entries) {
        if (pending.push)
            QObject::disconnect(pending.push, nullptr, this, nullptr);
    }
    for (auto &[name, topic] : d->topics) {
        QObject::disconnect(topic.stateConnection);
        QObject::disconnect(topic.destroyedConnection);
    }
    d->wakeTimer.stop();
    d->store.close();
}

QString PhoenixOutbox::push(const QString &topic, const QString &event, const QJsonObject &payload)
{
    if (topic.isEmpty() || event.isEmpty())
        return d->refuse(Error::InvalidEntryError, tr("An outbox entry needs a topic and an event."));
    if (event.startsWith(u"phx_"_s))
        return d->refuse(
            Error::InvalidEntryError,
            tr("The event %1 is reserved by Phoenix and cannot go through the outbox.").arg(event));
    if (payload.contains(d->keyField))
        return d->refuse(
            Error::InvalidEntryError,
            tr("The payload already has the field %1, which carries the outbox's idempotency key.")
                .arg(d->keyField));
    const QByteArray compact = QJsonDocument(payload).toJson(QJsonDocument::Compact);
    const qint64 size = PhoenixOutboxStore::sizeOf(topic, event, compact);
    if (d->maxTotalSize > 0 && d->totalSize + size > d->maxTotalSize)
        return d->refuse(Error::OutboxFullError,
                         tr("The outbox is full: the entry (%1 bytes) would exceed its limit of %2 bytes.")
                             .arg(size)
                             .arg(d->maxTotalSize));

    PhoenixOutboxRecord record;
    record.seq = d->nextSeq;
    record.key = QUuid::createUuid().toString(QUuid::WithoutBraces);
    record.topic = topic;
    record.event = event;
    record.payload = payload;
    record.createdMs = QDateTime::currentMSecsSinceEpoch();
    record.size = size;
    if (d->persistent) {
        // On disk (synced) before anything else happens to it.
        if (const PhoenixOutboxStore::Failure failure = d->store.insert(record, compact))
            d->storeFailed(failure);
    }
    const QString key = record.key;
    PhoenixOutboxPrivate::Notifications out(d.get()); // emits entryAdded() and pendingCountChanged() last
    d->enqueue(std::move(record));
    const PhoenixOutboxEntry entry = d->snapshot(*d->find(key));
    d->schedulePump();
    out.add([this, entry] { Q_EMIT entryAdded(entry); });
    return key;
}

QString PhoenixOutbox::pushValue(const QString &topic, const QString &event, const QVariant &payload)
{
    const QMetaType type = payload.metaType();
    if (!payload.isValid())
        return push(topic, event, QJsonObject());
    if (type == QMetaType::fromType<QJsonObject>())
        return push(topic, event, payload.toJsonObject());
    if (type == QMetaType::fromType<QVariantMap>() || type == QMetaType::fromType<QVariantHash>())
        return push(topic, event, QJsonObject::fromVariantMap(payload.toMap()));
    if (type == QMetaType::fromType<QJsonValue>() && payload.toJsonValue().isObject())
        return push(topic, event, payload.toJsonValue().toObject());
    if (type == QMetaType::fromType<QByteArray>())
        return pushBinary(topic, event, payload.toByteArray());
    return d->refuse(Error::InvalidEntryError,
                     tr("The payload of an outbox entry must be a JSON object (%1 on %2 has a %3).")
                         .arg(event, topic, QString::fromLatin1(type.name())));
}

QString PhoenixOutbox::pushBinary(const QString &topic, const QString &event, const QByteArray &payload)
{
    Q_UNUSED(payload);
    return d->refuse(
        Error::BinaryPayloadError,
        tr("The outbox cannot send the binary payload of %1 on %2: a binary message has no field "
           "for the idempotency key. Send it as text in a JSON payload instead.")
            .arg(event, topic));
}

int PhoenixOutbox::pendingCount() const
{
    return int(d->entries.size());
}

QList<PhoenixOutboxEntry> PhoenixOutbox::entries() const
{
    QList<PhoenixOutboxEntry> result;
    result.reserve(qsizetype(d->entries.size()));
    for (const auto &[seq, pending] : d->entries)
        result.append(d->snapshot(pending));
    return result;
}

PhoenixOutboxEntry PhoenixOutbox::entry(const QString &key) const
{
    const PhoenixOutboxPrivate::Pending *pending = d->find(key);
    return pending ? d->snapshot(*pending) : PhoenixOutboxEntry();
}

qint64 PhoenixOutbox::totalSize() const
{
    return d->totalSize;
}

PhoenixSocket *PhoenixOutbox::socket() const
{
    return d->socket;
}

QString PhoenixOutbox::databasePath() const
{
    return d->databasePath;
}

bool PhoenixOutbox::isPersistent() const
{
    return d->persistent;
}

QString PhoenixOutbox::keyField() const
{
    return d->keyField;
}

void PhoenixOutbox::setKeyField(const QString &field)
{
    const QString value = field.isEmpty() ? kDefaultKeyField : field;
    if (d->keyField == value)
        return;
    d->keyField = value;
    Q_EMIT keyFieldChanged(value);
}

int PhoenixOutbox::maxAttempts() const
{
    return d->maxAttempts;
}

void PhoenixOutbox::setMaxAttempts(int attempts)
{
    const int value = std::max(0, attempts);
    if (d->maxAttempts == value)
        return;
    d->maxAttempts = value;
    d->schedulePump();
    Q_EMIT maxAttemptsChanged(value);
}

qint64 PhoenixOutbox::maxAge() const
{
    return d->maxAge;
}

void PhoenixOutbox::setMaxAge(qint64 ms)
{
    const qint64 value = std::max<qint64>(0, ms);
    if (d->maxAge == value)
        return;
    d->maxAge = value;
    d->schedulePump();
    Q_EMIT maxAgeChanged(value);
}

qint64 PhoenixOutbox::maxTotalSize() const
{
    return d->maxTotalSize;
}

void PhoenixOutbox::setMaxTotalSize(qint64 bytes)
{
    const qint64 value = std::max<qint64>(0, bytes);
    if (d->maxTotalSize == value)
        return;
    d->maxTotalSize = value;
    Q_EMIT maxTotalSizeChanged(value);
}

int PhoenixOutbox::timeout() const
{
    return d->timeout;
}

void PhoenixOutbox::setTimeout(int ms)
{
    const int value = ms < 0 ? -1 : ms;
    if (d->timeout == value)
        return;
    d->timeout = value;
    Q_EMIT timeoutChanged(value);
}

PhoenixOutbox::Error PhoenixOutbox::error() const
{
    return d->error;
}

QString PhoenixOutbox::errorString() const
{
    return d->errorString;
}

void PhoenixOutbox::setRetryAfter(BackoffFunction schedule)
{
    d->retryAfter = std::move(schedule);
}

PhoenixOutbox::BackoffFunction PhoenixOutbox::retryAfter() const
{
    return d->retryAfter ? d->retryAfter : BackoffFunction(&PhoenixOutbox::defaultRetryAfter);
}

int PhoenixOutbox::defaultRetryAfter(int attempts)
{
    static constexpr int schedule[] = {1000, 2000, 5000, 10000, 30000};
    if (attempts < 1)
        return schedule[0];
    if (attempts > int(std::size(schedule)))
        return 60000;
    return schedule[attempts - 1];
}

bool PhoenixOutbox::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::ChildAdded && watched == d->socket) {
        // Not a PhoenixChannel yet (it is being constructed): look from the event loop.
        d->channelsDirty = true;
        d->schedulePump();
    }
    return QObject::eventFilter(watched, event);
}
