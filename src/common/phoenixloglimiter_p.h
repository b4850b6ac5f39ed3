// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

//
//  W A R N I N G
//  -------------
// This file is not part of the PhoenixQt API. It may change from version to version without notice.
//

#include <QtCore/QElapsedTimer>
#include <QtCore/QString>

/*!
 * \internal
 * Keeps a flood of one kind of warning (100,000 messages for unknown topics, a million refused
 * pushes) from flooding the log: at most Burst messages per Window; the rest are counted, and the
 * next message that may be logged says how many were suppressed before it.
 *
 * \code
 * int suppressed = 0;
 * if (m_unknownTopicLog.allow(&suppressed))
 *     qCWarning(lc) << "dropping ..." << PhoenixLogLimiter::suffix(suppressed);
 * \endcode
 */
class PhoenixLogLimiter
{
public:
    static constexpr int Burst = 10;
    static constexpr qint64 WindowMs = 10000;

    //! Whether a message may be logged now; \a suppressed gets the count suppressed since the last one.
    bool allow(int *suppressed)
    {
        if (!m_window.isValid() || m_window.elapsed() >= WindowMs) {
            m_window.start();
            m_inWindow = 0;
        }
        if (m_inWindow >= Burst) {
            ++m_suppressed;
            return false;
        }
        ++m_inWindow;
        *suppressed = m_suppressed;
        m_suppressed = 0;
        return true;
    }

    //! How many messages were suppressed and not reported yet.
    int pending() const { return m_suppressed; }

    //! " (N similar messages suppressed)" or an empty string.
    static QString suffix(int suppressed)
    {
        return suppressed > 0 ? QStringLiteral(" (%1 similar messages suppressed)").arg(suppressed)
                              : QString();
    }

private:
    QElapsedTimer m_window;
    int m_inWindow = 0;
    int m_suppressed = 0;
};
