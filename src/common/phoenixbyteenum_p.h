// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

//
//  W A R N I N G
//  -------------
// This file is not part of the PhoenixQt API. It may change from version to version without notice.
//

#include <QtCore/QtGlobal>

/*!
 * \internal
 * A value of \a Enum (whose values all fit in a byte) stored in one byte, for the privates whose
 * size every joined channel pays (a public enum class is int-sized). Converts to and from \a Enum.
 */
template<typename Enum>
class PhoenixByteEnum
{
public:
    constexpr PhoenixByteEnum(Enum value = Enum())
        : m_value(quint8(value))
    {
    }
    constexpr operator Enum() const { return Enum(m_value); }

private:
    quint8 m_value;
};
