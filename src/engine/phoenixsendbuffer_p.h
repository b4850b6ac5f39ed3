// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

//
//  W A R N I N G
//  -------------
// This file is not part of the PhoenixQt API. It may change from version to version without notice.
//

#include "phoenixmessage.h"

#include <deque>

class PhoenixEngineChannel;

/*!
 * \internal
 * Frames made while the socket had no open connection, in the order they were made; owned by the
 * socket engine and flushed, oldest first, when a connection opens. Each frame remembers the
 * channel it belongs to (if any) so that frames of an earlier join of that channel, or of a channel
 * that closed or was deleted meanwhile, are dropped instead of sent (phoenix.js isOutdated).
 */
class PhoenixSendBuffer
{
public:
    struct Frame
    {
        PhoenixMessage message;
        PhoenixEngineChannel *channel = nullptr; // entries of a deleted channel are purged by removeChannel()
        quint64 joinRef = 0;                     // the channel's join when the frame was made
    };

    void append(const PhoenixMessage &message, PhoenixEngineChannel *channel, quint64 joinRef);
    //! Takes every frame out, oldest first.
    std::deque<Frame> takeAll();
    //! Puts \a frames (taken out with takeAll()) back in front of the buffer, in their order.
    void prepend(std::deque<Frame> &&frames);
    //! Drops the frames of \a channel (it is being deleted). O(1) when it has none.
    qsizetype removeChannel(PhoenixEngineChannel *channel);
    qsizetype size() const { return qsizetype(m_frames.size()); }
    bool isEmpty() const { return m_frames.empty(); }

private:
    std::deque<Frame> m_frames;
};
