// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// The engine's telemetry as the socket shows it: the telemetry property, its throttled notifier and
// pushFinished(). The counters themselves are incremented where things happen (phoenixsocket_p.cpp).
#include "phoenixsocket_p.h"

#include <QtCore/QMetaMethod>
#include <QtCore/QThread>

namespace {
constexpr int TelemetryIntervalMs = 1000;
}

void PhoenixSocketPrivate::pushFinished(const QString &topic, const QString &event, const QString &status,
                                        qint64 durationMs)
{
    ++telemetry.counters.pushesFinished;
    static const QMetaMethod signal = QMetaMethod::fromSignal(&PhoenixSocket::pushFinished);
    if (q->isSignalConnected(signal))
        Q_EMIT q->pushFinished(topic, event, status, int(durationMs));
}

void PhoenixSocketPrivate::startTelemetryNotifications()
{
    if (QThread::currentThread() != q->thread()) {
        // Connected from another thread: the notifier's timer lives in the socket's.
        QMetaObject::invokeMethod(
            q, [this] { startTelemetryNotifications(); }, Qt::QueuedConnection);
        return;
    }
    static const QMetaMethod signal = QMetaMethod::fromSignal(&PhoenixSocket::telemetryChanged);
    telemetry.startNotifying(
        q, TelemetryIntervalMs, [this] { return q->isSignalConnected(signal); },
        [this](const PhoenixTelemetry &snapshot) { Q_EMIT q->telemetryChanged(snapshot); });
}

PhoenixTelemetry PhoenixSocket::telemetry() const
{
    return d->telemetry.snapshot();
}

void PhoenixSocket::connectNotify(const QMetaMethod &signal)
{
    static const QMetaMethod telemetrySignal = QMetaMethod::fromSignal(&PhoenixSocket::telemetryChanged);
    if (signal == telemetrySignal)
        d->startTelemetryNotifications();
    QObject::connectNotify(signal);
}
