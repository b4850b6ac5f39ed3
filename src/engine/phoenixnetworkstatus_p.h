// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

//
//  W A R N I N G
//  -------------
// This file is not part of the PhoenixQt API. It may change from version to version without notice.
//

#include "phoenixglobal.h"

#include <QtCore/QObject>

#include <atomic>

/*!
 * \internal
 * What the socket engine knows of the device's network: whether the system reports it offline, and
 * when the transport medium changes (Wi-Fi ↔ cellular ↔ ethernet). The process's instance follows
 * QNetworkInformation where a backend loads (Linux: NetworkManager or GLib; none in most containers,
 * then it stays Unknown and never changes). Tests install their own with setInstanceForTesting() and
 * drive it with setReachability() and reportTransportMediumChanged(): the engine sees no difference.
 *
 * Only a hint: Unknown (no backend) and anything but "disconnected" count as online, so a wrong or
 * missing backend can never keep a socket from connecting for good.
 */
class PHOENIXQT_AUTOTEST_EXPORT PhoenixNetworkStatus : public QObject
{
    Q_OBJECT

public:
    enum class Reachability {
        Unknown, //!< no backend, or it does not know
        Offline, //!< the system reports no network at all (QNetworkInformation::Reachability::Disconnected)
        Online   //!< some network (local, site or internet)
    };
    Q_ENUM(Reachability)

    explicit PhoenixNetworkStatus(QObject *parent = nullptr);
    ~PhoenixNetworkStatus() override;

    //! The latest reachability (any thread may read it: engines of sockets in other threads do).
    Reachability reachability() const { return m_reachability.load(std::memory_order_relaxed); }
    bool isOffline() const { return reachability() == Reachability::Offline; }

    //! Sets the reachability; emits reachabilityChanged() when it changed. From the instance's thread.
    void setReachability(Reachability reachability);
    //! Emits transportMediumChanged().
    void reportTransportMediumChanged();

    /*!
     * The instance sockets listen to: the one installed with setInstanceForTesting(), else the
     * process's QNetworkInformation follower (created on first use; it and the backend it loads
     * live in the application's thread, whichever thread asks first). Thread-safe.
     */
    static PhoenixNetworkStatus *instance();
    //! Makes \a status the instance (not owned); nullptr goes back to QNetworkInformation's.
    static void setInstanceForTesting(PhoenixNetworkStatus *status);

Q_SIGNALS:
    void reachabilityChanged(PhoenixNetworkStatus::Reachability reachability);
    void transportMediumChanged();

private:
    std::atomic<Reachability> m_reachability{Reachability::Unknown};
};
