// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

/*!
 * \file phoenixoutboxglobal.h
 * \brief Export macros of the PhoenixQt::Outbox library (libPhoenixQtOutbox).
 *
 * PHOENIXQT_OUTBOX_EXPORT marks its public API. PHOENIXQT_OUTBOX_AUTOTEST_EXPORT marks internal
 * classes (in private headers, which are not installed) that tests and the fuzz target use; as
 * PHOENIXQT_AUTOTEST_EXPORT in the core, the library never exports them. Not API, not ABI.
 */

#include "phoenixqtoutbox_export.h"

//! Marks the public API of the PhoenixQt::Outbox library.
#define PHOENIXQT_OUTBOX_EXPORT PHOENIXQTOUTBOX_EXPORT

//! Marks an internal class that tests use; not exported, not API.
#define PHOENIXQT_OUTBOX_AUTOTEST_EXPORT
