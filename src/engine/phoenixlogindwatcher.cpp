// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#include "phoenixlogindwatcher_p.h"

#include "phoenixlogging_p.h"

#ifdef PHOENIXQT_HAS_DBUS
#include <QtCore/QAtomicInt>
#include <QtDBus/QDBusConnection>
#endif

using namespace Qt::StringLiterals;

PhoenixLogindWatcher::PhoenixLogindWatcher(QObject *parent)
    : QObject(parent)
{
}

PhoenixLogindWatcher::~PhoenixLogindWatcher()
{
#ifdef PHOENIXQT_HAS_DBUS
    if (!m_connectionName.isEmpty())
        QDBusConnection::disconnectFromBus(m_connectionName);
#endif
}

bool PhoenixLogindWatcher::isSupported()
{
#ifdef PHOENIXQT_HAS_DBUS
    return true;
#else
    return false;
#endif
}

bool PhoenixLogindWatcher::listen(const QString &busAddress)
{
#ifdef PHOENIXQT_HAS_DBUS
    if (m_listening)
        return true;
    QDBusConnection bus = QDBusConnection::systemBus();
    if (!busAddress.isEmpty()) {
        static QAtomicInt counter;
        m_connectionName = u"phoenixqt-logind-%1"_s.arg(counter.fetchAndAddRelaxed(1));
        bus = QDBusConnection::connectToBus(busAddress, m_connectionName);
    }
    if (!bus.isConnected()) {
        qCDebug(lcPhoenixSocket) << "no system bus: sleep and resume are noticed by the clocks only";
        return false;
    }
    m_listening = bus.connect(u"org.freedesktop.login1"_s, u"/org/freedesktop/login1"_s,
                              u"org.freedesktop.login1.Manager"_s, u"PrepareForSleep"_s, this,
                              SLOT(onPrepareForSleep(bool)));
    if (m_listening)
        qCDebug(lcPhoenixSocket) << "listening to logind's PrepareForSleep";
    return m_listening;
#else
    Q_UNUSED(busAddress);
    return false;
#endif
}

void PhoenixLogindWatcher::onPrepareForSleep(bool sleeping)
{
    qCInfo(lcPhoenixSocket) << (sleeping ? "logind: the machine goes to sleep"
                                         : "logind: the machine resumed");
    if (sleeping)
        Q_EMIT aboutToSleep();
    else
        Q_EMIT resumed();
}
