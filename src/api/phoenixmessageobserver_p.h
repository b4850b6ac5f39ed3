// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

//
//  W A R N I N G
//  -------------
// This file is not part of the PhoenixQt API. It may change from version to version without notice.
// It is the seam between the library and its QML module (qml/), which is built with it.
//

#include "phoenixglobal.h"

#include <QtCore/QByteArray>
#include <QtCore/QByteArrayView>
#include <QtCore/QJsonObject>
#include <QtCore/QString>

class PhoenixChannel;
class PhoenixPresence;
class PhoenixPush;
class QObject;

/*!
 * \internal
 * Receives the text messages of one channel (what PhoenixChannel::messageReceived() carries) with
 * the payload's JSON text as it came off the wire, so that a JavaScript engine can build its own
 * value from the bytes: the QML module's channel item. A channel whose only reader is an observer
 * never parses its payloads into a QJsonObject. The observer is also told when the channel's params
 * or timeout change and when it is deleted, so the item needs no connection to the channel.
 *
 * textMessage() is called by the channel (through PhoenixCallout, see docs/ARCHITECTURE.md), in its thread, after
 * messageReceived() was emitted and before on() handlers run. Application code may run in textMessage() when
 * it returns true (it may delete the channel: the channel touches nothing of itself afterwards); when it
 * returns false, none may have run.
 */
class PHOENIXQT_EXPORT PhoenixMessageObserver
{
public:
    /*!
     * A text message of \a event for the observed channel. \a payloadJson is the payload object's
     * UTF-8 JSON text (valid only during the call, not checked yet) when the message came the fast
     * way; it is empty otherwise, and \a payload holds the parsed payload. (\a payload may also be
     * parsed when \a payloadJson is given, if something else read it; it is empty when not.)
     *
     * Returns false when \a payloadJson was given but could not be read: the socket's engine then
     * decodes it and the channel either calls textMessage() again with an empty \a payloadJson and the parsed
     * \a payload, or drops the message and reports the malformed payload like any malformed message
     * (PhoenixSocket::Error::ProtocolError).
     */
    virtual bool textMessage(const QString &event, QByteArrayView payloadJson,
                             const QJsonObject &payload) = 0;

    /*!
     * Whether a message of \a event needs its payload parsed into a QJsonObject before
     * textMessage() is called, because textMessage() may register an on() handler for \a event
     * (which then gets this very message, as an on() handler registered by a messageReceived() slot
     * does). Asked for each text message that nothing else reads parsed, so it must be cheap; false
     * by default.
     */
    virtual bool needsPayloadOf(const QString &event) const;

    /*!
     * The channel's params changed to \a params (PhoenixChannel::setParams()); called right after
     * its paramsChanged() signal, unless a slot deleted the channel. The QML item follows its
     * channel's settings through these calls rather than through connections, which cost about
     * 140 bytes each and give the channel a connection table of its own.
     */
    virtual void channelParamsChanged(const QJsonObject &params);
    //! The channel's timeout changed to \a ms; called right after its timeoutChanged() signal.
    virtual void channelTimeoutChanged(int ms);
    /*!
     * The observed channel is being deleted: called from its destructor, once it has left its
     * socket and its pushes are gone. The channel must not be used any more; the observer is
     * removed with it.
     */
    virtual void channelDestroyed();

    /*!
     * A PhoenixPresence of \a channel owned by \a parent, made by the observer of \a channel when it
     * needs one: like \c{new PhoenixPresence(channel, parent)}, but without the warning that the
     * channel has already joined. The observer has seen every message of \a channel since before it
     * joined and makes the presence before any presence event has passed (or while the first one is
     * being delivered, see needsPayloadOf()), so nothing was missed.
     */
    static PhoenixPresence *createPresence(PhoenixChannel *channel, QObject *parent);

    /*!
     * Makes \a observer (not owned; null removes it) the observer of \a channel's text messages.
     * The observer must remove itself before it is destroyed, unless the channel goes first.
     */
    static void install(PhoenixChannel *channel, PhoenixMessageObserver *observer);

    /*!
     * PhoenixChannel::push() (or pushNoReply() when \a noReply) of a payload already written as JSON
     * text: \a payloadJson must be the UTF-8 text of one JSON object, as JSON.stringify() writes it
     * (it is not checked; empty stands for {}). The frame carries the text as it is, so the QML
     * module's pushes skip the JS -> QVariantMap -> QJsonObject -> text conversions. Returns the
     * push as push() does (owned by \a channel); null without a channel.
     */
    static PhoenixPush *pushJson(PhoenixChannel *channel, const QString &event, const QByteArray &payloadJson,
                                 int timeoutMs, bool noReply);

protected:
    ~PhoenixMessageObserver() = default;
};

/*!
 * \internal
 * Follows one push for the QML module's push item: told of a binary reply, of the outcome and of the
 * push's deletion by calls, not by connections to binaryReplied(), finished() and destroyed(). The
 * three connections and their removal were 3.2 k of the 86 k instructions of a QML push answered
 * with receive() (benchmarks/README.md).
 *
 * Called in the push's thread. pushBinaryReplied() comes right before binaryReplied(), and
 * pushFinished() right before finished(), each through PhoenixCallout like the signals: application
 * code may run in them, and may delete the push (which then emits nothing more). pushDestroyed() is
 * called from the push's destructor; the push must not be used any more, and the observer is removed
 * with it.
 */
class PHOENIXQT_EXPORT PhoenixPushObserver
{
public:
    //! The push got a binary reply with \a status and \a response (before PhoenixPush::binaryReplied()).
    virtual void pushBinaryReplied(const QString &status, const QByteArray &response) = 0;
    //! The push has its outcome (before PhoenixPush::finished()).
    virtual void pushFinished() = 0;
    //! The push is being deleted.
    virtual void pushDestroyed() = 0;

    /*!
     * Makes \a observer (not owned; null removes it) the observer of \a push. The observer must
     * remove itself before it is destroyed, unless the push goes first.
     */
    static void install(PhoenixPush *push, PhoenixPushObserver *observer);

protected:
    ~PhoenixPushObserver() = default;
};
