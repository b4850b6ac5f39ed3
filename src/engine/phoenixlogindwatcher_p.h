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
#include <QtCore/QString>

/*!
 * \internal
 * Hears logind announce that the machine goes to sleep or woke up: the signal
 * \c org.freedesktop.login1.Manager.PrepareForSleep(bool) of \c org.freedesktop.login1 on the system
 * bus, with \c true before a suspend and \c false after the resume. The process's
 * PhoenixNetworkStatus forwards a resume to every socket (PhoenixNetworkStatus::resumedFromSleep()),
 * which probes its connection at once.
 *
 * Optional at build time: without Qt D-Bus (PHOENIXQT_WITH_DBUS off, or Qt6DBus not found) the class
 * exists but listen() returns false, as it does where no system bus is reachable (containers, other
 * systems). Lives in its creator's thread.
 */
class PHOENIXQT_AUTOTEST_EXPORT PhoenixLogindWatcher : public QObject
{
    Q_OBJECT

public:
    explicit PhoenixLogindWatcher(QObject *parent = nullptr);
    ~PhoenixLogindWatcher() override;

    //! Whether this build has Qt D-Bus support.
    static bool isSupported();
    /*!
     * Starts listening on the system bus, or on the bus at \a busAddress (tests run a bus of their
     * own). Returns false when the bus cannot be reached or the build has no D-Bus support.
     */
    bool listen(const QString &busAddress = QString());
    bool isListening() const { return m_listening; }

Q_SIGNALS:
    //! logind announced a suspend (PrepareForSleep(true)).
    void aboutToSleep();
    //! logind announced a resume (PrepareForSleep(false)).
    void resumed();

private Q_SLOTS:
    void onPrepareForSleep(bool sleeping);

private:
    QString m_connectionName;
    bool m_listening = false;
};
