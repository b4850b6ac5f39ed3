// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

#include "phoenixglobal.h"

#include <QtCore/QByteArray>
#include <QtCore/QJsonObject>
#include <QtCore/QMetaType>
#include <QtCore/QString>

/*!
 * \brief One Phoenix Channels message, as it travels on the wire.
 *
 * A plain value type (cheap to copy: every member is implicitly shared). It is what a
 * PhoenixSerializer encodes and decodes, and what PhoenixSocket::messageReceived() hands out.
 *
 * A text (JSON) message carries its payload in \c payload. A binary message (V2 binary frames)
 * carries its raw bytes in \c binaryPayload and has \c binary set; for a binary reply
 * (\c event == "phx_reply") \c payload holds {"status": ...} and \c binaryPayload the response.
 *
 * An outgoing text message may carry its payload already written as JSON text in \c payloadJson
 * instead (the QML module's pushes: JavaScript wrote it with JSON.stringify()); \c payload is then
 * empty. The library's own serializers write that text as it is; for any other serializer the
 * socket parses it into \c payload first. Received messages never carry it.
 *
 * A null QString (QString::isNull()) stands for JSON \c null, e.g. the join_ref of a broadcast.
 */
struct PHOENIXQT_EXPORT PhoenixMessage
{
    Q_GADGET
    Q_PROPERTY(QString joinRef MEMBER joinRef)
    Q_PROPERTY(QString ref MEMBER ref)
    Q_PROPERTY(QString topic MEMBER topic)
    Q_PROPERTY(QString event MEMBER event)
    Q_PROPERTY(QJsonObject payload MEMBER payload)
    Q_PROPERTY(QByteArray binaryPayload MEMBER binaryPayload)
    Q_PROPERTY(QByteArray payloadJson MEMBER payloadJson)
    Q_PROPERTY(bool binary MEMBER binary)

public:
    QString joinRef;          //!< ref of the join this message belongs to, null for broadcasts and heartbeats
    QString ref;              //!< ref of the push (client) or of the push being replied to (server), or null
    QString topic;            //!< channel topic, "phoenix" for heartbeats
    QString event;            //!< event name, e.g. "phx_join", "phx_reply", "new_msg"
    QJsonObject payload;      //!< JSON payload (always an object in Phoenix)
    QByteArray binaryPayload; //!< raw payload of a binary frame
    //! The payload object's JSON text (UTF-8) when an outgoing message carries it so; empty otherwise.
    QByteArray payloadJson;
    bool binary = false; //!< true for binary frames

    //! Field-wise equality.
    friend bool operator==(const PhoenixMessage &a, const PhoenixMessage &b)
    {
        return a.binary == b.binary && a.joinRef == b.joinRef && a.ref == b.ref && a.topic == b.topic &&
               a.event == b.event && a.payload == b.payload && a.binaryPayload == b.binaryPayload &&
               a.payloadJson == b.payloadJson;
    }
    //! Field-wise inequality.
    friend bool operator!=(const PhoenixMessage &a, const PhoenixMessage &b) { return !(a == b); }
};
Q_DECLARE_METATYPE(PhoenixMessage)

/*! Protocol constants shared by the client, the dev server and the tests. */
namespace PhoenixEvents {
inline constexpr char16_t Join[] = u"phx_join";        //!< the client joins a topic
inline constexpr char16_t Leave[] = u"phx_leave";      //!< the client leaves a topic
inline constexpr char16_t Reply[] = u"phx_reply";      //!< the server's reply to a push (join, leave, event)
inline constexpr char16_t Error[] = u"phx_error";      //!< the server's channel crashed
inline constexpr char16_t Close[] = u"phx_close";      //!< the server closed the channel gracefully
inline constexpr char16_t Heartbeat[] = u"heartbeat";  //!< the heartbeat event, on PhoenixTopic
inline constexpr char16_t PhoenixTopic[] = u"phoenix"; //!< the topic of heartbeats
} // namespace PhoenixEvents
