// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

//
//  W A R N I N G
//  -------------
// This file is not part of the PhoenixQt API. It may change from version to version without notice.
//

#include <QtCore/QLoggingCategory>

// Debug and info are off by default, warnings on (phoenixlogging.cpp); QT_LOGGING_RULES turns them on.

//! Connection lifecycle: connect, close, reconnect, heartbeat ("phoenix.socket").
Q_DECLARE_LOGGING_CATEGORY(lcPhoenixSocket)
//! Channel lifecycle: join, leave, rejoin, errors ("phoenix.channel").
Q_DECLARE_LOGGING_CATEGORY(lcPhoenixChannel)
//! Every frame's topic, event and refs, never its payload ("phoenix.socket.wire", debug).
Q_DECLARE_LOGGING_CATEGORY(lcPhoenixWire)
//! Presence state and diffs ("phoenix.presence").
Q_DECLARE_LOGGING_CATEGORY(lcPhoenixPresence)
