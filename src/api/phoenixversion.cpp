// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#include "phoenixversion.h"

const char *phoenixQtVersion() noexcept
{
    return PHOENIXQT_VERSION_STR;
}
