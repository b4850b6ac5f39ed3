// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

//
//  W A R N I N G
//  -------------
// This file is not part of the PhoenixQt API. It may change from version to version without notice.
//

#include <QtCore/QString>
#include <QtCore/QtGlobal>

class PhoenixChannelPrivate;
class PhoenixPushPrivate;
class PhoenixSocket;
struct PhoenixMessage;

/*!
 * \internal
 * What a channel needs of its socket, and all it may ask of it. The socket engine
 * (PhoenixSocketPrivate) implements it and alone owns what lies behind it: refs, the reply table
 * with the push deadlines, the channel registry, the send buffer and its limit. Channels never see
 * the engine's members, and the engine never reaches into a channel's pushes.
 */
class PhoenixChannelHost
{
public:
    enum class SendResult { Sent, Buffered, BufferFull, EncodingFailed };

    //! The public socket object (the channel's QObject parent).
    virtual PhoenixSocket *socketObject() const = 0;
    //! Whether frames go out now (a connection is open).
    virtual bool isConnected() const = 0;
    //! The next message ref of this socket (shared by joins, pushes and heartbeats).
    virtual quint64 nextRef() = 0;
    /*!
     * Sends \a message now, or keeps it for the next connection while there is none. \a channel
     * (may be null) lets a buffered frame be dropped when the channel rejoined or closed meanwhile.
     * Joins and leaves are never refused for a full buffer; other frames are (BufferFull).
     */
    virtual SendResult sendFrame(const PhoenixMessage &message, PhoenixChannelPrivate *channel,
                                 QString *problem) = 0;
    //! Registers \a push of \a channel as waiting for the reply to \a ref, for at most \a timeoutMs.
    virtual void expectReply(quint64 ref, PhoenixPushPrivate *push, PhoenixChannelPrivate *channel,
                             int timeoutMs) = 0;
    //! Forgets \a ref (the push finished another way, or is gone).
    virtual void forgetReply(quint64 ref) = 0;
    //! Delay before rejoin attempt \a tries (1-based), from the socket's schedule.
    virtual int rejoinDelay(int tries) const = 0;
    //! Leaves the other joined or joining instances of \a topic (phoenix.js leaveOpenTopic).
    virtual void leaveOtherInstances(const QString &topic, PhoenixChannelPrivate *except) = 0;
    //! \a channel receives the messages of its topic from now on.
    virtual void routeChannel(PhoenixChannelPrivate *channel) = 0;
    //! \a channel receives no more messages.
    virtual void unrouteChannel(PhoenixChannelPrivate *channel) = 0;
    //! \a channel is being deleted: forget it everywhere.
    virtual void channelDestroyed(PhoenixChannelPrivate *channel) = 0;
    /*!
     * Counts \a count more (or, negative, fewer) pushes waiting in channel buffers towards the
     * socket's sendBufferLimit. Returns false (and counts nothing) if adding would exceed it.
     */
    virtual bool adjustBuffered(int count) = 0;
    //! The socket's sendBufferLimit (0 = unbounded), for messages.
    virtual int sendBufferLimit() const = 0;
    //! A push was refused because the buffer is full: tell the socket (once per episode).
    virtual void reportBufferFull(const QString &message) = 0;
    //! \a channel starts a join attempt that is not its first (the socket's telemetry counts rejoins).
    virtual void channelRejoining(PhoenixChannelPrivate *channel) = 0;
    /*!
     * A push of \a topic finished with \a status, \a durationMs after it was (last) sent; -1 when it was
     * never sent or expects no reply. The socket reports it (PhoenixSocket::pushFinished()); this may
     * run application code.
     */
    virtual void pushFinished(const QString &topic, const QString &event, const QString &status,
                              qint64 durationMs) = 0;

    /*!
     * A message routed to a channel turned out malformed once its payload was read (payloads are
     * parsed only when something reads them): the socket drops it and reports it like any malformed
     * frame. \a problem is translated. This may run application code.
     */
    virtual void dropMalformed(const QString &problem) = 0;

protected:
    ~PhoenixChannelHost() = default;
};
