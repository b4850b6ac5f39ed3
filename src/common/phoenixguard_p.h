// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

//
//  W A R N I N G
//  -------------
// This file is not part of the PhoenixQt API. It may change from version to version without notice.
//

/*!
 * \internal
 * Tells a member function whether its object was deleted while it emitted a signal (a slot may
 * delete the sender). Unlike QPointer it allocates nothing: guards live on the stack and are chained
 * from the object, whose destructor marks them all. QPointer's weak-reference block stays allocated
 * for the object's lifetime, which cost every joined channel two extra allocations.
 */
class PhoenixDeletionGuard
{
public:
    explicit PhoenixDeletionGuard(PhoenixDeletionGuard **head) : m_head(head), m_next(*head) { *head = this; }
    ~PhoenixDeletionGuard()
    {
        if (!m_deleted)
            *m_head = m_next;
    }
    PhoenixDeletionGuard(const PhoenixDeletionGuard &) = delete;
    PhoenixDeletionGuard &operator=(const PhoenixDeletionGuard &) = delete;

    //! True while the object is alive.
    explicit operator bool() const { return !m_deleted; }

    //! Called by the object's destructor with its chain head.
    static void markDeleted(PhoenixDeletionGuard *head)
    {
        for (PhoenixDeletionGuard *guard = head; guard; guard = guard->m_next)
            guard->m_deleted = true;
    }

private:
    PhoenixDeletionGuard **m_head;
    PhoenixDeletionGuard *m_next;
    bool m_deleted = false;
};
