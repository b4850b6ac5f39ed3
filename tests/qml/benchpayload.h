// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// The payload the QML heap tests read (tst_qmlstringreserve, tst_qmlchunkkeeper): what the
// benchmarks send.
#pragma once

#include <QtCore/QByteArray>

namespace PhoenixQmlTest {

//! A payload of about \a size bytes, as the benchmarks send: {"id":…,"user":"ada","body":"lorem …"}.
inline QByteArray benchPayload(int id, int size)
{
    QByteArray text(R"({"id":)");
    text.append(QByteArray::number(id)).append(R"(,"user":"ada","body":")");
    while (text.size() < size - 2)
        text.append("lorem ipsum ");
    text.truncate(size - 2);
    return text.append("\"}");
}

} // namespace PhoenixQmlTest
