// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#include "phoenixsendbuffer_p.h"

#include "phoenixengineclients_p.h"

#include <algorithm>

void PhoenixSendBuffer::append(const PhoenixMessage &message, PhoenixEngineChannel *channel, quint64 joinRef)
{
    m_frames.push_back(Frame{message, channel, joinRef});
    if (channel)
        ++channel->m_framesInSendBuffer;
}

std::deque<PhoenixSendBuffer::Frame> PhoenixSendBuffer::takeAll()
{
    std::deque<Frame> frames;
    frames.swap(m_frames);
    for (const Frame &frame : frames) {
        if (frame.channel)
            --frame.channel->m_framesInSendBuffer;
    }
    return frames;
}

void PhoenixSendBuffer::prepend(std::deque<Frame> &&frames)
{
    for (const Frame &frame : frames) {
        if (frame.channel)
            ++frame.channel->m_framesInSendBuffer;
    }
    frames.insert(frames.end(), std::make_move_iterator(m_frames.begin()),
                  std::make_move_iterator(m_frames.end()));
    m_frames = std::move(frames);
}

qsizetype PhoenixSendBuffer::removeChannel(PhoenixEngineChannel *channel)
{
    if (channel->m_framesInSendBuffer == 0)
        return 0;
    const auto before = m_frames.size();
    m_frames.erase(std::remove_if(m_frames.begin(), m_frames.end(),
                                  [channel](const Frame &frame) { return frame.channel == channel; }),
                   m_frames.end());
    channel->m_framesInSendBuffer = 0;
    return qsizetype(before - m_frames.size());
}
