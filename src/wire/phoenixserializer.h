// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

#include "phoenixmessage.h"

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
