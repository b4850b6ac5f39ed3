// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#include "phoenixmessage.h"

// PhoenixMessage is a plain value type; this file hosts its moc output.
#include "moc_phoenixmessage.cpp"
