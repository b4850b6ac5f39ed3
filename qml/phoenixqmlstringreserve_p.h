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
 * Keeps a QML engine's garbage collector from running after every 128 KB of new strings while
 * large payloads flow.
 *
 * Qt's JavaScript engine (V4; Qt 6.4 to 6.8 at least) starts a full collection whenever the text of
 * its strings has grown by more than a limit since the last one. The limit starts at 128 KB and only
 * grows when what stays alive after a collection fills three quarters of it. Payload strings are
 * garbage by the next message, so the limit stays at 128 KB: at 1 KiB per payload V4 collected every
 * 60 messages, 22.4 k of the 41.4 k instructions per message (448 k of 539 k at 16 KiB;
 * benchmarks/README.md).
 *
 * The reserve is one string of reserveBytes() that the engine counts as live text, so it lifts its
 * limit to twice the reserve and collects once per reserve's worth of new strings. Its characters
 * are never written or read: it takes address space, and only the pages at its two ends become
 * resident. It is held only while the payloads read are large (their strings, as UTF-16, average
 * TakeAtBytes or more; released below ReleaseBelowBytes). With small payloads the 128 KB limit
 * collects before the engine's object heap has to grow, which is cheaper on Linux than letting it
 * grow: every memory chunk the heap takes and gives back after a collection costs page faults and a
 * TLB flush on every CPU (+18% CPU at 100 B with the reserve held, measured).
 *
 * The size comes from the environment variable PHOENIXQT_QML_STRING_RESERVE (bytes, 0 turns the
 * reserve off), read when an engine's reserve is made; the default is DefaultBytes.
 *
 * One per engine (of()), a child of the engine. Main (engine) thread only.
 */
class PhoenixQmlStringReserve : public QObject
{
    Q_OBJECT

public:
    //! The reserve of \a engine, made (not held) on first use; owned by the engine. Null without an engine.
    static PhoenixQmlStringReserve *of(QJSEngine *engine);

    //! A payload was read whose strings took \a stringBytes (UTF-16): holds or releases the reserve.
    void payloadRead(qsizetype stringBytes)
    {
        m_average += (double(stringBytes) - m_average) / AverageOver;
        if (m_average >= TakeAtBytes ? !m_held : (m_held && m_average < ReleaseBelowBytes))
            setHeld(!m_held);
    }

    //! Whether the reserve's string is held now.
    bool isHeld() const { return m_held; }
    //! Holds (or lets go of) the reserve's string; nothing when its size is 0.
    void setHeld(bool held);

    //! The reserve's size in bytes of string text: PHOENIXQT_QML_STRING_RESERVE, else DefaultBytes.
    static qsizetype reserveBytes();

    /*!
     * 512 KiB: at 1 KiB per payload a collection per 250 messages instead of per 60. A larger reserve
     * saves more collections but lets more dead string memory pile up between them, which the C
     * library hands back to the kernel and faults in again (page faults at 1 KiB: 25.6 k without a
     * reserve, 29.2 k with 512 KiB, 34.2 k with 1 MiB per 500,000 messages; benchmarks/README.md).
     */
    static constexpr qsizetype DefaultBytes = 512 * 1024;
    //! Held once the payloads' strings average this many bytes (UTF-16: 512 characters) ...
    static constexpr double TakeAtBytes = 1024;
    //! ... and released when they average less than this.
    static constexpr double ReleaseBelowBytes = 256;
    //! The average follows about this many payloads.
    static constexpr double AverageOver = 64;

private:
    explicit PhoenixQmlStringReserve(QJSEngine *engine);

    QJSEngine *m_engine;
    QJSValue m_reserve; // the string while held, as the engine's own value (a QString alone would not count)
    qsizetype m_bytes;
    double m_average = 0;
    bool m_held = false;
};
