// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

/*!
 * \file phoenixglobal.h
 * \brief Export macros shared by every PhoenixQt header.
 *
 * PHOENIXQT_EXPORT marks the public API. PHOENIXQT_AUTOTEST_EXPORT marks internal classes (in the
 * private headers, which are not installed) that the unit tests reach. The library does not export
 * them, in any build: the tests that need them link the library's object files (the CMake target
 * PhoenixQt::Internals, built with the tests only). They are not part of the API or ABI.
 */

#include "phoenixqt_export.h"

//! Marks an internal class the unit tests reach (through PhoenixQt::Internals); not exported, not API.
#define PHOENIXQT_AUTOTEST_EXPORT
