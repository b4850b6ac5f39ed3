// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// libFuzzer target: PhoenixV1JsonSerializer::decodeText on arbitrary bytes.
//
// Beyond "no crash, no sanitizer report", every input checks:
//  - a rejected frame leaves the message untouched and says why (non-empty errorString), and is
//    rejected alike without an errorString;
//  - an accepted frame is a text message without join_ref (V1 has none) and leaves errorString alone;
//  - round trip: encodeText() of the decoded message decodes again to an identical message (null and
//    "" refs kept apart), and encoding that again gives the same bytes;
//  - the V2 serializer carries the same message unchanged.

#include "fuzzcheck.h"

#include <PhoenixQt/PhoenixSerializer>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray frame(reinterpret_cast<const char *>(data), qsizetype(size));
    const PhoenixV1JsonSerializer serializer;

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
    PHOENIX_FUZZ_CHECK(decoded.joinRef.isNull());

    const QByteArray encoded = serializer.encodeText(decoded);
    PhoenixMessage again;
    PHOENIX_FUZZ_CHECK(serializer.decodeText(encoded, &again, &error));
    PHOENIX_FUZZ_CHECK_ROUND_TRIP(decoded, again);
    if (PhoenixFuzz::identical(decoded, again))
        PHOENIX_FUZZ_CHECK(serializer.encodeText(again) == encoded);

    const PhoenixV2JsonSerializer v2;
    PhoenixMessage viaV2;
    PHOENIX_FUZZ_CHECK(v2.decodeText(v2.encodeText(decoded), &viaV2, &error));
    PHOENIX_FUZZ_CHECK_ROUND_TRIP(decoded, viaV2);
    return 0;
}
