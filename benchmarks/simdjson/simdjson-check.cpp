// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors

// simdjson-check: decodes the same text frames with PhoenixV2JsonSerializer (QJsonDocument) and
// PhoenixSimdJsonSerializer and fails (exit code 1) unless both accept or reject every frame alike:
// identical messages for the valid ones (refs compared including null-ness, payloads compared as
// CBOR so that an integer and a double of the same value count as different), identical error
// texts for the malformed ones.

#include "phoenixsimdjsonserializer.h"

#include <QtCore/QCborValue>
#include <QtCore/QCoreApplication>
#include <QtCore/QJsonValue>
#include <QtCore/QList>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

bool sameMessage(const PhoenixMessage &a, const PhoenixMessage &b)
{
    return a == b && a.joinRef.isNull() == b.joinRef.isNull() && a.ref.isNull() == b.ref.isNull() &&
           QCborValue::fromJsonValue(QJsonValue(a.payload)) ==
               QCborValue::fromJsonValue(QJsonValue(b.payload));
}

void print(const char *label, const QByteArray &text)
{
    std::fprintf(stderr, "  %s %s\n", label, text.constData());
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);

    const QList<QByteArray> valid = {
        R"([null,null,"room:lobby","new_msg",{"body":"hi"}])"_ba,
        R"(["1","2","room:1","phx_join",{}])"_ba,
        R"(["","","","",{}])"_ba,
        R"(  [ "7" , null , "t" , "e" , { "a" : 1 } ]  )"_ba,
        R"([null,"5","room:1","phx_reply",{"status":"ok","response":{"user":{"id":1,"roles":["a","b"],"x":null}}}])"_ba,
        // unicode: raw UTF-8 and \u escapes with a surrogate pair, in keys and values
        "[null,null,\"r\xc3\xa9sum\xc3\xa9\",\"\xe4\xb8\xad\xe6\x96\x87\",{\"\xf0\x9f\x98\x80\":\"caf\xc3\xa9 \xf0\x9f\x8e\x89\"}]"_ba,
        R"([null,null,"t","e",{"u":"\u00e9\u4e2d\ud83d\ude00","k\u00e9y":"\u0000x"}])"_ba,
        // escapes
        R"([null,null,"a\"b","c\\d",{"s":"\" \\ \/ \b \f \n \r \t","e":""}])"_ba,
        // numbers: integers that fit in 64 bits stay integers, everything else becomes a double
        R"([null,null,"t","e",{"a":0,"b":-1,"c":1.5,"d":1e3,"e":1E-2,"f":-2.5e-3,"g":9007199254740993}])"_ba,
        R"([null,null,"t","e",{"max":9223372036854775807,"min":-9223372036854775808,"over":9223372036854775808}])"_ba,
        R"([null,null,"t","e",{"z":-0,"zf":-0.0,"e":1E+2,"u64":18446744073709551615}])"_ba,
        R"([null,null,"t","e",{"long":123456789012345678901234567890.5}])"_ba,
        R"([null,null,"t","e",{"f1":1.0,"f2":100.000,"big":1.7976931348623157e308,"tiny":5e-324}])"_ba,
        // nulls, booleans, nesting, empty containers
        R"([null,null,"t","e",{"n":null,"t":true,"f":false,"o":{},"l":[],"deep":{"a":{"b":{"c":[1,[2,[3,{"d":null}]]]}}}}])"_ba,
        // duplicate keys: the last one wins
        R"([null,null,"t","e",{"k":1,"j":2,"k":"last"}])"_ba,
        // key order: QJsonObject sorts its keys
        R"([null,null,"t","e",{"z":1,"a":2,"m":[{"y":1,"b":2}]}])"_ba,
        // accepted by QJsonDocument, rejected by simdjson: PhoenixSimdJsonSerializer falls back to Qt
        R"([null,null,"t","e",{"huge":18446744073709551616}])"_ba,
        R"([null,null,"t","e",{"a":"\x"}])"_ba,
        "[null,null,\"t\",\"e\",{\"a\":\"tab\there\"}]"_ba,
        // a lone surrogate escape: both accept it
        R"([null,null,"t","e",{"a":"\ud800","b":"\udc00x"}])"_ba,
    };
    const QList<QByteArray> malformed = {
        ""_ba,
        "   "_ba,
        "x"_ba,
        "null"_ba,
        R"("str")"_ba,
        "{}"_ba,
        R"({"topic":"t"})"_ba,
        "[]"_ba,
        R"([null,null,"t","e"])"_ba,
        R"([null,null,"t","e",{},{}])"_ba,
        R"([null,null,"t","e",{})"_ba,
        R"([null,null,"t","e",{}] x)"_ba,
        R"([null,null,"t","e",{}][])"_ba,
        R"([null,null,"t","e",{},])"_ba,
        R"([null,null,"t","e",{"a":1,}])"_ba,
        R"([null,null,"t","e",{'a':1}])"_ba,
        R"([1,null,"t","e",{}])"_ba,
        R"([null,2,"t","e",{}])"_ba,
        R"([null,null,3,"e",{}])"_ba,
        R"([null,null,"t",null,{}])"_ba,
        R"([null,null,"t","e",[]])"_ba,
        R"([null,null,"t","e",null])"_ba,
        R"([null,null,"t","e","payload"])"_ba,
        R"([null,null,"t","e",{"a":01}])"_ba,
        R"([null,null,"t","e",{"a":NaN}])"_ba,
        R"([null,null,"t","e",{"a":tru}])"_ba,
        R"([null,null,"t","e",{"a":1e400}])"_ba,
        "[null,null,\"t\",\"e\",{\"a\":\"\xff\"}]"_ba,
        "[null,null,\"t\",\"e\",{\"a\":\"\xc3\"}]"_ba,
    };

    const PhoenixV2JsonSerializer reference;
    const PhoenixSimdJsonSerializer simd;
    int failures = 0;
    int passes = 0;

    for (const QByteArray &frame : valid) {
        PhoenixMessage a;
        PhoenixMessage b;
        QString errorA;
        QString errorB;
        const bool okA = reference.decodeText(frame, &a, &errorA);
        const bool okB = simd.decodeText(frame, &b, &errorB);
        if (!okA || !okB || !sameMessage(a, b)) {
            ++failures;
            std::fprintf(stderr, "FAIL valid frame (qt %d, simdjson %d)\n", int(okA), int(okB));
            print("frame   ", frame);
            print("qt      ", errorA.toUtf8() + ' ' + reference.encodeText(a));
            print("simdjson", errorB.toUtf8() + ' ' + reference.encodeText(b));
        } else {
            ++passes;
        }
    }
    for (const QByteArray &frame : malformed) {
        PhoenixMessage a;
        PhoenixMessage b;
        QString errorA;
        QString errorB;
        const bool okA = reference.decodeText(frame, &a, &errorA);
        const bool okB = simd.decodeText(frame, &b, &errorB);
        if (okA || okB || errorA.isEmpty() || errorA != errorB) {
            ++failures;
            std::fprintf(stderr, "FAIL malformed frame (qt %d, simdjson %d)\n", int(okA), int(okB));
            print("frame   ", frame);
            print("qt      ", errorA.toUtf8());
            print("simdjson", errorB.toUtf8());
        } else {
            ++passes;
            std::printf("rejected %-50s qt: %s | simdjson: %s\n", frame.left(50).constData(),
                        errorA.toUtf8().constData(), errorB.toUtf8().constData());
        }
    }
    std::printf("%d passed, %d failed (%lld valid, %lld malformed frames)\n", passes, failures,
                qlonglong(valid.size()), qlonglong(malformed.size()));
    return failures == 0 ? 0 : 1;
}
