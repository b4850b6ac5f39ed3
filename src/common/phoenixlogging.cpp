// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#include "phoenixlogging_p.h"

Q_LOGGING_CATEGORY(lcPhoenixSocket, "phoenix.socket", QtInfoMsg)
Q_LOGGING_CATEGORY(lcPhoenixChannel, "phoenix.channel", QtInfoMsg)
Q_LOGGING_CATEGORY(lcPhoenixWire, "phoenix.socket.wire", QtWarningMsg)
