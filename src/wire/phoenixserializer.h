// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

#include "phoenixmessage.h"

#include <QtCore/QByteArrayView>
#include <QtCore/QCoreApplication>

/*!
 * \brief Turns PhoenixMessage values into WebSocket frames and back.
 *
 * PhoenixSocket owns one serializer (PhoenixSocket::setSerializer()); the default is
 * PhoenixV2JsonSerializer, which speaks the protocol "2.0.0" of Phoenix (the \c vsn query parameter
 * sent on connect comes from vsn()). Implement this interface to add another format; a serializer is
 * used from the socket's thread only and must not keep state between calls.
 *
 * Decoding never throws and never asserts: malformed input returns false and a translated
 * description in \a errorString.
 *
 * \section serializer_fastpath The receive fast path
 * A format may also split its usual text frames without decoding their payload (splitText() and
 * decodePayload()): the socket then routes a message on the bytes of its topic and decodes the
 * payload only when something reads it (a connected messageReceived(), an on() handler, a protocol
 * event). The defaults decline, and every frame goes through decodeText(). The socket itself knows
 * no wire format: even its heartbeats are made by encodeHeartbeat().
 */
class PHOENIXQT_EXPORT PhoenixSerializer
{
    Q_DECLARE_TR_FUNCTIONS(PhoenixSerializer)

public:
    //! Destroys the serializer (PhoenixSocket deletes the one it owns).
    virtual ~PhoenixSerializer();

    //! The protocol version announced as the \c vsn connect parameter, e.g. "2.0.0".
    virtual QString vsn() const = 0;
    //! Encodes a text (JSON) message into the UTF-8 bytes of a text frame.
    virtual QByteArray encodeText(const PhoenixMessage &message) const = 0;
    //! Encodes a binary message (message.binary is true) into a binary frame.
    //! Returns an empty array and sets \a errorString when it cannot be encoded (e.g. a field over 255
    //! bytes).
    virtual QByteArray encodeBinary(const PhoenixMessage &message, QString *errorString = nullptr) const = 0;
    //! Decodes the UTF-8 bytes of a text frame. Returns false (and sets \a errorString) on malformed input.
    virtual bool decodeText(const QByteArray &frame, PhoenixMessage *message,
                            QString *errorString = nullptr) const = 0;
    //! Decodes a binary frame. Returns false (and sets \a errorString) on malformed input.
    virtual bool decodeBinary(const QByteArray &frame, PhoenixMessage *message,
                              QString *errorString = nullptr) const = 0;

    /*!
     * The fields of a text frame as slices of the frame's bytes (valid as long as the frame is), the
     * payload not decoded yet: what splitText() delivers. Refs, topic and event are plain ASCII.
     */
    struct TextFields
    {
        QByteArrayView joinRef;  //!< the join_ref's characters; joinRefNull when there is none
        QByteArrayView ref;      //!< the ref's characters; refNull when there is none
        QByteArrayView topic;    //!< the topic's characters
        QByteArrayView event;    //!< the event's characters
        QByteArrayView payload;  //!< the encoded payload, for decodePayload()
        bool joinRefNull = true; //!< the message has no join_ref (JSON null)
        bool refNull = true;     //!< the message has no ref (JSON null)
    };
    /*!
     * Splits a text frame into its fields without decoding the payload. Returns false when the frame
     * is not of the usual shape of this format (refs, topic and event plain ASCII): the socket then
     * decodes it with decodeText(), which also reports it if it is malformed. The default returns
     * false for every frame. Must agree with decodeText() on every frame it splits.
     */
    virtual bool splitText(const QByteArray &frame, TextFields *fields) const;
    /*!
     * Decodes a payload that splitText() delimited into \a payload. Returns false when it is malformed:
     * the socket then decodes the whole frame with decodeText() (which reports it). The default
     * returns false.
     */
    virtual bool decodePayload(QByteArrayView encoded, QJsonObject *payload) const;
    /*!
     * The frame of a heartbeat with \a ref: topic "phoenix", event "heartbeat", an empty payload, no
     * join_ref. The default encodes that message with encodeText().
     */
    virtual QByteArray encodeHeartbeat(const QString &ref) const;
};

/*!
 * \brief The Phoenix V2 serializer: JSON arrays [join_ref, ref, topic, event, payload] and the three
 * V2 binary frame kinds (push, reply, broadcast) with their exact byte layouts.
 *
 * Stateless; safe to share between sockets of the same thread.
 */
class PHOENIXQT_EXPORT PhoenixV2JsonSerializer : public PhoenixSerializer
{
public:
    //! Binary frame kinds (first byte of a V2 binary frame).
    enum Kind : quint8 {
        Push = 0,     //!< a push: client to server (with ref) or server to client (Channel.push, no ref)
        Reply = 1,    //!< a reply to a client push (server to client)
        Broadcast = 2 //!< a broadcast (server to client, no refs)
    };

    QString vsn() const override;
    QByteArray encodeText(const PhoenixMessage &message) const override;
    QByteArray encodeBinary(const PhoenixMessage &message, QString *errorString = nullptr) const override;
    bool decodeText(const QByteArray &frame, PhoenixMessage *message,
                    QString *errorString = nullptr) const override;
    bool decodeBinary(const QByteArray &frame, PhoenixMessage *message,
                      QString *errorString = nullptr) const override;
    //! Splits a V2 text frame [join_ref, ref, topic, event, payload] of the shape Phoenix sends.
    bool splitText(const QByteArray &frame, TextFields *fields) const override;
    //! Parses the payload object (a leading U+FEFF of a string or key is kept).
    bool decodePayload(QByteArrayView encoded, QJsonObject *payload) const override;

    //! Encodes a server-to-client binary frame (push, reply or broadcast); used by servers and tests.
    static QByteArray encodeServerBinary(Kind kind, const PhoenixMessage &message);
};

/*!
 * \brief The Phoenix V1 serializer: JSON objects {topic, event, payload, ref} without join_ref.
 *
 * For servers that only speak "1.0.0". V1 has no binary frames and no join_ref, so stale-message
 * filtering by join_ref is not possible with it.
 */
class PHOENIXQT_EXPORT PhoenixV1JsonSerializer : public PhoenixSerializer
{
public:
    QString vsn() const override;
    QByteArray encodeText(const PhoenixMessage &message) const override;
    QByteArray encodeBinary(const PhoenixMessage &message, QString *errorString = nullptr) const override;
    bool decodeText(const QByteArray &frame, PhoenixMessage *message,
                    QString *errorString = nullptr) const override;
    bool decodeBinary(const QByteArray &frame, PhoenixMessage *message,
                      QString *errorString = nullptr) const override;
};
