// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

#include "phoenixglobal.h"

#include <QtCore/QMetaType>
#include <QtCore/QObject>

/*!
 * \brief A snapshot of a PhoenixSocket's counters, for dashboards and log lines.
 *
 * What PhoenixSocket::telemetry() returns: a plain value (copy it freely), readable from QML as a
 * gadget (`socket.telemetry.messagesIn`). The counters start at 0 when the socket is created and
 * only grow; they count over all connections of the socket.
 *
 * The socket counts with plain integer increments on its message path and emits nothing per
 * message; PhoenixSocket::telemetryChanged() is emitted at most once a second, and only while
 * something is connected to it.
 */
struct PHOENIXQT_EXPORT PhoenixTelemetry
{
    Q_GADGET
    Q_PROPERTY(qint64 messagesIn MEMBER messagesIn)
    Q_PROPERTY(qint64 messagesOut MEMBER messagesOut)
    Q_PROPERTY(qint64 bytesIn MEMBER bytesIn)
    Q_PROPERTY(qint64 bytesOut MEMBER bytesOut)
    Q_PROPERTY(qint64 connects MEMBER connects)
    Q_PROPERTY(qint64 reconnects MEMBER reconnects)
    Q_PROPERTY(qint64 rejoins MEMBER rejoins)
    Q_PROPERTY(qint64 pushesFinished MEMBER pushesFinished)
    Q_PROPERTY(qint64 pushTimeouts MEMBER pushTimeouts)
    Q_PROPERTY(int roundTripLast MEMBER roundTripLast)
    Q_PROPERTY(int roundTripP50 MEMBER roundTripP50)
    Q_PROPERTY(int roundTripP99 MEMBER roundTripP99)
    Q_PROPERTY(int roundTripSamples MEMBER roundTripSamples)
    Q_PROPERTY(int sendBufferHighWater MEMBER sendBufferHighWater)

public:
    //! How many round trips the percentiles are computed over (the most recent ones).
    static constexpr int RoundTripWindow = 256;

    //! Frames received (text and binary, heartbeat replies and malformed frames included).
    qint64 messagesIn = 0;
    //! Frames written to a transport (a buffered frame counts when it goes out).
    qint64 messagesOut = 0;
    //! Bytes of the frames received, as the transport delivered them.
    qint64 bytesIn = 0;
    //! Bytes of the frames written, as encoded.
    qint64 bytesOut = 0;
    //! Connections that opened.
    qint64 connects = 0;
    //! Connections that opened on a retry (reconnect schedule, network back, checkConnection()).
    qint64 reconnects = 0;
    //! Channel join attempts that were not a channel's first.
    qint64 rejoins = 0;
    //! Pushes, joins and leaves that finished (reply, timeout or failure).
    qint64 pushesFinished = 0;
    //! Pushes, joins and leaves that got no reply in time.
    qint64 pushTimeouts = 0;
    //! Round trip of the last replied push (from its send to its reply) in ms, -1 before the first.
    int roundTripLast = -1;
    //! Median round trip of the last RoundTripWindow replied pushes in ms, -1 without any.
    int roundTripP50 = -1;
    //! 99th percentile of the same window in ms, -1 without any.
    int roundTripP99 = -1;
    //! Replied pushes in the window (at most RoundTripWindow).
    int roundTripSamples = 0;
    //! Most messages ever waiting to be sent at once (PhoenixSocket::bufferedMessages).
    int sendBufferHighWater = 0;

    //! Field-wise equality.
    friend bool operator==(const PhoenixTelemetry &a, const PhoenixTelemetry &b)
    {
        return a.messagesIn == b.messagesIn && a.messagesOut == b.messagesOut && a.bytesIn == b.bytesIn &&
               a.bytesOut == b.bytesOut && a.connects == b.connects && a.reconnects == b.reconnects &&
               a.rejoins == b.rejoins && a.pushesFinished == b.pushesFinished &&
               a.pushTimeouts == b.pushTimeouts && a.roundTripLast == b.roundTripLast &&
               a.roundTripP50 == b.roundTripP50 && a.roundTripP99 == b.roundTripP99 &&
               a.roundTripSamples == b.roundTripSamples && a.sendBufferHighWater == b.sendBufferHighWater;
    }
    //! Field-wise inequality.
    friend bool operator!=(const PhoenixTelemetry &a, const PhoenixTelemetry &b) { return !(a == b); }
};
Q_DECLARE_METATYPE(PhoenixTelemetry)
