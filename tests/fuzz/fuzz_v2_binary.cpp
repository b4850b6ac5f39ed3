// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// libFuzzer target: PhoenixV2JsonSerializer::decodeBinary on arbitrary bytes.
//
// The frame layout of protocol.md A4 is simple enough to state independently here, so besides "no
// crash, no sanitizer report" every input is checked against it:
//  - accepted exactly when the kind byte is 0, 1 or 2, the header and the fields it announces fit
//    in the frame, every field is valid UTF-8, the topic is non-empty and (except for replies) so is
//    the event;
//  - the result does not depend on whether an errorString is asked for; a rejected frame leaves the
//    message untouched and says why;
//  - an accepted frame: binary set, a field is null exactly when its length byte is 0, the payload
//    is every byte after the fields, kind 0 has no ref, kind 2 no refs at all, kind 1 is a
//    "phx_reply" whose JSON payload is exactly {"status": ...};
//  - round trip: encodeServerBinary() gives back the very same bytes, and they decode to an
//    identical message;
//  - the client encoder (encodeBinary) lays the same message out as the 5-byte-header push, or
//    refuses it with an error exactly when a field is over 255 bytes.

#include "fuzzcheck.h"

#include <PhoenixQt/PhoenixSerializer>

#include <QtCore/QJsonObject>

#include <algorithm>
#include <cstddef>
#include <cstdint>

using namespace Qt::StringLiterals;

namespace {

// The fields a frame of each kind announces, in wire order.
enum class Field { JoinRef, Ref, Topic, Event, Status };

QList<Field> fieldsOf(quint8 kind)
{
    switch (kind) {
    case PhoenixV2JsonSerializer::Push:
        return {Field::JoinRef, Field::Topic, Field::Event};
    case PhoenixV2JsonSerializer::Reply:
        return {Field::JoinRef, Field::Ref, Field::Topic, Field::Status};
    case PhoenixV2JsonSerializer::Broadcast:
        return {Field::Topic, Field::Event};
    default:
        return {};
    }
}

// What the decoded message holds for a field of the frame.
QString decodedField(const PhoenixMessage &message, Field field)
{
    switch (field) {
    case Field::JoinRef:
        return message.joinRef;
    case Field::Ref:
        return message.ref;
    case Field::Topic:
        return message.topic;
    case Field::Event:
        return message.event;
    case Field::Status:
        return message.payload.value(u"status"_s).toString();
    }
    return {};
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    // Not an owning copy: any read past the frame by the decoder is an ASan report.
    const QByteArray frame = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    const PhoenixV2JsonSerializer serializer;

    // The layout, read independently of the decoder.
    const quint8 kind = size > 0 ? data[0] : 0xff;
    const QList<Field> fields = fieldsOf(kind);
    const std::size_t headerSize = 1 + std::size_t(fields.size());
    QList<QByteArray> fieldBytes;
    bool wellFormed = !fields.isEmpty() && size >= headerSize;
    std::size_t offset = headerSize;
    for (qsizetype i = 0; wellFormed && i < fields.size(); ++i) {
        const std::size_t length = data[1 + i];
        if (offset + length > size) {
            wellFormed = false;
            break;
        }
        fieldBytes.append(QByteArray(reinterpret_cast<const char *>(data) + offset, qsizetype(length)));
        offset += length;
    }
    const auto bytesOf = [&](Field field) { return fieldBytes.value(fields.indexOf(field)); };
    const bool allUtf8 = std::all_of(fieldBytes.cbegin(), fieldBytes.cend(),
                                     [](const QByteArray &field) { return field.isValidUtf8(); });
    const bool accepted = wellFormed && allUtf8 && !bytesOf(Field::Topic).isEmpty() &&
                          (kind == PhoenixV2JsonSerializer::Reply || !bytesOf(Field::Event).isEmpty());

    PhoenixMessage decoded = PhoenixFuzz::sentinel();
    QString error;
    const bool ok = serializer.decodeBinary(frame, &decoded, &error);
    PHOENIX_FUZZ_CHECK(ok == accepted);

    PhoenixMessage decodedWithoutError = PhoenixFuzz::sentinel();
    PHOENIX_FUZZ_CHECK(serializer.decodeBinary(frame, &decodedWithoutError, nullptr) == ok);
    PHOENIX_FUZZ_CHECK_IDENTICAL(decoded, decodedWithoutError);

    if (!ok) {
        PHOENIX_FUZZ_CHECK(!error.isEmpty());
        PHOENIX_FUZZ_CHECK_IDENTICAL(PhoenixFuzz::sentinel(), decoded);
        return 0;
    }
    PHOENIX_FUZZ_CHECK(error.isEmpty());
    PHOENIX_FUZZ_CHECK(decoded.binary);
    PHOENIX_FUZZ_CHECK(decoded.binaryPayload == frame.mid(qsizetype(offset)));
    for (qsizetype i = 0; i < fields.size(); ++i) {
        const QString value = decodedField(decoded, fields.at(i));
        PHOENIX_FUZZ_CHECK(value.isEmpty() == fieldBytes.at(i).isEmpty());
        if (fields.at(i) != Field::Status)
            PHOENIX_FUZZ_CHECK(value.isNull() == fieldBytes.at(i).isEmpty());
        PHOENIX_FUZZ_CHECK(value.toUtf8() == fieldBytes.at(i));
    }
    switch (kind) {
    case PhoenixV2JsonSerializer::Push:
        PHOENIX_FUZZ_CHECK(decoded.ref.isNull());
        PHOENIX_FUZZ_CHECK(decoded.payload.isEmpty());
        break;
    case PhoenixV2JsonSerializer::Reply:
        PHOENIX_FUZZ_CHECK(decoded.event == u"phx_reply"_s);
        PHOENIX_FUZZ_CHECK(decoded.payload.size() == 1 && decoded.payload.value(u"status"_s).isString());
        break;
    case PhoenixV2JsonSerializer::Broadcast:
        PHOENIX_FUZZ_CHECK(decoded.joinRef.isNull() && decoded.ref.isNull());
        PHOENIX_FUZZ_CHECK(decoded.payload.isEmpty());
        break;
    }

    // Server encoder round trip: byte for byte (every field is valid UTF-8, so it is kept exactly).
    const auto kindEnum = PhoenixV2JsonSerializer::Kind(kind);
    const QByteArray reencoded = PhoenixV2JsonSerializer::encodeServerBinary(kindEnum, decoded);
    PHOENIX_FUZZ_CHECK(reencoded == frame);
    PhoenixMessage again;
    PHOENIX_FUZZ_CHECK(serializer.decodeBinary(reencoded, &again, &error));
    PHOENIX_FUZZ_CHECK_IDENTICAL(decoded, again);

    // Client encoder: the 5-byte-header push of the same fields (a reply's "phx_reply" event included).
    const QList<QByteArray> clientFields{decoded.joinRef.toUtf8(), decoded.ref.toUtf8(),
                                         decoded.topic.toUtf8(), decoded.event.toUtf8()};
    bool clientFits = true;
    QByteArray expectedPush(1, char(PhoenixV2JsonSerializer::Push));
    for (const QByteArray &field : clientFields) {
        clientFits = clientFits && field.size() <= 255;
        expectedPush.append(char(quint8(field.size())));
    }
    for (const QByteArray &field : clientFields)
        expectedPush.append(field);
    expectedPush.append(decoded.binaryPayload);
    QString encodeError;
    const QByteArray push = serializer.encodeBinary(decoded, &encodeError);
    if (clientFits) {
        PHOENIX_FUZZ_CHECK(encodeError.isEmpty());
        PHOENIX_FUZZ_CHECK(push == expectedPush);
    } else {
        PHOENIX_FUZZ_CHECK(push.isEmpty());
        PHOENIX_FUZZ_CHECK(!encodeError.isEmpty());
    }
    return 0;
}
