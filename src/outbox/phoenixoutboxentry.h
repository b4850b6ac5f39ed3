// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

#include "phoenixoutboxglobal.h"

#include <QtCore/QDateTime>
#include <QtCore/QJsonObject>
#include <QtCore/QMetaType>
#include <QtCore/QSharedDataPointer>
#include <QtCore/QString>

class PhoenixOutboxEntryData;
class PhoenixOutboxPrivate;

/*!
 * \brief One entry of a PhoenixOutbox, as a value: what was pushed, its key and how far it got.
 *
 * Returned by PhoenixOutbox::entries() and PhoenixOutbox::entry() and carried by the outbox's
 * entryAdded(), entryChanged() and dropped() signals. A snapshot: an implicitly shared value type
 * (cheap to copy, safe to keep after the entry left the outbox), readable from QML as a gadget
 * (`entry.key`, `entry.payload`, ...). Later changes of the entry are not reflected in a copy.
 *
 * A default-constructed entry is null (isNull()).
 */
class PHOENIXQT_OUTBOX_EXPORT PhoenixOutboxEntry
{
    Q_GADGET
    //! The idempotency key: a UUID made by PhoenixOutbox::push(), the same for every attempt.
    Q_PROPERTY(QString key READ key CONSTANT)
    //! The topic of the channel the entry is sent through.
    Q_PROPERTY(QString topic READ topic CONSTANT)
    //! The event pushed.
    Q_PROPERTY(QString event READ event CONSTANT)
    //! The payload as pushed (without the key field, which is added when it is sent).
    Q_PROPERTY(QJsonObject payload READ payload CONSTANT)
    //! How often the entry was sent so far (0 before its first attempt; kept across restarts).
    Q_PROPERTY(int attempts READ attempts CONSTANT)
    //! When the entry was pushed (UTC).
    Q_PROPERTY(QDateTime created READ created CONSTANT)
    //! Why the last attempt failed (translated), empty before the first failure.
    Q_PROPERTY(QString lastError READ lastError CONSTANT)
    //! True while an attempt is on its way and has no outcome yet.
    Q_PROPERTY(bool sending READ isSending CONSTANT)
    //! True for a default-constructed entry.
    Q_PROPERTY(bool isNull READ isNull CONSTANT)

public:
    //! A null entry.
    PhoenixOutboxEntry();
    //! Copies \a other (shares its data).
    PhoenixOutboxEntry(const PhoenixOutboxEntry &other);
    //! Moves \a other into this entry; \a other becomes null.
    PhoenixOutboxEntry(PhoenixOutboxEntry &&other) noexcept;
    //! Copies \a other (shares its data).
    PhoenixOutboxEntry &operator=(const PhoenixOutboxEntry &other);
    //! Moves \a other into this entry.
    PhoenixOutboxEntry &operator=(PhoenixOutboxEntry &&other) noexcept;
    //! Destroys the entry (the data goes when its last copy does).
    ~PhoenixOutboxEntry();
    //! Swaps this entry with \a other.
    void swap(PhoenixOutboxEntry &other) noexcept { d.swap(other.d); }

    //! Returns the isNull property: true for a default-constructed entry.
    bool isNull() const;
    //! Returns the key property: the idempotency key (a UUID without braces).
    QString key() const;
    //! Returns the topic property: the topic of the channel the entry is sent through.
    QString topic() const;
    //! Returns the event property: the event pushed.
    QString event() const;
    //! Returns the payload property: the payload as pushed (without the key field).
    QJsonObject payload() const;
    //! Returns the attempts property: how often the entry was sent so far.
    int attempts() const;
    //! Returns the created property: when the entry was pushed (UTC).
    QDateTime created() const;
    //! Returns the lastError property: why the last attempt failed, empty before the first failure.
    QString lastError() const;
    //! Returns the sending property: true while an attempt is on its way and has no outcome yet.
    bool isSending() const;

    //! Field-wise equality.
    friend bool operator==(const PhoenixOutboxEntry &a, const PhoenixOutboxEntry &b) { return a.equals(b); }
    //! Field-wise inequality.
    friend bool operator!=(const PhoenixOutboxEntry &a, const PhoenixOutboxEntry &b) { return !a.equals(b); }

private:
    friend class PhoenixOutboxPrivate; // makes the snapshots
    explicit PhoenixOutboxEntry(PhoenixOutboxEntryData *data);
    bool equals(const PhoenixOutboxEntry &other) const;
    QSharedDataPointer<PhoenixOutboxEntryData> d;
};
Q_DECLARE_SHARED(PhoenixOutboxEntry)
Q_DECLARE_METATYPE(PhoenixOutboxEntry)
