// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

//
//  W A R N I N G
//  -------------
// This file is not part of the PhoenixQt API. It may change from version to version without notice.
//

#include <QtCore/QLoggingCategory>

//! The QML module: lifecycle of the declarative items ("phoenix.qml").
Q_DECLARE_LOGGING_CATEGORY(lcPhoenixQml)
