// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// PhoenixReply: the outcome of a push as an implicitly shared value (declared in phoenixpush.h,
// next to the push whose future() delivers it).
#include "phoenixpush.h"

#include <QtCore/QSharedData>

class PhoenixReplyData : public QSharedData
{
public:
    QString event;
    QString status;
    QJsonValue response;
    QByteArray binaryResponse;
    QString errorString;
    PhoenixPush::Error error = PhoenixPush::Error::NoError;
};

PhoenixReply::PhoenixReply() = default;

PhoenixReply::PhoenixReply(const QString &event, const QString &status, const QJsonValue &response,
                           PhoenixPush::Error error, const QString &errorString,
                           const QByteArray &binaryResponse)
    : d(new PhoenixReplyData)
{
    d->event = event;
    d->status = status;
    d->response = response;
    d->binaryResponse = binaryResponse;
    d->errorString = errorString;
    d->error = error;
}

PhoenixReply::PhoenixReply(const PhoenixReply &other) = default;
PhoenixReply::PhoenixReply(PhoenixReply &&other) noexcept = default;
PhoenixReply &PhoenixReply::operator=(const PhoenixReply &other) = default;
PhoenixReply &PhoenixReply::operator=(PhoenixReply &&other) noexcept = default;
PhoenixReply::~PhoenixReply() = default;

bool PhoenixReply::isNull() const
{
    return !d;
}

QString PhoenixReply::event() const
{
    return d ? d->event : QString();
}

QString PhoenixReply::status() const
{
    return d ? d->status : QString();
}

QJsonValue PhoenixReply::response() const
{
    return d ? d->response : QJsonValue();
}

QByteArray PhoenixReply::binaryResponse() const
{
    return d ? d->binaryResponse : QByteArray();
}

PhoenixPush::Error PhoenixReply::error() const
{
    return d ? d->error : PhoenixPush::Error::NoError;
}

QString PhoenixReply::errorString() const
{
    return d ? d->errorString : QString();
}

bool PhoenixReply::equals(const PhoenixReply &other) const
{
    if (d == other.d)
        return true;
    return event() == other.event() && status() == other.status() && response() == other.response() &&
           binaryResponse() == other.binaryResponse() && error() == other.error() &&
           errorString() == other.errorString();
}
