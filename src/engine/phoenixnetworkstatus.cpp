// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// The engine's view of the device's network (see phoenixnetworkstatus_p.h), fed by QNetworkInformation.
#include "phoenixnetworkstatus_p.h"

#include "phoenixlogging_p.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QMutex>
#include <QtCore/QPointer>
#include <QtCore/QThread>
#include <QtNetwork/QNetworkInformation>

namespace {

QBasicMutex s_mutex;
QPointer<PhoenixNetworkStatus> s_testing; // installed by a test
QPointer<PhoenixNetworkStatus> s_system;  // follows QNetworkInformation
bool s_testingInstalled = false;

PhoenixNetworkStatus::Reachability fromQt(QNetworkInformation::Reachability reachability)
{
    switch (reachability) {
    case QNetworkInformation::Reachability::Unknown:
        return PhoenixNetworkStatus::Reachability::Unknown;
    case QNetworkInformation::Reachability::Disconnected:
        return PhoenixNetworkStatus::Reachability::Offline;
    case QNetworkInformation::Reachability::Local:
    case QNetworkInformation::Reachability::Site:
    case QNetworkInformation::Reachability::Online:
        return PhoenixNetworkStatus::Reachability::Online;
    }
    return PhoenixNetworkStatus::Reachability::Unknown;
}

//! Loads the QNetworkInformation backend and makes \a status follow it. In the application's thread:
//! QNetworkInformation is a singleton that lives in the thread that loads it.
void followSystemNetwork(PhoenixNetworkStatus *status)
{
    if (!QNetworkInformation::loadBackendByFeatures(QNetworkInformation::Feature::Reachability)) {
        qCDebug(lcPhoenixSocket) << "no network information backend: network changes are not followed";
        return;
    }
    QNetworkInformation *info = QNetworkInformation::instance();
    status->setReachability(fromQt(info->reachability()));
    QObject::connect(info, &QNetworkInformation::reachabilityChanged, status,
                     [status](QNetworkInformation::Reachability r) { status->setReachability(fromQt(r)); });
    if (info->supports(QNetworkInformation::Feature::TransportMedium)) {
        QObject::connect(info, &QNetworkInformation::transportMediumChanged, status,
                         [status] { status->reportTransportMediumChanged(); });
    }
    qCDebug(lcPhoenixSocket).noquote()
        << "following network changes with the" << info->backendName() << "backend";
}

//! The process's follower of QNetworkInformation; lives in the application's thread, child of the app.
PhoenixNetworkStatus *createSystemStatus()
{
    auto *status = new PhoenixNetworkStatus; // parented to the application below (deleted with it)
    QCoreApplication *app = QCoreApplication::instance();
    if (!app) {
        followSystemNetwork(status);
        return status;
    }
    if (status->thread() != app->thread())
        status->moveToThread(app->thread());
    status->setParent(app);
    if (QThread::currentThread() == app->thread()) {
        followSystemNetwork(status);
    } else {
        // Asked from a worker thread (a socket living there): the backend loads in the application's
        // thread, from its event loop. Until then the reachability is Unknown, which holds nothing up.
        QMetaObject::invokeMethod(
            status, [status] { followSystemNetwork(status); }, Qt::QueuedConnection);
    }
    return status;
}

} // namespace

PhoenixNetworkStatus::PhoenixNetworkStatus(QObject *parent)
    : QObject(parent)
{
}

PhoenixNetworkStatus::~PhoenixNetworkStatus() = default;

void PhoenixNetworkStatus::setReachability(Reachability reachability)
{
    if (m_reachability.exchange(reachability, std::memory_order_relaxed) == reachability)
        return;
    Q_EMIT reachabilityChanged(reachability);
}

void PhoenixNetworkStatus::reportTransportMediumChanged()
{
    Q_EMIT transportMediumChanged();
}

PhoenixNetworkStatus *PhoenixNetworkStatus::instance()
{
    const QMutexLocker locker(&s_mutex);
    if (s_testingInstalled)
        return s_testing;
    if (!s_system)
        s_system = createSystemStatus();
    return s_system;
}

void PhoenixNetworkStatus::setInstanceForTesting(PhoenixNetworkStatus *status)
{
    const QMutexLocker locker(&s_mutex);
    s_testing = status;
    s_testingInstalled = status != nullptr;
}
