// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#include "phoenixlogging_p.h"

// The library's logging categories, and their defaults in one place. Like Qt's own modules, the
// library is quiet unless asked: debug and info messages are off, warnings (something an app
// developer must act on: a misused API, a server that breaks the protocol) are on. Turn a category
// on with QT_LOGGING_RULES, e.g. QT_LOGGING_RULES="phoenix.*.info=true" or "phoenix.socket.debug=true"
// (README, "Logging").
Q_LOGGING_CATEGORY(lcPhoenixSocket, "phoenix.socket", QtWarningMsg)
Q_LOGGING_CATEGORY(lcPhoenixChannel, "phoenix.channel", QtWarningMsg)
Q_LOGGING_CATEGORY(lcPhoenixWire, "phoenix.socket.wire", QtWarningMsg)
Q_LOGGING_CATEGORY(lcPhoenixPresence, "phoenix.presence", QtWarningMsg)
