// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

//
//  W A R N I N G
//  -------------
//
// This file is not part of the PhoenixQt API. It may change from version to version without notice.
//

#include <QtCore/QLoggingCategory>

// "phoenix.outbox": the outbox's decisions (sent, delivered, rejected, retried, dropped) at debug
// level, database failures as warnings. Payloads are never logged (they may hold personal data).
Q_DECLARE_LOGGING_CATEGORY(lcPhoenixOutbox)
