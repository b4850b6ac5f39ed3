// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// libFuzzer target: PhoenixJsonText::parseObject(), the payload parser of every text frame, against
// Qt's own parser on the same bytes.
//
// parseObject() takes the long plain strings of a payload past QJsonDocument (it parses the payload
// with them emptied and inserts them afterwards). That must never show: for every input,
//  - parseObject() accepts exactly when QJsonDocument::fromJson() (as parseDocument() calls it, which
//    only keeps a leading U+FEFF Qt would drop) reads a JSON object;
//  - an accepted payload is the same object, compared as CBOR, so integers and doubles stay apart.
// Long strings are rare in short fuzz inputs, so each '~' of the input stands for 2,100 bytes of text
// (letters, spaces and JSON's punctuation, without quotes and backslashes): the fuzzer then places
// long strings, or long runs outside strings, wherever it likes.

#include "fuzzcheck.h"
#include "phoenixjsontext_p.h"

#include <QtCore/QCborValue>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static const QByteArray filler = [] {
        QByteArray text;
        while (text.size() < 2100)
            text.append("lorem ipsum, dolor: sit {amet} [consectetur] 1.5e3 null ");
        return text.left(2100);
    }();
    QByteArray json(reinterpret_cast<const char *>(data), qsizetype(size));
    json.replace('~', filler);

    QJsonObject parsed;
    const bool ok = PhoenixJsonText::parseObject(json, &parsed);

    QJsonParseError error;
    const QJsonDocument reference = PhoenixJsonText::parseDocument(json, &error);
    const bool referenceOk = error.error == QJsonParseError::NoError && reference.isObject();
    PHOENIX_FUZZ_CHECK(ok == referenceOk);
    if (ok) {
        PHOENIX_FUZZ_CHECK(QCborValue::fromJsonValue(parsed).toCbor() ==
                           QCborValue::fromJsonValue(reference.object()).toCbor());
    }
    return 0;
}
