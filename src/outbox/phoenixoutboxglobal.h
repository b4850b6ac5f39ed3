// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

/*!
 * \file phoenixoutboxglobal.h
 * \brief Export macros of the PhoenixQt::Outbox library (libPhoenixQtOutbox).
 *
 * PHOENIXQT_OUTBOX_EXPORT marks its public API. PHOENIXQT_OUTBOX_AUTOTEST_EXPORT marks internals
 * (the SQLite store) that the unit tests and the fuzz target reach; they are exported only in builds
 * that also build the tests and are not part of the stable API.
 */

#include "phoenixqtoutbox_export.h"

//! Marks the public API of the PhoenixQt::Outbox library.
#define PHOENIXQT_OUTBOX_EXPORT PHOENIXQTOUTBOX_EXPORT

#if defined(PHOENIXQT_AUTOTEST_BUILD)
//! Exports internals for the unit tests in builds with tests (PHOENIXQT_AUTOTEST_BUILD); not API.
#define PHOENIXQT_OUTBOX_AUTOTEST_EXPORT PHOENIXQTOUTBOX_EXPORT
#else
//! Exports internals for the unit tests in builds with tests (PHOENIXQT_AUTOTEST_BUILD); not API.
#define PHOENIXQT_OUTBOX_AUTOTEST_EXPORT
#endif
