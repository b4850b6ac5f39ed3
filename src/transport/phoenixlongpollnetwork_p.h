// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

#include "phoenixglobal.h"

#include <functional>

class QNetworkAccessManager;
class QObject;

/*!
 * Where a PhoenixLongPollTransport gets its QNetworkAccessManager. By default a plain one; tests and
 * the application fuzzer (tests/fuzz/fuzz_application.cpp) install a factory that returns a scripted
 * network, so that the transport's own request and reply handling runs without sockets, frame by
 * frame, as the test decides (as PhoenixNetworkStatus::setInstanceForTesting() does for the system's
 * network). Internal, not API; used from the thread of the transports only.
 */
namespace PhoenixLongPollNetwork {

//! Makes the manager for the transport \a parent, which owns it (and deletes it when it goes).
using Factory = std::function<QNetworkAccessManager *(QObject *parent)>;

//! Every LongPoll transport opened from now on gets its manager from \a factory; an empty function
//! goes back to a plain QNetworkAccessManager.
PHOENIXQT_AUTOTEST_EXPORT void setFactoryForTesting(Factory factory);

//! A new manager owned by \a parent: the test factory's, else a plain QNetworkAccessManager.
QNetworkAccessManager *create(QObject *parent);

} // namespace PhoenixLongPollNetwork
