// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

/*!
 * \file phoenixglobal.h
 * \brief Export macros shared by every PhoenixQt header.
 *
 * PHOENIXQT_EXPORT marks the public API. PHOENIXQT_AUTOTEST_EXPORT marks internals (the wire
 * serializer, the backoff helpers) that the unit tests reach; they are exported only in builds that
 * also build the tests and are not part of the stable API.
 */

#include "phoenixqt_export.h"

#if defined(PHOENIXQT_AUTOTEST_BUILD)
//! Exports internals for the unit tests in builds with tests (PHOENIXQT_AUTOTEST_BUILD); not API.
#define PHOENIXQT_AUTOTEST_EXPORT PHOENIXQT_EXPORT
#else
//! Exports internals for the unit tests in builds with tests (PHOENIXQT_AUTOTEST_BUILD); not API.
#define PHOENIXQT_AUTOTEST_EXPORT
#endif
