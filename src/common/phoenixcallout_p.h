// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

//
//  W A R N I N G
//  -------------
// This file is not part of the PhoenixQt API. It may change from version to version without notice.
//

#include <QtCore/QtGlobal>

#include <algorithm>
#include <iterator>
#include <utility>

class PhoenixWatch;

/*!
 * \internal
 * The life of an object that application code may delete (a channel, a push) or take away (the
 * engine, when its socket is deleted) while that code runs. Its owner calls end() when the object
 * goes: every PhoenixWatch on the stack that watches it then reports it gone. Nothing is allocated:
 * watches live on the stack and are chained from the life they watch (QPointer's weak-reference
 * block would stay allocated for the object's whole lifetime, on every channel and push).
 */
class PhoenixLife
{
public:
    PhoenixLife() = default;
    ~PhoenixLife() { end(); }
    PhoenixLife(const PhoenixLife &) = delete;
    PhoenixLife &operator=(const PhoenixLife &) = delete;

    //! The object is gone for every watch on the stack (called by the destructor, or earlier).
    inline void end();
    //! Whether a watch of this life is on the stack: application code that may end it is running.
    bool isWatched() const { return m_watches != nullptr; }

private:
    friend class PhoenixWatch;
    PhoenixWatch *m_watches = nullptr; // the innermost watch first
};

/*!
 * \internal
 * Watches one PhoenixLife for as long as it is on the stack (null: watches nothing). Watches of one
 * life are made and destroyed in stack order.
 */
// GCC 12 sees a watch's address stored in the life it watches, not that the destructor takes it out.
QT_WARNING_PUSH
QT_WARNING_DISABLE_GCC("-Wdangling-pointer")
class PhoenixWatch
{
public:
    explicit PhoenixWatch(PhoenixLife *life)
        : m_life(life)
        , m_next(life ? life->m_watches : nullptr)
    {
        if (life)
            life->m_watches = this;
    }
    ~PhoenixWatch()
    {
        if (m_life)
            m_life->m_watches = m_next;
    }
    PhoenixWatch(const PhoenixWatch &) = delete;
    PhoenixWatch &operator=(const PhoenixWatch &) = delete;

    //! False once the watched life ended.
    bool alive() const { return m_alive; }
    explicit operator bool() const { return m_alive; }

private:
    friend class PhoenixLife;
    PhoenixLife *m_life;
    PhoenixWatch *m_next;
    bool m_alive = true;
};
QT_WARNING_POP

void PhoenixLife::end()
{
    for (PhoenixWatch *watch = m_watches; watch; watch = watch->m_next) {
        watch->m_alive = false;
        watch->m_life = nullptr;
    }
    m_watches = nullptr;
}

/*!
 * \internal
 * The one way PhoenixQt runs application code: a signal emission, a params or token provider, a
 * receive() hook, an on() handler, a future's continuation. See "Running application code" at the
 * top of docs/ARCHITECTURE.md for the rule; in short:
 *
 * - finish the state change first, so that the application sees a settled object (providers run
 *   before anything changes: they deliver input);
 * - run the code with run(), naming the lives it may end (the engine's, the channel's, the push's);
 * - act on the answer: false means one of them is gone (deleted by a slot, or the socket with the
 *   engine), so touch nothing of it and return. True means they exist, but a slot may still have
 *   changed anything (disconnected, left, set a property, waited): re-check before going on.
 *
 * \code
 * setState(PhoenixChannel::State::Joined);
 * if (!PhoenixCallout::run([&] { Q_EMIT q->joined(response); }, this))
 *     return; // a slot deleted this channel
 * \endcode
 */
namespace PhoenixCallout {

template<typename Code, typename... Lives>
[[nodiscard]] bool run(Code &&code, Lives *...lives)
{
    if constexpr (sizeof...(Lives) == 0) {
        std::forward<Code>(code)();
        return true;
    } else {
        const PhoenixWatch watches[] = {PhoenixWatch(static_cast<PhoenixLife *>(lives))...};
        std::forward<Code>(code)();
        return std::all_of(std::begin(watches), std::end(watches),
                           [](const PhoenixWatch &watch) { return watch.alive(); });
    }
}

} // namespace PhoenixCallout
