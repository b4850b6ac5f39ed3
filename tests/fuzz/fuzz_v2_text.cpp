// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// libFuzzer target: PhoenixV2JsonSerializer::decodeText on arbitrary bytes.
//
// Beyond "no crash, no sanitizer report", every input checks:
//  - a rejected frame leaves the message untouched and says why (non-empty errorString), and is
//    rejected alike without an errorString;
//  - an accepted frame is a text message (binary false, no binaryPayload) and leaves errorString alone;
//  - round trip: encodeText() of the decoded message decodes again to an identical message (null and
//    "" refs kept apart), and encoding that again gives the same bytes (encoding is a fixed point);
//  - the V1 serializer carries the same message minus its join_ref.

#include "fuzzcheck.h"

#include <PhoenixQt/PhoenixSerializer>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    // An owning copy, as a QWebSocket hands out text frames (converted back to UTF-8 by the socket).
    const QByteArray frame(reinterpret_cast<const char *>(data), qsizetype(size));
    const PhoenixV2JsonSerializer serializer;

    PhoenixMessage decoded = PhoenixFuzz::sentinel();
    QString error;
    const bool ok = serializer.decodeText(frame, &decoded, &error);

    if (!ok) {
        PHOENIX_FUZZ_CHECK(!error.isEmpty());
        PHOENIX_FUZZ_CHECK_IDENTICAL(PhoenixFuzz::sentinel(), decoded);
        // errorString is optional: without it the frame is rejected alike.
        PhoenixMessage decodedWithoutError = PhoenixFuzz::sentinel();
        PHOENIX_FUZZ_CHECK(!serializer.decodeText(frame, &decodedWithoutError, nullptr));
        PHOENIX_FUZZ_CHECK_IDENTICAL(PhoenixFuzz::sentinel(), decodedWithoutError);
        return 0;
    }
    // An accepted frame leaves errorString alone (so a null one is never written either).
    PHOENIX_FUZZ_CHECK(error.isEmpty());
    PHOENIX_FUZZ_CHECK(!decoded.binary);
    PHOENIX_FUZZ_CHECK(decoded.binaryPayload.isEmpty());

    const QByteArray encoded = serializer.encodeText(decoded);
    PhoenixMessage again;
    PHOENIX_FUZZ_CHECK(serializer.decodeText(encoded, &again, &error));
    PHOENIX_FUZZ_CHECK_ROUND_TRIP(decoded, again);
    if (PhoenixFuzz::identical(decoded, again))
        PHOENIX_FUZZ_CHECK(serializer.encodeText(again) == encoded);

    const PhoenixV1JsonSerializer v1;
    PhoenixMessage viaV1;
    PHOENIX_FUZZ_CHECK(v1.decodeText(v1.encodeText(decoded), &viaV1, &error));
    PhoenixMessage withoutJoinRef = decoded;
    withoutJoinRef.joinRef = QString();
    PHOENIX_FUZZ_CHECK_ROUND_TRIP(withoutJoinRef, viaV1);
    return 0;
}
