// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

//
//  W A R N I N G
//  -------------
// This file is not part of the PhoenixQt API. It may change from version to version without notice.
//

#include <QtCore/QtGlobal>

class QEventLoop;
class QObject;

/*!
 * \internal
 * What the blocking waits (PhoenixSocket::waitForConnected(), PhoenixChannel::waitForJoined(),
 * PhoenixPush::waitForReply()) share: the local event loop with its time limit, and the rule that
 * keeps pushes readable after a wait returned.
 *
 * Why the rule is needed (Qt 6.4, qcoreapplication.cpp): deleteLater() records the loop level it was
 * called at (loopLevel + scopeLevel, at least 1 inside a running loop), and the DeferredDelete is
 * delivered as soon as posted events are sent at a lower level. A push that finishes inside a
 * waitFor…() loop (level ≥ 2 while it handles the reply) would be deleted by that same loop the next
 * time it sends posted events (level 1), or by the next plain processEvents() of a program without
 * exec(): before the caller could read it. So while a PhoenixWaitScope is alive in a thread, pushes
 * that finish hand their deletion to it, and it calls deleteLater() for them when the outermost
 * scope ends, from the caller's own level: in a program that never calls exec() that is level 0,
 * which Qt delivers in the next event loop that runs (the next waitFor…() call), never in a bare
 * processEvents(); from a slot, after the slot returned.
 */
class PhoenixWaitScope
{
public:
    PhoenixWaitScope();
    ~PhoenixWaitScope();
    PhoenixWaitScope(const PhoenixWaitScope &) = delete;
    PhoenixWaitScope &operator=(const PhoenixWaitScope &) = delete;

    //! Whether a waitFor…() call runs in this thread.
    static bool isActive();
    /*!
     * Calls \a release(\a object) once the outermost scope of this thread ended (if \a object still
     * exists then). \a release decides (e.g. a push whose autoDelete was turned off is kept).
     */
    static void deferDeletion(QObject *object, void (*release)(QObject *object));
    /*!
     * Runs \a loop until something quits it or \a msecs milliseconds passed (-1: no limit), without
     * user input events. Returns false if the time ran out.
     */
    static bool exec(QEventLoop &loop, int msecs);
};

/*!
 * \internal
 * Deletes the pushes that finish while it is alive together, with one deleteLater() for all of them
 * instead of one each (the same loop-level rule, so a push is deleted no earlier than deleteLater()
 * would have deleted it). A channel telling a thousand outcomes at once (refused or closed pushes)
 * then posts one event, not a thousand: Qt's posted-event queue never gives back the capacity it
 * once needed, so a million refused pushes would otherwise leave tens of MiB behind for good.
 * Scopes nest; the outermost one hands the pushes over when it ends.
 */
class PhoenixReleaseBatch
{
public:
    PhoenixReleaseBatch();
    ~PhoenixReleaseBatch();
    PhoenixReleaseBatch(const PhoenixReleaseBatch &) = delete;
    PhoenixReleaseBatch &operator=(const PhoenixReleaseBatch &) = delete;

    //! Whether a batch is open in this thread.
    static bool isActive();
    //! Calls \a release(\a object) when the batch's deletion is delivered, if \a object still exists.
    static void add(QObject *object, void (*release)(QObject *object));
};
