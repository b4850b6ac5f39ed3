// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

//
//  W A R N I N G
//  -------------
// This file is not part of the PhoenixQt API. It may change from version to version without notice.
//

#include <QtCore/QObject>
#include <QtQml/QJSValue>

class QJSEngine;

/*!
 * \internal
 * Keeps a QML engine's garbage collector from running after every 128 KB of new strings.
 *
 * Qt's JavaScript engine (V4; Qt 6.4 to 6.8 at least) starts a full collection whenever the text of its
 * strings has grown by more than a limit since the last one. The limit starts at 128 KB, and it
 * only grows when what stays alive after a collection fills three quarters of it. A QML
 * application reading messages makes a new string for every text field of every payload, and
 * nearly all of them are garbage by the next message: the limit stays at 128 KB, and at 1 KiB per
 * payload most of the CPU went into full collections (22.4 k of the 41.4 k instructions per message,
 * 448 k of 539 k at 16 KiB; benchmarks/README.md).
 *
 * The reserve is one string of \c reserveBytes() held for the engine's lifetime. It counts as live
 * string text, so the engine lifts its limit to twice the reserve and collects once per reserve's
 * worth of new strings. Its characters are never written or read: the allocator takes that much
 * address space, and only the pages it touches (the first and the last) become resident. The price
 * is garbage: up to a reserve's worth of dead strings may wait for the next collection.
 *
 * The size comes from the environment variable PHOENIXQT_QML_STRING_RESERVE (bytes, 0 turns the
 * reserve off), read when an engine gets its reserve; the default is DefaultBytes.
 *
 * One per engine (ensure()), a child of the engine. Main (engine) thread only.
 */
class PhoenixQmlStringReserve : public QObject
{
    Q_OBJECT

public:
    //! Gives \a engine its reserve unless it has one (owned by the engine). Nothing without an engine.
    static void ensure(QJSEngine *engine);

    //! The reserve's size in bytes of string text: PHOENIXQT_QML_STRING_RESERVE, else DefaultBytes.
    static qsizetype reserveBytes();

    //! 1 MiB: at 1 KiB per payload a collection per 500 messages instead of per 60 (benchmarks/README.md).
    static constexpr qsizetype DefaultBytes = 1024 * 1024;

private:
    explicit PhoenixQmlStringReserve(QJSEngine *engine);

    QJSValue m_reserve; // the string, as the engine's own value (a QString alone would not count)
};
