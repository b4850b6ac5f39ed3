// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

//
//  W A R N I N G
//  -------------
//
// This file is not part of the PhoenixQt API. It may change from version to version without notice.
//

#include "phoenixoutbox.h"
#include "phoenixoutboxstore_p.h"

#include <PhoenixQt/PhoenixChannel>
#include <PhoenixQt/PhoenixPush>
#include <PhoenixQt/PhoenixSocket>

#include <QtCore/QElapsedTimer>
#include <QtCore/QHash>
#include <QtCore/QPointer>
#include <QtCore/QTimer>

#include <deque>
#include <functional>
#include <map>
#include <vector>

class PhoenixOutboxEntryData : public QSharedData
{
public:
    QString key;
    QString topic;
    QString event;
    QJsonObject payload;
    QDateTime created;
    QString lastError;
    int attempts = 0;
    bool sending = false;
};

/*
 * The outbox's state and its one owner: the pending entries (in memory, mirrored by the store), the
 * topics with their queues and the channel each goes through, and the attempts in flight. It uses
 * the socket, its channels and pushes through their public API only.
 *
 * How an entry moves: push() commits it (store) and queues it on its topic; pump() (from the event
 * loop) sends the head of every topic whose channel is joined and whose head is neither in flight
 * nor waiting for its retry time; the push's finished() settles it (delivered, rejected, or failed:
 * retried or dropped). Application code runs only through Notifications, after the state is settled.
 */
class PhoenixOutboxPrivate
{
public:
    // An entry in memory.
    struct Pending
    {
        PhoenixOutboxRecord record;
        qint64 notBefore = 0;         // monotonic ms before which it is not sent again
        QPointer<PhoenixPush> push;   // the attempt in flight, if any
        QPointer<PhoenixChannel> via; // the channel of that attempt
        bool sending = false;
    };

    // A topic with pending entries: its queue (seqs in order) and the channel it goes through.
    struct Topic
    {
        std::deque<qint64> queue;
        QPointer<PhoenixChannel> channel;
        QMetaObject::Connection stateConnection;
        QMetaObject::Connection destroyedConnection;
        bool warnedNoChannel = false;
    };

    // Signals to emit once the state is settled, in order; a slot may delete the outbox.
    class Notifications
    {
    public:
        explicit Notifications(PhoenixOutboxPrivate *d);
        ~Notifications(); // emits what was collected (unless the outbox is gone), then pendingCountChanged
        void add(std::function<void()> emission) { m_emissions.push_back(std::move(emission)); }
        Notifications(const Notifications &) = delete;
        Notifications &operator=(const Notifications &) = delete;

    private:
        PhoenixOutboxPrivate *const d;
        QPointer<PhoenixOutbox> m_outbox;
        const int m_countBefore;
        std::vector<std::function<void()>> m_emissions;
    };

    PhoenixOutboxPrivate(PhoenixOutbox *q, PhoenixSocket *socket, const QString &path);

    // entries
    PhoenixOutboxEntry snapshot(const Pending &pending) const;
    Pending *find(const QString &key);
    const Pending *find(const QString &key) const;
    void enqueue(PhoenixOutboxRecord record);
    void remove(qint64 seq, Notifications &out); // from memory and store, with entryRemoved()
    QString refuse(PhoenixOutbox::Error error, const QString &message);

    // sending
    void schedulePump();
    void pump();
    void send(Pending &pending, PhoenixChannel *channel, Notifications &out);
    void onPushFinished(qint64 seq, PhoenixPush *push);
    void failAttempt(Pending &pending, const QString &reason, bool backoff, Notifications &out);
    void abandon(Pending &pending, const QString &reason, Notifications &out);
    bool dropIfOverLimit(Pending &pending, Notifications &out);
    void drop(Pending &pending, PhoenixOutbox::DropReason reason, Notifications &out);
    void expireOld(Notifications &out);
    void armWake(qint64 nextRetryMono);

    // channels
    void rescanChannels();
    void follow(const QString &topic, Topic &topic_, PhoenixChannel *channel);
    void onChannelState(const QString &topic);
    void onSocketGone();

    // database
    void storeFailed(const PhoenixOutboxStore::Failure &failure);
    void reportError(PhoenixOutbox::Error error, const QString &message);
    void setPersistent(bool persistent);

    qint64 monoNow() const { return m_clock.elapsed(); }

    PhoenixOutbox *const q;
    QPointer<PhoenixSocket> socket;
    const QString databasePath;
    PhoenixOutboxStore store;
    bool persistent = false;

    std::map<qint64, Pending> entries; // by seq: the order they were pushed in
    QHash<QString, qint64> seqByKey;
    std::map<QString, Topic> topics; // topics with pending entries
    qint64 nextSeq = 1;
    qint64 totalSize = 0;

    QString keyField;
    int maxAttempts = 0;
    qint64 maxAge = 0;
    qint64 maxTotalSize = 0;
    int timeout = -1;
    PhoenixOutbox::BackoffFunction retryAfter;
    PhoenixOutbox::Error error = PhoenixOutbox::Error::NoError;
    QString errorString;

    bool pumpQueued = false;
    bool channelsDirty = true;
    QTimer wakeTimer;
    QElapsedTimer m_clock;
};
