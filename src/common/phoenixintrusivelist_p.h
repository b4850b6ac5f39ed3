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
 * A doubly linked list threaded through its elements (each element holds a PhoenixListLink per list
 * it can be in): O(1) append and removal of any element, no allocation, iteration in insertion
 * order. Used where many objects come and go in arbitrary order (pushes in flight, channels of a
 * socket), so that the cost per object does not grow with their number.
 */
template<typename T>
struct PhoenixListLink
{
    T *prev = nullptr; // both null: the only element of its list, or in none (the list tells which)
    T *next = nullptr;
};

template<bool Counted>
struct PhoenixListCount
{
    qsizetype m_size = 0;
};
template<>
struct PhoenixListCount<false>
{
};

//! \a Counted: whether size() is kept (one more member; a list that never asks need not pay it).
template<typename T, PhoenixListLink<T> T::*Link, bool Counted = true>
class PhoenixIntrusiveList : private PhoenixListCount<Counted>
{
public:
    T *first() const { return m_first; }
    T *last() const { return m_last; }
    static T *next(const T *item) { return (item->*Link).next; }
    static T *prev(const T *item) { return (item->*Link).prev; }
    //! Whether \a item is in this list (an element is in one list of a kind at most).
    bool contains(const T *item) const
    {
        const PhoenixListLink<T> &link = item->*Link;
        return link.prev || link.next || m_first == item;
    }
    qsizetype size() const
    {
        static_assert(Counted, "this list keeps no count");
        return this->m_size;
    }
    bool isEmpty() const { return m_first == nullptr; }

    void append(T *item)
    {
        if (contains(item))
            return;
        PhoenixListLink<T> &link = item->*Link;
        link.prev = m_last;
        link.next = nullptr;
        if (m_last)
            (m_last->*Link).next = item;
        else
            m_first = item;
        m_last = item;
        if constexpr (Counted)
            ++this->m_size;
    }

    void remove(T *item)
    {
        if (!contains(item))
            return;
        PhoenixListLink<T> &link = item->*Link;
        if (link.prev)
            (link.prev->*Link).next = link.next;
        else
            m_first = link.next;
        if (link.next)
            (link.next->*Link).prev = link.prev;
        else
            m_last = link.prev;
        link = PhoenixListLink<T>();
        if constexpr (Counted)
            --this->m_size;
    }

    T *takeFirst()
    {
        T *item = m_first;
        if (item)
            remove(item);
        return item;
    }

private:
    T *m_first = nullptr;
    T *m_last = nullptr;
};
