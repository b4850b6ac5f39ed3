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

#include <array>

class QJSEngine;

/*!
 * \internal
 * Keeps a QML engine's object heap from handing its memory back to the kernel after every
 * collection while messages flow, and faulting it in again right after.
 *
 * Qt's JavaScript engine (V4; Qt 6.4 at least) allocates its objects in 64 KB chunks. After each
 * collection it returns every chunk that holds only garbage to the kernel (`madvise()`), which on
 * Linux flushes the TLB of every CPU the process ran on, and the next allocations fault the pages
 * back in one by one. Payload objects are garbage by the next message, so the chunks filled since
 * the last collection were handed back after each one: 1,153 `madvise()` calls and 61 k page faults
 * per million 100-byte messages in the QML benchmark client, where the C++ client makes 2 calls
 * (benchmarks/README.md).
 *
 * The keeper makes a small empty object every MarkEvery allocations it is told of (allocated())
 * and keeps the last Markers of them. The markers lie among the objects made at that time, so
 * every chunk that was filled recently holds a live marker and is swept, not handed back; its free
 * space is used again. It holds about Markers × 64 bytes, whatever the payloads' size.
 *
 * PHOENIXQT_QML_CHUNK_MARKERS (a count, 0 turns the keeper off) sets Markers, read when an engine's
 * keeper is made; the default is DefaultMarkers.
 *
 * One per engine (of()), a child of the engine. Main (engine) thread only.
 */
class PhoenixQmlChunkKeeper : public QObject
{
    Q_OBJECT

public:
    //! The keeper of \a engine, made on first use; owned by the engine. Null without an engine.
    static PhoenixQmlChunkKeeper *of(QJSEngine *engine);
    ~PhoenixQmlChunkKeeper() override;

    //! The module made a JS value in the engine (a payload read, a push): every MarkEvery-th call
    //! makes a marker.
    void allocated()
    {
        if (++m_count >= MarkEvery && m_markers > 0)
            mark();
    }

    //! How many markers are held now (at most markerCount()).
    int heldMarkers() const;
    //! How many markers this keeper keeps: PHOENIXQT_QML_CHUNK_MARKERS when it was made, else DefaultMarkers.
    int markerCount() const { return m_markers; }

    //! A marker per this many allocated() calls: a 100-byte message leaves about 260 bytes of JS
    //! objects, so a 64 KB chunk gets about 8 markers.
    static constexpr int MarkEvery = 32;
    //! The markers kept by default: they cover the last 2,048 messages, several collections' worth
    //! (V4 collects every ~580 messages of 100 bytes).
    static constexpr int DefaultMarkers = 64;
    //! The most markers PHOENIXQT_QML_CHUNK_MARKERS may ask for.
    static constexpr int MaxMarkers = 1024;

private:
    explicit PhoenixQmlChunkKeeper(QJSEngine *engine);
    void mark();

    QJSEngine *m_engine;
    QList<QJSValue> m_ring; // the markers, oldest replaced first
    int m_markers;
    int m_next = 0;
    int m_count = 0;
};
