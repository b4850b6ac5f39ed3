// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
// A header with one of each documentation mistake docs/check_docs.py must report (test docs_checker).
#pragma once

/*!
 * \mainpage Self-test
 * Lists PhoenixBroken only.
 */

/*!
 * \brief A documented class; see PhoenixNoSuchClass and PhoenixBroken::noSuchMember for what is wrong.
 *
 * Its page shows the header's own name as the include; and the word Qt is a link to Qt's namespace.
 */
class PhoenixBroken
{
public:
    //! States.
    enum class State {
        Documented, //!< has a comment
        Undocumented
    };

    //! Takes \a count and \a typo.
    void take(int count);
    //! Calls vanishedFunction() and then take().
    void call();
    void undocumented();
};

class QObject;
class QTimerEvent;
//! Derived from a Qt class whose docs Doxygen does not have: the override needs a comment (\\reimp).
class PhoenixBrokenDerived : public QObject
{
protected:
    void timerEvent(QTimerEvent *event) override;
};
