// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

#include <PhoenixQt/PhoenixSerializer>

#include <memory>

namespace simdjson::dom {
class parser;
}

/*!
 * \brief An experimental Phoenix V2 serializer whose decodeText() parses with simdjson (DOM API)
 * instead of QJsonDocument. Benchmark only: it is not part of the library.
 *
 * decodeText() produces the same PhoenixMessage as PhoenixV2JsonSerializer::decodeText() (refs as
 * string or null, topic, event, payload as a QJsonObject built from the simdjson DOM, integers that
 * fit in 64 bits as integers and every other number as a double) and fails on the same malformed
 * frames, with simdjson's error text instead of Qt's. encodeText(), encodeBinary() and
 * decodeBinary() delegate to PhoenixV2JsonSerializer.
 *
 * Keeps one simdjson parser (its buffers are reused between frames; no message state is kept), so
 * an instance must be used from one thread at a time, like every serializer of a PhoenixSocket.
 */
class PhoenixSimdJsonSerializer : public PhoenixSerializer
{
public:
    PhoenixSimdJsonSerializer();
    ~PhoenixSimdJsonSerializer() override;
    PhoenixSimdJsonSerializer(const PhoenixSimdJsonSerializer &) = delete;
    PhoenixSimdJsonSerializer &operator=(const PhoenixSimdJsonSerializer &) = delete;

    //! "2.0.0", as PhoenixV2JsonSerializer.
    QString vsn() const override;
    //! Delegates to PhoenixV2JsonSerializer::encodeText().
    QByteArray encodeText(const PhoenixMessage &message) const override;
    //! Delegates to PhoenixV2JsonSerializer::encodeBinary().
    QByteArray encodeBinary(const PhoenixMessage &message, QString *errorString = nullptr) const override;
    //! Parses a V2 text frame [join_ref, ref, topic, event, payload] with simdjson.
    bool decodeText(const QByteArray &frame, PhoenixMessage *message,
                    QString *errorString = nullptr) const override;
    //! Delegates to PhoenixV2JsonSerializer::decodeBinary().
    bool decodeBinary(const QByteArray &frame, PhoenixMessage *message,
                      QString *errorString = nullptr) const override;

private:
    PhoenixV2JsonSerializer m_v2;
    std::unique_ptr<simdjson::dom::parser> m_parser; // reused buffers, mutated by the const decodeText()
};
