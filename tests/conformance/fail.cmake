# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The PhoenixQt authors
# Makes the conformance test fail with a clear reason (cmake -DREASON=... -P fail.cmake).
message(FATAL_ERROR "conformance: ${REASON}")
