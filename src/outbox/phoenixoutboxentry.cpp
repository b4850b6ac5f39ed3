// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#include "phoenixoutboxentry.h"

#include "phoenixoutbox_p.h"

PhoenixOutboxEntry::PhoenixOutboxEntry() = default;
PhoenixOutboxEntry::PhoenixOutboxEntry(PhoenixOutboxEntryData *data)
    : d(data)
{
}
PhoenixOutboxEntry::PhoenixOutboxEntry(const PhoenixOutboxEntry &other) = default;
PhoenixOutboxEntry::PhoenixOutboxEntry(PhoenixOutboxEntry &&other) noexcept = default;
PhoenixOutboxEntry &PhoenixOutboxEntry::operator=(const PhoenixOutboxEntry &other) = default;
PhoenixOutboxEntry &PhoenixOutboxEntry::operator=(PhoenixOutboxEntry &&other) noexcept = default;
PhoenixOutboxEntry::~PhoenixOutboxEntry() = default;

bool PhoenixOutboxEntry::isNull() const
{
    return !d;
}

QString PhoenixOutboxEntry::key() const
{
    return d ? d->key : QString();
}

QString PhoenixOutboxEntry::topic() const
{
    return d ? d->topic : QString();
}

QString PhoenixOutboxEntry::event() const
{
    return d ? d->event : QString();
}

QJsonObject PhoenixOutboxEntry::payload() const
{
    return d ? d->payload : QJsonObject();
}

int PhoenixOutboxEntry::attempts() const
{
    return d ? d->attempts : 0;
}

QDateTime PhoenixOutboxEntry::created() const
{
    return d ? d->created : QDateTime();
}

QString PhoenixOutboxEntry::lastError() const
{
    return d ? d->lastError : QString();
}

bool PhoenixOutboxEntry::isSending() const
{
    return d && d->sending;
}

bool PhoenixOutboxEntry::equals(const PhoenixOutboxEntry &other) const
{
    if (d == other.d)
        return true;
    if (!d || !other.d)
        return false;
    return d->key == other.d->key && d->topic == other.d->topic && d->event == other.d->event &&
           d->payload == other.d->payload && d->created == other.d->created &&
           d->lastError == other.d->lastError && d->attempts == other.d->attempts &&
           d->sending == other.d->sending;
}
