// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// Table-driven tests of the Phoenix serializers: V2 text frames (JSON arrays), the three V2 binary
// frame kinds with the byte layouts of /work/shared/protocol.md A4 (expected bytes are built by hand
// here, never with the encoder under test), client binary push encoding and the V1 object format.

#include <PhoenixQt/PhoenixSerializer>

#include <QtCore/QCborValue>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;

namespace {

// A null QString stands for JSON null in PhoenixMessage.
const QString Null;

// U+FEFF (zero width no-break space, also the byte order mark) and its UTF-8 bytes. It is an ordinary
// character inside a string: a decoder must keep it, also as the first character of a field.
const QString Bom = QString(QChar(0xfeff));
const QByteArray BomUtf8("\xef\xbb\xbf");

QString bom(const QString &rest)
{
    return Bom + rest;
}

PhoenixMessage textMessage(const QString &joinRef, const QString &ref, const QString &topic,
                           const QString &event, const QJsonObject &payload)
{
    PhoenixMessage m;
    m.joinRef = joinRef;
    m.ref = ref;
    m.topic = topic;
    m.event = event;
    m.payload = payload;
    return m;
}

// Builds a V2 binary frame by hand: one kind byte, one uint8 length per field, the fields, the payload.
QByteArray binaryFrame(quint8 kind, const QList<QByteArray> &fields, const QByteArray &payload)
{
    QByteArray frame;
    frame.append(char(kind));
    for (const QByteArray &field : fields)
        frame.append(char(quint8(field.size())));
    for (const QByteArray &field : fields)
        frame.append(field);
    frame.append(payload);
    return frame;
}

// Bytes that are not valid text: NUL, 0xFF, a lone continuation byte.
QByteArray rawBytes()
{
    return QByteArray("\x00\x01\xff\x80\x7f", 5);
}

} // namespace

class tst_PhoenixSerializer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void vsn();

    void encodeText_data();
    void encodeText();
    void encodeTextIsCompactArray();
    void encodeTextWritesWhatQJsonDocumentWrites_data();
    void encodeTextWritesWhatQJsonDocumentWrites();
    void encodeTextWritesPayloadJsonAsItIs();

    void decodeText_data();
    void decodeText();

    void textRoundTrip_data();
    void textRoundTrip();

    void decodeTextErrors_data();
    void decodeTextErrors();
    void decodeTextKeepsLeadingBom_data();
    void decodeTextKeepsLeadingBom();
    void decodeTextSameWithAndWithoutEscapes_data();
    void decodeTextSameWithAndWithoutEscapes();
    void decodeTextOfLongStringsReadsWhatQJsonDocumentReads_data();
    void decodeTextOfLongStringsReadsWhatQJsonDocumentReads();
    void splitTextAgreesWithDecodeText_data();
    void splitTextAgreesWithDecodeText();
    void splitTextDeclinesWhatItCannotRoute_data();
    void splitTextDeclinesWhatItCannotRoute();
    void heartbeatFramesComeFromTheSerializer();

    void decodeBinary_data();
    void decodeBinary();

    void decodeBinaryErrors_data();
    void decodeBinaryErrors();
    void decodeBinaryKeepsLeadingBom_data();
    void decodeBinaryKeepsLeadingBom();

    void encodeBinaryPush_data();
    void encodeBinaryPush();

    void encodeBinaryFieldTooLong_data();
    void encodeBinaryFieldTooLong();

    void encodeServerBinary_data();
    void encodeServerBinary();

    void v1Encode_data();
    void v1Encode();
    void v1Decode_data();
    void v1Decode();
    void v1RoundTrip_data();
    void v1RoundTrip();
    void v1DecodeErrors_data();
    void v1DecodeErrors();
    void v1DecodeKeepsLeadingBom_data();
    void v1DecodeKeepsLeadingBom();
    void v1HasNoBinary();
};

void tst_PhoenixSerializer::vsn()
{
    QCOMPARE(PhoenixV2JsonSerializer().vsn(), u"2.0.0"_s);
    QCOMPARE(PhoenixV1JsonSerializer().vsn(), u"1.0.0"_s);
}

// ---- V2 text --------------------------------------------------------------------------------------

void tst_PhoenixSerializer::encodeText_data()
{
    QTest::addColumn<PhoenixMessage>("message");
    QTest::addColumn<QByteArray>("expectedJson");

    QTest::newRow("join") << textMessage(u"3"_s, u"3"_s, u"room:lobby"_s, u"phx_join"_s,
                                         {{u"password"_s, u"secret"_s}})
                          << QByteArray(R"(["3","3","room:lobby","phx_join",{"password":"secret"}])");
    QTest::newRow("join-no-params") << textMessage(u"1"_s, u"1"_s, u"room:a"_s, u"phx_join"_s, {})
                                    << QByteArray(R"(["1","1","room:a","phx_join",{}])");
    QTest::newRow("push") << textMessage(u"3"_s, u"7"_s, u"room:lobby"_s, u"new_msg"_s,
                                         {{u"body"_s, u"hi"_s}})
                          << QByteArray(R"(["3","7","room:lobby","new_msg",{"body":"hi"}])");
    QTest::newRow("leave") << textMessage(u"3"_s, u"8"_s, u"room:lobby"_s, u"phx_leave"_s, {})
                           << QByteArray(R"(["3","8","room:lobby","phx_leave",{}])");
    QTest::newRow("heartbeat") << textMessage(Null, u"9"_s, u"phoenix"_s, u"heartbeat"_s, {})
                               << QByteArray(R"([null,"9","phoenix","heartbeat",{}])");
    QTest::newRow("reply") << textMessage(u"3"_s, u"7"_s, u"room:lobby"_s, u"phx_reply"_s,
                                          {{u"status"_s, u"ok"_s}, {u"response"_s, QJsonObject{{u"n"_s, 1}}}})
                           << QByteArray(
                                  R"(["3","7","room:lobby","phx_reply",{"response":{"n":1},"status":"ok"}])");
    QTest::newRow("broadcast-nulls") << textMessage(Null, Null, u"room:lobby"_s, u"evt"_s,
                                                    {{u"a"_s, QJsonValue()}})
                                     << QByteArray(R"([null,null,"room:lobby","evt",{"a":null}])");
    QTest::newRow("nested-payload")
        << textMessage(u"12"_s, u"345"_s, u"room:x"_s, u"e"_s,
                       {{u"list"_s, QJsonArray{1, u"two"_s, true, QJsonValue()}},
                        {u"obj"_s, QJsonObject{{u"k"_s, 2.5}}}})
        << QByteArray(R"(["12","345","room:x","e",{"list":[1,"two",true,null],"obj":{"k":2.5}}])");
    QTest::newRow("unicode")
        << textMessage(u"1"_s, u"2"_s, u"room:caf\u00e9"_s, u"\u00fcber"_s,
                       {{u"body"_s, u"\u4f60\u597d \U0001F600"_s}})
        << u"[\"1\",\"2\",\"room:caf\u00e9\",\"\u00fcber\",{\"body\":\"\u4f60\u597d \U0001F600\"}]"_s
               .toUtf8();
    QTest::newRow("escapes") << textMessage(u"1"_s, u"2"_s, u"room:q"_s, u"e"_s,
                                            {{u"s"_s, u"quote\" backslash\\ newline\n tab\t"_s}})
                             << QByteArray(
                                    R"(["1","2","room:q","e",{"s":"quote\" backslash\\ newline\n tab\t"}])");
    // The envelope's own fields that need escaping (written by the general way, not the plain one).
    QTest::newRow("topic-escapes") << textMessage(u"1"_s, u"2"_s, u"room:\"q\"\\"_s, u"e"_s, {})
                                   << QByteArray(R"(["1","2","room:\"q\"\\","e",{}])");
    QTest::newRow("event-control") << textMessage(u"1"_s, u"2"_s, u"room:q"_s, u"a\nb\u0001"_s, {})
                                   << QByteArray(R"(["1","2","room:q","a\nb\u0001",{}])");
    QTest::newRow("ref-escapes") << textMessage(u"\""_s, u"\t"_s, u"room:q"_s, u"e"_s, {})
                                 << QByteArray(R"(["\"","\t","room:q","e",{}])");
    QTest::newRow("delete-character") << textMessage(u"1"_s, u"2"_s, u"room:\u007f"_s, u"e"_s, {})
                                      << QByteArray("[\"1\",\"2\",\"room:\x7f\",\"e\",{}]");
    QTest::newRow("empty-strings") << textMessage(u""_s, u""_s, u""_s, u""_s, {})
                                   << QByteArray(R"(["","","","",{}])");
    QTest::newRow("printable-ascii") << textMessage(u"1"_s, u"2"_s,
                                                    u" !#$%&'()*+,-./09:;<=>?@AZ[]^_`az{|}~"_s, u"e"_s, {})
                                     << QByteArray(
                                            R"(["1","2"," !#$%&'()*+,-./09:;<=>?@AZ[]^_`az{|}~","e",{}])");
}

void tst_PhoenixSerializer::encodeText()
{
    QFETCH(PhoenixMessage, message);
    QFETCH(QByteArray, expectedJson);

    const QByteArray encoded = PhoenixV2JsonSerializer().encodeText(message);
    QJsonParseError error;
    const QJsonDocument actual = QJsonDocument::fromJson(encoded, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    const QJsonDocument expected = QJsonDocument::fromJson(expectedJson, &error);
    QCOMPARE(error.error, QJsonParseError::NoError); // the table itself is valid JSON
    QVERIFY(actual.isArray());
    QCOMPARE(actual.array().size(), 5);
    QCOMPARE(actual, expected);
    // null refs must be JSON null, not "".
    QCOMPARE(actual.array().at(0).isNull(), message.joinRef.isNull());
    QCOMPARE(actual.array().at(1).isNull(), message.ref.isNull());
}

void tst_PhoenixSerializer::encodeTextIsCompactArray()
{
    // Byte-exact for the canonical join of protocol.md A2.
    const QByteArray encoded =
        PhoenixV2JsonSerializer().encodeText(textMessage(u"3"_s, u"3"_s, u"room:lobby"_s, u"phx_join"_s, {}));
    QCOMPARE(encoded, QByteArray(R"(["3","3","room:lobby","phx_join",{}])"));
}

void tst_PhoenixSerializer::encodeTextWritesWhatQJsonDocumentWrites_data()
{
    encodeText_data();
}

void tst_PhoenixSerializer::encodeTextWritesWhatQJsonDocumentWrites()
{
    // The envelope is written by hand; byte for byte it must be what QJsonDocument writes for the array.
    QFETCH(PhoenixMessage, message);
    const auto ref = [](const QString &value) { return value.isNull() ? QJsonValue() : QJsonValue(value); };
    const QJsonArray array{ref(message.joinRef), ref(message.ref), message.topic, message.event,
                           message.payload};
    QCOMPARE(PhoenixV2JsonSerializer().encodeText(message),
             QJsonDocument(array).toJson(QJsonDocument::Compact));
}

void tst_PhoenixSerializer::encodeTextWritesPayloadJsonAsItIs()
{
    // A message may carry its payload as JSON text (the QML module's pushes): V2 writes the text as
    // it is, also when the envelope needs escaping; V1 writes the same object.
    const QByteArray text = R"({"b":"\u00e9","n":[1,2.5]})";
    const QJsonObject object{{u"b"_s, u"\u00e9"_s}, {u"n"_s, QJsonArray{1, 2.5}}};
    PhoenixMessage message = textMessage(u"1"_s, u"2"_s, u"room:lobby"_s, u"shout"_s, {});
    message.payloadJson = text;
    QCOMPARE(PhoenixV2JsonSerializer().encodeText(message),
             QByteArray(R"(["1","2","room:lobby","shout",)" + text + "]"));
    message.topic = u"room:\"q\""_s;
    const QJsonArray escaped = QJsonDocument::fromJson(PhoenixV2JsonSerializer().encodeText(message)).array();
    QCOMPARE(escaped.at(2).toString(), u"room:\"q\""_s);
    QCOMPARE(escaped.at(4).toObject(), object);
    const QJsonObject v1 = QJsonDocument::fromJson(PhoenixV1JsonSerializer().encodeText(message)).object();
    QCOMPARE(v1.value(u"payload"_s).toObject(), object);
}

void tst_PhoenixSerializer::decodeText_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<PhoenixMessage>("expected");

    QTest::newRow("reply")
        << QByteArray(R"(["3","7","room:lobby","phx_reply",{"status":"ok","response":{"n":1}}])")
        << textMessage(u"3"_s, u"7"_s, u"room:lobby"_s, u"phx_reply"_s,
                       {{u"status"_s, u"ok"_s}, {u"response"_s, QJsonObject{{u"n"_s, 1}}}});
    QTest::newRow("heartbeat-reply")
        << QByteArray(R"([null,"9","phoenix","phx_reply",{"status":"ok","response":{}}])")
        << textMessage(Null, u"9"_s, u"phoenix"_s, u"phx_reply"_s,
                       {{u"status"_s, u"ok"_s}, {u"response"_s, QJsonObject()}});
    QTest::newRow("server-push") << QByteArray(R"(["3",null,"room:lobby","evt",{"x":[1,2]}])")
                                 << textMessage(u"3"_s, Null, u"room:lobby"_s, u"evt"_s,
                                                {{u"x"_s, QJsonArray{1, 2}}});
    QTest::newRow("broadcast-nulls") << QByteArray(R"([null,null,"room:lobby","evt",{"a":null,"b":false}])")
                                     << textMessage(Null, Null, u"room:lobby"_s, u"evt"_s,
                                                    {{u"a"_s, QJsonValue()}, {u"b"_s, false}});
    QTest::newRow("phx_close") << QByteArray(R"(["3","3","room:lobby","phx_close",{}])")
                               << textMessage(u"3"_s, u"3"_s, u"room:lobby"_s, u"phx_close"_s, {});
    QTest::newRow("phx_error") << QByteArray(
                                      R"(["3","3","room:lobby","phx_error",{"reason":"channel_crash"}])")
                               << textMessage(u"3"_s, u"3"_s, u"room:lobby"_s, u"phx_error"_s,
                                              {{u"reason"_s, u"channel_crash"_s}});
    QTest::newRow("whitespace") << QByteArray(" [ \"1\" ,\n null , \"room:a\" ,\t\"e\" , { } ] \n")
                                << textMessage(u"1"_s, Null, u"room:a"_s, u"e"_s, {});
    QTest::newRow("unicode-raw")
        << u"[\"1\",\"2\",\"room:caf\u00e9\",\"\u00fcber\",{\"b\":\"\U0001F600\"}]"_s.toUtf8()
        << textMessage(u"1"_s, u"2"_s, u"room:caf\u00e9"_s, u"\u00fcber"_s, {{u"b"_s, u"\U0001F600"_s}});
    QTest::newRow("unicode-escaped") << QByteArray(
                                            R"(["1","2","room:caf\u00e9","e",{"b":"\ud83d\ude00 \u4f60"}])")
                                     << textMessage(u"1"_s, u"2"_s, u"room:caf\u00e9"_s, u"e"_s,
                                                    {{u"b"_s, u"\U0001F600 \u4f60"_s}});
    QTest::newRow("empty-strings") << QByteArray(R"(["","","","",{}])")
                                   << textMessage(u""_s, u""_s, u""_s, u""_s, {});
}

void tst_PhoenixSerializer::decodeText()
{
    QFETCH(QByteArray, frame);
    QFETCH(PhoenixMessage, expected);

    PhoenixMessage decoded;
    QString error;
    QVERIFY2(PhoenixV2JsonSerializer().decodeText(frame, &decoded, &error), qPrintable(error));
    QCOMPARE(decoded.joinRef, expected.joinRef);
    QCOMPARE(decoded.joinRef.isNull(), expected.joinRef.isNull());
    QCOMPARE(decoded.ref, expected.ref);
    QCOMPARE(decoded.ref.isNull(), expected.ref.isNull());
    QCOMPARE(decoded.topic, expected.topic);
    QCOMPARE(decoded.event, expected.event);
    QCOMPARE(decoded.payload, expected.payload);
    QVERIFY(!decoded.binary);
    QVERIFY(decoded.binaryPayload.isEmpty());
    QVERIFY(decoded == expected);
}

void tst_PhoenixSerializer::textRoundTrip_data()
{
    QTest::addColumn<PhoenixMessage>("message");
    QTest::newRow("join") << textMessage(u"1"_s, u"1"_s, u"room:lobby"_s, u"phx_join"_s, {{u"p"_s, 1}});
    QTest::newRow("heartbeat") << textMessage(Null, u"2"_s, u"phoenix"_s, u"heartbeat"_s, {});
    QTest::newRow("broadcast") << textMessage(Null, Null, u"room:z"_s, u"evt"_s, {{u"n"_s, QJsonValue()}});
    QTest::newRow("unicode") << textMessage(u"\u00e9"_s, u"\u4f60"_s, u"room:\U0001F600"_s, u"\u00fc"_s,
                                            {{u"\u00e9"_s, u"\u00e9"_s}});
}

void tst_PhoenixSerializer::textRoundTrip()
{
    QFETCH(PhoenixMessage, message);
    const PhoenixV2JsonSerializer serializer;
    PhoenixMessage decoded;
    QVERIFY(serializer.decodeText(serializer.encodeText(message), &decoded));
    QVERIFY(decoded == message);
    QCOMPARE(decoded.joinRef.isNull(), message.joinRef.isNull());
    QCOMPARE(decoded.ref.isNull(), message.ref.isNull());
}

void tst_PhoenixSerializer::decodeTextErrors_data()
{
    QTest::addColumn<QByteArray>("frame");

    QTest::newRow("empty") << QByteArray();
    QTest::newRow("not-json") << QByteArray("hello");
    QTest::newRow("truncated-json") << QByteArray(R"(["1","2","room:a","e",{)");
    QTest::newRow("trailing-garbage") << QByteArray(R"(["1","2","room:a","e",{}]x)");
    QTest::newRow("invalid-utf8") << QByteArray("[\"1\",\"2\",\"room:\xff\xfe\",\"e\",{}]");
    QTest::newRow("object-not-array")
        << QByteArray(R"({"topic":"room:a","event":"e","payload":{},"ref":"1"})");
    QTest::newRow("string") << QByteArray(R"("room:a")");
    QTest::newRow("number") << QByteArray("42");
    QTest::newRow("null") << QByteArray("null");
    QTest::newRow("empty-array") << QByteArray("[]");
    QTest::newRow("arity-4") << QByteArray(R"(["1","2","room:a","e"])");
    QTest::newRow("arity-6") << QByteArray(R"(["1","2","room:a","e",{},{}])");
    QTest::newRow("join_ref-number") << QByteArray(R"([1,"2","room:a","e",{}])");
    QTest::newRow("join_ref-bool") << QByteArray(R"([true,"2","room:a","e",{}])");
    QTest::newRow("join_ref-object") << QByteArray(R"([{},"2","room:a","e",{}])");
    QTest::newRow("ref-number") << QByteArray(R"(["1",2,"room:a","e",{}])");
    QTest::newRow("ref-array") << QByteArray(R"(["1",[],"room:a","e",{}])");
    QTest::newRow("topic-null") << QByteArray(R"(["1","2",null,"e",{}])");
    QTest::newRow("topic-number") << QByteArray(R"(["1","2",7,"e",{}])");
    QTest::newRow("event-null") << QByteArray(R"(["1","2","room:a",null,{}])");
    QTest::newRow("event-object") << QByteArray(R"(["1","2","room:a",{},{}])");
    QTest::newRow("payload-null") << QByteArray(R"(["1","2","room:a","e",null])");
    QTest::newRow("payload-array") << QByteArray(R"(["1","2","room:a","e",[1]])");
    QTest::newRow("payload-string") << QByteArray(R"(["1","2","room:a","e","x"])");
    QTest::newRow("payload-number") << QByteArray(R"(["1","2","room:a","e",1])");
}

void tst_PhoenixSerializer::decodeTextErrors()
{
    QFETCH(QByteArray, frame);
    PhoenixMessage decoded;
    decoded.topic = u"untouched"_s;
    QString error;
    QVERIFY(!PhoenixV2JsonSerializer().decodeText(frame, &decoded, &error));
    QVERIFY2(!error.isEmpty(), "a failed decode must describe the problem");
    // A failed decode must not hand out half-decoded fields.
    QCOMPARE(decoded.topic, u"untouched"_s);
    // errorString is optional.
    QVERIFY(!PhoenixV2JsonSerializer().decodeText(frame, &decoded, nullptr));
}

// Found by tests/fuzz (fuzz_v2_text, round trip): a string that starts with U+FEFF, sent as raw UTF-8
// (what encodeText() and Phoenix's Jason write), lost that character. A ref or topic changed that way
// no longer matches; a payload string or key arrives altered.
void tst_PhoenixSerializer::decodeTextKeepsLeadingBom_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<PhoenixMessage>("expected");

    QTest::newRow("join_ref") << QByteArray("[\"" + BomUtf8 + "3\",\"7\",\"room:a\",\"e\",{}]")
                              << textMessage(bom(u"3"_s), u"7"_s, u"room:a"_s, u"e"_s, {});
    QTest::newRow("ref") << QByteArray("[\"3\",\"" + BomUtf8 + "7\",\"room:a\",\"phx_reply\",{}]")
                         << textMessage(u"3"_s, bom(u"7"_s), u"room:a"_s, u"phx_reply"_s, {});
    QTest::newRow("topic") << QByteArray("[null,null,\"" + BomUtf8 + "room:a\",\"e\",{}]")
                           << textMessage(Null, Null, bom(u"room:a"_s), u"e"_s, {});
    QTest::newRow("event") << QByteArray("[null,null,\"room:a\",\"" + BomUtf8 + "\",{}]")
                           << textMessage(Null, Null, u"room:a"_s, Bom, {});
    QTest::newRow("payload-value") << QByteArray("[null,null,\"room:a\",\"e\",{\"body\":\"" + BomUtf8 +
                                                 "hi\"}]")
                                   << textMessage(Null, Null, u"room:a"_s, u"e"_s,
                                                  {{u"body"_s, bom(u"hi"_s)}});
    QTest::newRow("payload-key") << QByteArray("[null,null,\"room:a\",\"e\",{\"" + BomUtf8 + "k\":1}]")
                                 << textMessage(Null, Null, u"room:a"_s, u"e"_s, {{bom(u"k"_s), 1}});
    QTest::newRow("round-trip") << PhoenixV2JsonSerializer().encodeText(
                                       textMessage(u"1"_s, u"2"_s, bom(u"room:a"_s), u"e"_s, {{u"b"_s, Bom}}))
                                << textMessage(u"1"_s, u"2"_s, bom(u"room:a"_s), u"e"_s, {{u"b"_s, Bom}});
}

void tst_PhoenixSerializer::decodeTextKeepsLeadingBom()
{
    QFETCH(QByteArray, frame);
    QFETCH(PhoenixMessage, expected);

    PhoenixMessage decoded;
    QString error;
    QVERIFY2(PhoenixV2JsonSerializer().decodeText(frame, &decoded, &error), qPrintable(error));
    // QJsonDocument::fromJson (Qt 6.4) alone drops a U+FEFF that starts a string or key (found by
    // fuzz_v2_text); the decoder keeps it.
    QVERIFY(decoded == expected);
}

// The usual frame (plain ASCII refs, topic and event) is split without the JSON parser for its envelope;
// the same message with an escape in its event goes through the general parser. Both must give the same
// message, null refs included.
void tst_PhoenixSerializer::decodeTextSameWithAndWithoutEscapes_data()
{
    QTest::addColumn<QByteArray>("plain");
    QTest::addColumn<QByteArray>("escaped");

    QTest::newRow("broadcast") << QByteArray(R"([null,null,"room:lobby","evt",{"a":null,"b":[1,{"c":"d"}]}])")
                               << QByteArray(
                                      R"([null,null,"room:lobby","\u0065vt",{"a":null,"b":[1,{"c":"d"}]}])");
    QTest::newRow("reply") << QByteArray(R"(["3","7","room:lobby","evt",{"status":"ok","response":{}}])")
                           << QByteArray(
                                  R"(["3","7","room:lobby","\u0065vt",{"status":"ok","response":{}}])");
    QTest::newRow("empty-strings") << QByteArray(R"(["","","","evt",{}])")
                                   << QByteArray(R"(["","","","\u0065vt",{}])");
    QTest::newRow("whitespace")
        << QByteArray(" [ \"1\" ,\n null , \"room:a\" ,\t\"evt\" , { \"k\" : 1 } ] \n")
        << QByteArray(" [ \"1\" ,\n null , \"room:a\" ,\t\"\\u0065vt\" , { \"k\" : 1 } ] \n");
    QTest::newRow("bom-in-payload") << QByteArray("[null,\"2\",\"t\",\"evt\",{\"" + BomUtf8 + "k\":\"" +
                                                  BomUtf8 + "v\"}]")
                                    << QByteArray("[null,\"2\",\"t\",\"\\u0065vt\",{\"" + BomUtf8 + "k\":\"" +
                                                  BomUtf8 + "v\"}]");
}

void tst_PhoenixSerializer::decodeTextSameWithAndWithoutEscapes()
{
    QFETCH(QByteArray, plain);
    QFETCH(QByteArray, escaped);

    const PhoenixV2JsonSerializer serializer;
    PhoenixMessage fast;
    PhoenixMessage general;
    QString error;
    QVERIFY2(serializer.decodeText(plain, &fast, &error), qPrintable(error));
    QVERIFY2(serializer.decodeText(escaped, &general, &error), qPrintable(error));
    QCOMPARE(fast.event, u"evt"_s);
    QCOMPARE(fast.joinRef, general.joinRef);
    QCOMPARE(fast.joinRef.isNull(), general.joinRef.isNull());
    QCOMPARE(fast.ref, general.ref);
    QCOMPARE(fast.ref.isNull(), general.ref.isNull());
    QCOMPARE(fast.topic, general.topic);
    QCOMPARE(fast.event, general.event);
    QCOMPARE(fast.payload, general.payload);
    QVERIFY(fast == general);
}

// A payload with a long string in it (a chat message's body) is parsed with that string taken past Qt's
// JSON parser, which reads strings a code point at a time. Whatever the shape, the result must be what
// QJsonDocument::fromJson() reads from the same bytes, an error included. "~" in a row stands for 2,100
// printable characters, "#" for 5,000 (both above the length the decoder takes aside, 2,048).
void tst_PhoenixSerializer::decodeTextOfLongStringsReadsWhatQJsonDocumentReads_data()
{
    QTest::addColumn<QByteArray>("payload");

    QTest::newRow("one-long-string") << QByteArray(R"({"id":1234567,"user":"ada","body":"~"})");
    QTest::newRow("two-long-strings") << QByteArray(R"({"a":"~","b":"#","n":1.5})");
    QTest::newRow("only-member") << QByteArray(R"({"body":"#"})");
    QTest::newRow("whitespace") << QByteArray(" {\n \"body\" :\t\"~\" ,\r\n \"n\" : 2 } ");
    QTest::newRow("quotes-and-brackets-around")
        << QByteArray(R"({"s":"}]{[,:\"","o":{"x":["{",{"y":"]"}]},"body":"~","t":"\\"})");
    QTest::newRow("escape-at-the-end") << QByteArray(R"({"body":"~\n"})");
    QTest::newRow("escape-at-the-start") << QByteArray(R"({"body":"\u0041~"})");
    QTest::newRow("escaped-quote-in-the-middle") << QByteArray(R"({"body":"~\"~"})");
    QTest::newRow("non-ascii") << QByteArray("{\"body\":\"~\xc3\xa9~\"}");
    QTest::newRow("bom-first") << QByteArray("{\"body\":\"" + BomUtf8 + "~\"}");
    QTest::newRow("control-characters") << QByteArray("{\"body\":\"\t~\x01\x7f\"}");
    QTest::newRow("nested-long-string") << QByteArray(R"({"o":{"body":"~"},"a":["#"]})");
    QTest::newRow("long-key") << QByteArray(R"({"~":"#"})");
    QTest::newRow("empty-key") << QByteArray(R"({"":"~"})");
    QTest::newRow("non-ascii-key") << QByteArray("{\"b\xc3\xb6"
                                                 "dy\":\"~\"}");
    QTest::newRow("duplicate-long-then-number") << QByteArray(R"({"body":"~","body":7})");
    QTest::newRow("duplicate-number-then-long") << QByteArray(R"({"body":7,"body":"~"})");
    QTest::newRow("duplicate-long-then-long") << QByteArray(R"({"body":"~","body":"#"})");
    QTest::newRow("duplicate-escaped-key") << QByteArray(R"({"body":"~","b\u006fdy":"x"})");
    QTest::newRow("escaped-key-first") << QByteArray(R"({"b\u006fdy":"x","body":"~"})");
    QTest::newRow("numbers-kept-apart")
        << QByteArray(R"({"i":1,"d":1.0,"z":-0,"big":9223372036854775808,"body":"~"})");
    // Malformed: each is refused, as QJsonDocument refuses it.
    QTest::newRow("unterminated-long-string") << QByteArray(R"({"body":"~})");
    QTest::newRow("missing-colon") << QByteArray(R"({"body" "~"})");
    QTest::newRow("missing-comma") << QByteArray(R"({"body":"~" "n":1})");
    QTest::newRow("trailing-comma") << QByteArray(R"({"body":"~",})");
    QTest::newRow("bad-value-after") << QByteArray(R"({"body":"~","n":nul})");
    QTest::newRow("bad-value-before") << QByteArray(R"({"n":tru,"body":"~"})");
    QTest::newRow("unbalanced-nested") << QByteArray(R"({"o":[1},"body":"~"})");
    QTest::newRow("invalid-utf8-elsewhere") << QByteArray("{\"k\":\"\xff\",\"body\":\"~\"}");
    QTest::newRow("number-then-garbage") << QByteArray(R"({"n":01,"body":"~"})");
}

void tst_PhoenixSerializer::decodeTextOfLongStringsReadsWhatQJsonDocumentReads()
{
    QFETCH(QByteArray, payload);
    QByteArray words;
    while (words.size() < 5000)
        words.append("lorem ipsum dolor sit amet, consectetur {adipiscing} [elit]: ");
    payload.replace('~', words.left(2100)).replace('#', words.left(5000));

    QJsonParseError parseError;
    const QJsonDocument reference = QJsonDocument::fromJson(payload, &parseError);
    const bool valid = parseError.error == QJsonParseError::NoError && reference.isObject();
    QJsonObject expected = reference.object();
    if (payload.contains(BomUtf8)) // Qt 6.4's own parser drops it (see decodeTextKeepsLeadingBom)
        expected = QJsonObject{{u"body"_s, bom(QString::fromLatin1(words.left(2100)))}};

    PhoenixMessage decoded;
    QString error;
    const bool ok =
        PhoenixV2JsonSerializer().decodeText("[null,null,\"t\",\"e\"," + payload + "]", &decoded, &error);
    QCOMPARE(ok, valid);
    if (!valid)
        return;
    QVERIFY2(ok, qPrintable(error));
    QCOMPARE(decoded.payload, expected);
    // Integers and doubles kept apart too (QJsonValue's == does not tell 1 from 1.0).
    QCOMPARE(QCborValue::fromJsonValue(decoded.payload).toCbor(),
             QCborValue::fromJsonValue(expected).toCbor());
}

// ---- V2 binary ------------------------------------------------------------------------------------

void tst_PhoenixSerializer::decodeBinary_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<QString>("joinRef"); // null = none
    QTest::addColumn<QString>("ref");
    QTest::addColumn<QString>("topic");
    QTest::addColumn<QString>("event");
    QTest::addColumn<QString>("status"); // replies only
    QTest::addColumn<QByteArray>("payload");

    // Kind 0, server -> client push: kind, join_ref_len, topic_len, event_len (no ref).
    {
        QByteArray f;
        f.append('\x00').append('\x02').append('\x0a').append('\x03');
        f.append("12").append("room:lobby").append("evt").append(rawBytes());
        QTest::newRow("push") << f << u"12"_s << Null << u"room:lobby"_s << u"evt"_s << Null << rawBytes();
    }
    QTest::newRow("push-empty-payload") << binaryFrame(0, {"1", "room:a", "e"}, {}) << u"1"_s << Null
                                        << u"room:a"_s << u"e"_s << Null << QByteArray();
    QTest::newRow("push-no-join_ref") << binaryFrame(0, {"", "room:a", "e"}, "xyz") << Null << Null
                                      << u"room:a"_s << u"e"_s << Null << QByteArray("xyz");
    // Kind 1, reply: kind, join_ref_len, ref_len, topic_len, status_len.
    {
        QByteArray f;
        f.append('\x01').append('\x01').append('\x02').append('\x06').append('\x02');
        f.append("3").append("10").append("room:b").append("ok").append("\x01\x02\x03", 3);
        QTest::newRow("reply") << f << u"3"_s << u"10"_s << u"room:b"_s << u"phx_reply"_s << u"ok"_s
                               << QByteArray("\x01\x02\x03", 3);
    }
    QTest::newRow("reply-error-status")
        << binaryFrame(1, {"7", "8", "room:c", "error"}, rawBytes()) << u"7"_s << u"8"_s << u"room:c"_s
        << u"phx_reply"_s << u"error"_s << rawBytes();
    // Kind 2, broadcast: kind, topic_len, event_len.
    {
        QByteArray f;
        f.append('\x02').append('\x06').append('\x05');
        f.append("room:d").append("shout").append(rawBytes());
        QTest::newRow("broadcast") << f << Null << Null << u"room:d"_s << u"shout"_s << Null << rawBytes();
    }
    // Lengths count bytes, not characters.
    {
        const QByteArray topic = u"room:caf\u00e9"_s.toUtf8(); // 10 bytes, 9 characters
        QCOMPARE(topic.size(), 10);
        QByteArray f;
        f.append('\x02')
            .append(char(topic.size()))
            .append('\x02')
            .append(topic)
            .append("\xc3\xbc")
            .append("p");
        QTest::newRow("broadcast-utf8")
            << f << Null << Null << u"room:caf\u00e9"_s << u"\u00fc"_s << Null << QByteArray("p");
    }
    // 255-byte fields are the maximum a uint8 length allows.
    {
        const QByteArray topic = "room:" + QByteArray(250, 't');
        const QByteArray event(255, 'e');
        QTest::newRow("broadcast-255")
            << binaryFrame(2, {topic, event}, "!") << Null << Null << QString::fromLatin1(topic)
            << QString::fromLatin1(event) << Null << QByteArray("!");
    }
    {
        QByteArray big(70000, '\0');
        for (int i = 0; i < big.size(); ++i)
            big[i] = char(i % 251);
        QTest::newRow("push-large-payload") << binaryFrame(0, {"5", "room:big", "blob"}, big) << u"5"_s
                                            << Null << u"room:big"_s << u"blob"_s << Null << big;
    }
    // The payload of a binary frame is raw bytes: anything goes there.
    QTest::newRow("broadcast-binary-payload") << binaryFrame(2, {"room:a", "e"}, "\xff\xc3") << Null << Null
                                              << u"room:a"_s << u"e"_s << Null << QByteArray("\xff\xc3");
}

void tst_PhoenixSerializer::decodeBinary()
{
    QFETCH(QByteArray, frame);
    QFETCH(QString, joinRef);
    QFETCH(QString, ref);
    QFETCH(QString, topic);
    QFETCH(QString, event);
    QFETCH(QString, status);
    QFETCH(QByteArray, payload);

    PhoenixMessage decoded;
    QString error;
    QVERIFY2(PhoenixV2JsonSerializer().decodeBinary(frame, &decoded, &error), qPrintable(error));
    QVERIFY(decoded.binary);
    QCOMPARE(decoded.joinRef, joinRef);
    QCOMPARE(decoded.joinRef.isNull(), joinRef.isNull());
    QCOMPARE(decoded.ref, ref);
    QCOMPARE(decoded.ref.isNull(), ref.isNull());
    QCOMPARE(decoded.topic, topic);
    QCOMPARE(decoded.event, event);
    QCOMPARE(decoded.binaryPayload, payload);
    if (status.isNull())
        QVERIFY(decoded.payload.isEmpty());
    else
        QCOMPARE(decoded.payload, QJsonObject({{u"status"_s, status}}));
}

void tst_PhoenixSerializer::decodeBinaryErrors_data()
{
    QTest::addColumn<QByteArray>("frame");

    QTest::newRow("empty") << QByteArray();
    QTest::newRow("unknown-kind-3") << binaryFrame(3, {"room:a", "e"}, "x");
    QTest::newRow("unknown-kind-255") << binaryFrame(255, {"room:a", "e"}, "x");
    QTest::newRow("kind-only-push") << QByteArray(1, '\x00');
    QTest::newRow("kind-only-reply") << QByteArray(1, '\x01');
    QTest::newRow("kind-only-broadcast") << QByteArray(1, '\x02');
    QTest::newRow("push-short-header") << QByteArray("\x00\x01\x02", 3);
    QTest::newRow("reply-short-header") << QByteArray("\x01\x01\x01\x01", 4);
    QTest::newRow("broadcast-short-header") << QByteArray("\x02\x06", 2);
    {
        QByteArray f = binaryFrame(0, {"12", "room:lobby", "evt"}, {});
        f.chop(1); // the event is one byte short
        QTest::newRow("push-truncated-fields") << f;
    }
    {
        QByteArray f = binaryFrame(1, {"1", "2", "room:a", "ok"}, {});
        f.chop(3);
        QTest::newRow("reply-truncated-fields") << f;
    }
    QTest::newRow("broadcast-lengths-exceed") << QByteArray("\x02\xff\xff"
                                                            "room:a"
                                                            "e",
                                                            10);
    QTest::newRow("broadcast-empty-topic") << binaryFrame(2, {"", "e"}, "x");
    QTest::newRow("broadcast-empty-event") << binaryFrame(2, {"room:a", ""}, "x");
    QTest::newRow("push-empty-topic") << binaryFrame(0, {"1", "", "e"}, "x");
    QTest::newRow("reply-empty-topic") << binaryFrame(1, {"1", "2", "", "ok"}, "x");
    // Fields are UTF-8 text, like the JSON decoder's strings: invalid bytes make the frame malformed
    // (each field on its own: a sequence cut at the end of one field is not completed by the next).
    QTest::newRow("broadcast-invalid-utf8-topic") << binaryFrame(2, {"room:\xff", "e"}, "x");
    QTest::newRow("broadcast-truncated-utf8-event") << binaryFrame(2, {"room:a", "\xc3"}, "\xa9");
    QTest::newRow("push-invalid-utf8-join_ref") << binaryFrame(0, {"\xfe", "room:a", "e"}, "x");
    QTest::newRow("reply-invalid-utf8-status") << binaryFrame(1, {"1", "2", "room:a", "o\x80k"}, "x");
}

void tst_PhoenixSerializer::decodeBinaryErrors()
{
    QFETCH(QByteArray, frame);
    PhoenixMessage decoded;
    decoded.topic = u"untouched"_s;
    QString error;
    QVERIFY(!PhoenixV2JsonSerializer().decodeBinary(frame, &decoded, &error));
    QVERIFY2(!error.isEmpty(), "a failed decode must describe the problem");
    QCOMPARE(decoded.topic, u"untouched"_s);
    QVERIFY(!PhoenixV2JsonSerializer().decodeBinary(frame, &decoded, nullptr));
}

// Found by tests/fuzz (fuzz_v2_binary): a field whose bytes start with EF BB BF lost that character
// (QString::fromUtf8 takes it for a byte order mark). A reply to ref "<U+FEFF>7" was taken for a reply
// to push 7, and a topic of just U+FEFF was refused as empty.
void tst_PhoenixSerializer::decodeBinaryKeepsLeadingBom_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<QString>("joinRef");
    QTest::addColumn<QString>("ref");
    QTest::addColumn<QString>("topic");
    QTest::addColumn<QString>("event");
    QTest::addColumn<QString>("status");

    QTest::newRow("push-join_ref") << binaryFrame(0, {BomUtf8 + "1", "room:a", "e"}, "p") << bom(u"1"_s)
                                   << Null << u"room:a"_s << u"e"_s << Null;
    QTest::newRow("push-event") << binaryFrame(0, {"1", "room:a", BomUtf8 + "e"}, "p") << u"1"_s << Null
                                << u"room:a"_s << bom(u"e"_s) << Null;
    QTest::newRow("reply-ref") << binaryFrame(1, {"3", BomUtf8 + "7", "room:a", "ok"}, "p") << u"3"_s
                               << bom(u"7"_s) << u"room:a"_s << u"phx_reply"_s << u"ok"_s;
    QTest::newRow("reply-status") << binaryFrame(1, {"3", "7", "room:a", BomUtf8 + "ok"}, "p") << u"3"_s
                                  << u"7"_s << u"room:a"_s << u"phx_reply"_s << bom(u"ok"_s);
    QTest::newRow("broadcast-topic") << binaryFrame(2, {BomUtf8 + "room:a", "e"}, "p") << Null << Null
                                     << bom(u"room:a"_s) << u"e"_s << Null;
    QTest::newRow("broadcast-topic-only-bom")
        << binaryFrame(2, {BomUtf8, "e"}, "p") << Null << Null << Bom << u"e"_s << Null;
    QTest::newRow("broadcast-event-two-boms") << binaryFrame(2, {"room:a", BomUtf8 + BomUtf8}, "p") << Null
                                              << Null << u"room:a"_s << bom(Bom) << Null;
}

void tst_PhoenixSerializer::decodeBinaryKeepsLeadingBom()
{
    QFETCH(QByteArray, frame);
    QFETCH(QString, joinRef);
    QFETCH(QString, ref);
    QFETCH(QString, topic);
    QFETCH(QString, event);
    QFETCH(QString, status);

    PhoenixMessage decoded;
    QString error;
    QVERIFY2(PhoenixV2JsonSerializer().decodeBinary(frame, &decoded, &error), qPrintable(error));
    QCOMPARE(decoded.joinRef, joinRef);
    QCOMPARE(decoded.ref, ref);
    QCOMPARE(decoded.topic, topic);
    QCOMPARE(decoded.event, event);
    if (!status.isNull())
        QCOMPARE(decoded.payload.value(u"status"_s).toString(), status);
    QCOMPARE(decoded.binaryPayload, QByteArray("p"));
    // And the server encoder gives back the very same bytes.
    QCOMPARE(PhoenixV2JsonSerializer::encodeServerBinary(PhoenixV2JsonSerializer::Kind(quint8(frame.at(0))),
                                                         decoded)
                 .toHex(' '),
             frame.toHex(' '));
}

void tst_PhoenixSerializer::encodeBinaryPush_data()
{
    QTest::addColumn<PhoenixMessage>("message");
    QTest::addColumn<QByteArray>("expected");

    const auto binaryMessage = [](const QString &joinRef, const QString &ref, const QString &topic,
                                  const QString &event, const QByteArray &payload) {
        PhoenixMessage m;
        m.joinRef = joinRef;
        m.ref = ref;
        m.topic = topic;
        m.event = event;
        m.binaryPayload = payload;
        m.binary = true;
        return m;
    };

    // Client -> server push: kind 0, join_ref_len, ref_len, topic_len, event_len (5-byte header).
    {
        QByteArray e;
        e.append('\x00').append('\x01').append('\x02').append('\x0a').append('\x07');
        e.append("3").append("17").append("room:lobby").append("new_msg").append(rawBytes());
        QTest::newRow("push") << binaryMessage(u"3"_s, u"17"_s, u"room:lobby"_s, u"new_msg"_s, rawBytes())
                              << e;
    }
    QTest::newRow("empty-payload") << binaryMessage(u"1"_s, u"2"_s, u"room:a"_s, u"e"_s, {})
                                   << QByteArray("\x00\x01\x01\x06\x01"
                                                 "1"
                                                 "2"
                                                 "room:a"
                                                 "e",
                                                 14);
    QTest::newRow("null-join_ref") << binaryMessage(Null, u"2"_s, u"room:a"_s, u"e"_s, "P")
                                   << QByteArray("\x00\x00\x01\x06\x01"
                                                 "2"
                                                 "room:a"
                                                 "e"
                                                 "P",
                                                 14);
    {
        const QByteArray topic = u"room:\u00e9t\u00e9"_s.toUtf8(); // 10 bytes
        QByteArray e("\x00\x01\x01", 3);
        e.append(char(topic.size())).append('\x02').append("1").append("2").append(topic).append("\xc3\xbc");
        QTest::newRow("utf8-lengths-in-bytes")
            << binaryMessage(u"1"_s, u"2"_s, QString::fromUtf8(topic), u"\u00fc"_s, {}) << e;
    }
    {
        const QByteArray topic(255, 'T');
        QByteArray e("\x00\x01\x01\xff\x01", 5);
        e.append("1").append("2").append(topic).append("e").append("zz");
        QTest::newRow("255-byte-topic")
            << binaryMessage(u"1"_s, u"2"_s, QString::fromLatin1(topic), u"e"_s, "zz") << e;
    }
}

void tst_PhoenixSerializer::encodeBinaryPush()
{
    QFETCH(PhoenixMessage, message);
    QFETCH(QByteArray, expected);
    QString error;
    const QByteArray encoded = PhoenixV2JsonSerializer().encodeBinary(message, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(encoded.toHex(' '), expected.toHex(' '));
}

void tst_PhoenixSerializer::encodeBinaryFieldTooLong_data()
{
    QTest::addColumn<QString>("joinRef");
    QTest::addColumn<QString>("ref");
    QTest::addColumn<QString>("topic");
    QTest::addColumn<QString>("event");

    const QString long256 = QString(256, u'x');
    QTest::newRow("join_ref") << long256 << u"1"_s << u"room:a"_s << u"e"_s;
    QTest::newRow("ref") << u"1"_s << long256 << u"room:a"_s << u"e"_s;
    QTest::newRow("topic") << u"1"_s << u"1"_s << long256 << u"e"_s;
    QTest::newRow("event") << u"1"_s << u"1"_s << u"room:a"_s << long256;
    // 128 characters but 256 UTF-8 bytes.
    QTest::newRow("topic-utf8-bytes") << u"1"_s << u"1"_s << QString(128, u'\u00e9') << u"e"_s;
}

void tst_PhoenixSerializer::encodeBinaryFieldTooLong()
{
    QFETCH(QString, joinRef);
    QFETCH(QString, ref);
    QFETCH(QString, topic);
    QFETCH(QString, event);
    PhoenixMessage m;
    m.joinRef = joinRef;
    m.ref = ref;
    m.topic = topic;
    m.event = event;
    m.binaryPayload = "payload";
    m.binary = true;
    QString error;
    QVERIFY(PhoenixV2JsonSerializer().encodeBinary(m, &error).isEmpty());
    QVERIFY(!error.isEmpty());
    QVERIFY(PhoenixV2JsonSerializer().encodeBinary(m, nullptr).isEmpty());
}

void tst_PhoenixSerializer::encodeServerBinary_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<PhoenixMessage>("message");
    QTest::addColumn<QByteArray>("expected");

    PhoenixMessage push;
    push.joinRef = u"4"_s;
    push.ref = u"99"_s; // not on the wire: the server push header has no ref
    push.topic = u"room:a"_s;
    push.event = u"evt"_s;
    push.binaryPayload = rawBytes();
    push.binary = true;
    QTest::newRow("push") << int(PhoenixV2JsonSerializer::Push) << push
                          << QByteArray("\x00\x01\x06\x03"
                                        "4"
                                        "room:a"
                                        "evt",
                                        14) +
                                 rawBytes();

    PhoenixMessage reply;
    reply.joinRef = u"4"_s;
    reply.ref = u"12"_s;
    reply.topic = u"room:a"_s;
    reply.event = u"phx_reply"_s;
    reply.payload = {{u"status"_s, u"ok"_s}};
    reply.binaryPayload = "R";
    reply.binary = true;
    QTest::newRow("reply") << int(PhoenixV2JsonSerializer::Reply) << reply
                           << QByteArray("\x01\x01\x02\x06\x02"
                                         "4"
                                         "12"
                                         "room:a"
                                         "ok"
                                         "R",
                                         17);

    PhoenixMessage broadcast;
    broadcast.topic = u"room:a"_s;
    broadcast.event = u"shout"_s;
    broadcast.binaryPayload = rawBytes();
    broadcast.binary = true;
    QTest::newRow("broadcast") << int(PhoenixV2JsonSerializer::Broadcast) << broadcast
                               << QByteArray("\x02\x06\x05"
                                             "room:a"
                                             "shout",
                                             14) +
                                      rawBytes();
}

void tst_PhoenixSerializer::encodeServerBinary()
{
    QFETCH(int, kind);
    QFETCH(PhoenixMessage, message);
    QFETCH(QByteArray, expected);
    const QByteArray encoded =
        PhoenixV2JsonSerializer::encodeServerBinary(PhoenixV2JsonSerializer::Kind(kind), message);
    QCOMPARE(encoded.toHex(' '), expected.toHex(' '));
    // And the client decodes what a server sends.
    PhoenixMessage decoded;
    QVERIFY(PhoenixV2JsonSerializer().decodeBinary(encoded, &decoded));
    QCOMPARE(decoded.topic, message.topic);
    QCOMPARE(decoded.binaryPayload, message.binaryPayload);
}

// ---- V1 -------------------------------------------------------------------------------------------

void tst_PhoenixSerializer::v1Encode_data()
{
    QTest::addColumn<PhoenixMessage>("message");
    QTest::addColumn<QByteArray>("expectedJson");

    QTest::newRow("join") << textMessage(u"3"_s, u"3"_s, u"room:lobby"_s, u"phx_join"_s, {{u"p"_s, 1}})
                          << QByteArray(
                                 R"({"topic":"room:lobby","event":"phx_join","payload":{"p":1},"ref":"3"})");
    QTest::newRow("heartbeat") << textMessage(Null, u"9"_s, u"phoenix"_s, u"heartbeat"_s, {})
                               << QByteArray(
                                      R"({"topic":"phoenix","event":"heartbeat","payload":{},"ref":"9"})");
    QTest::newRow("null-ref") << textMessage(Null, Null, u"room:a"_s, u"e"_s, {})
                              << QByteArray(R"({"topic":"room:a","event":"e","payload":{},"ref":null})");
}

void tst_PhoenixSerializer::v1Encode()
{
    QFETCH(PhoenixMessage, message);
    QFETCH(QByteArray, expectedJson);
    const QJsonDocument actual = QJsonDocument::fromJson(PhoenixV1JsonSerializer().encodeText(message));
    QVERIFY(actual.isObject());
    QCOMPARE(actual, QJsonDocument::fromJson(expectedJson));
    QVERIFY(!actual.object().contains(u"join_ref"_s)); // V1 has no join_ref
}

void tst_PhoenixSerializer::v1Decode_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<PhoenixMessage>("expected");

    QTest::newRow("reply")
        << QByteArray(
               R"({"topic":"room:a","event":"phx_reply","payload":{"status":"ok","response":{}},"ref":"5"})")
        << textMessage(Null, u"5"_s, u"room:a"_s, u"phx_reply"_s,
                       {{u"status"_s, u"ok"_s}, {u"response"_s, QJsonObject()}});
    QTest::newRow("broadcast-null-ref")
        << QByteArray(R"({"topic":"room:a","event":"e","payload":{"x":1},"ref":null})")
        << textMessage(Null, Null, u"room:a"_s, u"e"_s, {{u"x"_s, 1}});
    QTest::newRow("missing-ref") << QByteArray(R"({"topic":"room:a","event":"e","payload":{}})")
                                 << textMessage(Null, Null, u"room:a"_s, u"e"_s, {});
    QTest::newRow("unicode")
        << u"{\"topic\":\"room:\u00e9\",\"event\":\"e\",\"payload\":{\"b\":\"\u4f60\"},\"ref\":\"1\"}"_s
               .toUtf8()
        << textMessage(Null, u"1"_s, u"room:\u00e9"_s, u"e"_s, {{u"b"_s, u"\u4f60"_s}});
}

void tst_PhoenixSerializer::v1Decode()
{
    QFETCH(QByteArray, frame);
    QFETCH(PhoenixMessage, expected);
    PhoenixMessage decoded;
    QString error;
    QVERIFY2(PhoenixV1JsonSerializer().decodeText(frame, &decoded, &error), qPrintable(error));
    QVERIFY(decoded == expected);
    QVERIFY(decoded.joinRef.isNull());
    QCOMPARE(decoded.ref.isNull(), expected.ref.isNull());
}

void tst_PhoenixSerializer::v1RoundTrip_data()
{
    QTest::addColumn<PhoenixMessage>("message");
    QTest::newRow("push") << textMessage(Null, u"7"_s, u"room:lobby"_s, u"new_msg"_s, {{u"body"_s, u"hi"_s}});
    QTest::newRow("null-ref") << textMessage(Null, Null, u"room:lobby"_s, u"evt"_s, {{u"n"_s, QJsonValue()}});
    QTest::newRow("unicode") << textMessage(Null, u"1"_s, u"room:\U0001F600"_s, u"\u00fc"_s,
                                            {{u"k"_s, u"\u00e9"_s}});
}

void tst_PhoenixSerializer::v1RoundTrip()
{
    QFETCH(PhoenixMessage, message);
    const PhoenixV1JsonSerializer serializer;
    PhoenixMessage decoded;
    QVERIFY(serializer.decodeText(serializer.encodeText(message), &decoded));
    QVERIFY(decoded == message);
    QCOMPARE(decoded.ref.isNull(), message.ref.isNull());

    // The join_ref is not part of V1: it is lost on the way.
    PhoenixMessage withJoinRef = message;
    withJoinRef.joinRef = u"42"_s;
    QVERIFY(serializer.decodeText(serializer.encodeText(withJoinRef), &decoded));
    QVERIFY(decoded.joinRef.isNull());
    QVERIFY(decoded == message);
}

void tst_PhoenixSerializer::v1DecodeErrors_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::newRow("not-json") << QByteArray("nope");
    QTest::newRow("v2-array") << QByteArray(R"(["1","2","room:a","e",{}])");
    QTest::newRow("missing-topic") << QByteArray(R"({"event":"e","payload":{},"ref":"1"})");
    QTest::newRow("missing-event") << QByteArray(R"({"topic":"room:a","payload":{},"ref":"1"})");
    QTest::newRow("missing-payload") << QByteArray(R"({"topic":"room:a","event":"e","ref":"1"})");
    QTest::newRow("payload-array") << QByteArray(R"({"topic":"room:a","event":"e","payload":[],"ref":"1"})");
    QTest::newRow("ref-number") << QByteArray(R"({"topic":"room:a","event":"e","payload":{},"ref":1})");
    QTest::newRow("topic-number") << QByteArray(R"({"topic":1,"event":"e","payload":{},"ref":"1"})");
}

void tst_PhoenixSerializer::v1DecodeErrors()
{
    QFETCH(QByteArray, frame);
    PhoenixMessage decoded;
    QString error;
    QVERIFY(!PhoenixV1JsonSerializer().decodeText(frame, &decoded, &error));
    QVERIFY(!error.isEmpty());
}

// Found by tests/fuzz (fuzz_v1_text, round trip): as decodeTextKeepsLeadingBom, for protocol 1.0.0.
void tst_PhoenixSerializer::v1DecodeKeepsLeadingBom_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<PhoenixMessage>("expected");

    QTest::newRow("ref") << QByteArray(
                                "{\"topic\":\"room:a\",\"event\":\"phx_reply\",\"payload\":{},\"ref\":\"" +
                                BomUtf8 + "7\"}")
                         << textMessage(Null, bom(u"7"_s), u"room:a"_s, u"phx_reply"_s, {});
    QTest::newRow("topic") << QByteArray("{\"topic\":\"" + BomUtf8 +
                                         "room:a\",\"event\":\"e\",\"payload\":{}}")
                           << textMessage(Null, Null, bom(u"room:a"_s), u"e"_s, {});
    QTest::newRow("payload-key") << QByteArray("{\"topic\":\"room:a\",\"event\":\"e\",\"payload\":{\"" +
                                               BomUtf8 + "ody\":\"(i\"}}")
                                 << textMessage(Null, Null, u"room:a"_s, u"e"_s, {{bom(u"ody"_s), u"(i"_s}});
}

void tst_PhoenixSerializer::v1DecodeKeepsLeadingBom()
{
    QFETCH(QByteArray, frame);
    QFETCH(PhoenixMessage, expected);

    PhoenixMessage decoded;
    QString error;
    QVERIFY2(PhoenixV1JsonSerializer().decodeText(frame, &decoded, &error), qPrintable(error));
    // See decodeTextKeepsLeadingBom (found by fuzz_v1_text).
    QVERIFY(decoded == expected);
}

void tst_PhoenixSerializer::splitTextAgreesWithDecodeText_data()
{
    decodeText_data();
}

void tst_PhoenixSerializer::splitTextAgreesWithDecodeText()
{
    // The socket's receive path routes on what splitText() delivers and decodes only the payload:
    // together they must give exactly what decodeText() gives.
    QFETCH(QByteArray, frame);
    QFETCH(PhoenixMessage, expected);
    const PhoenixV2JsonSerializer serializer;
    PhoenixSerializer::TextFields fields;
    if (!serializer.splitText(frame, &fields))
        QSKIP("not of the usual shape: decodeText() alone decodes it");
    QCOMPARE(fields.joinRefNull, expected.joinRef.isNull());
    QCOMPARE(fields.refNull, expected.ref.isNull());
    QCOMPARE(QString::fromLatin1(fields.joinRef), expected.joinRef);
    QCOMPARE(QString::fromLatin1(fields.ref), expected.ref);
    QCOMPARE(QString::fromLatin1(fields.topic), expected.topic);
    QCOMPARE(QString::fromLatin1(fields.event), expected.event);
    QJsonObject payload;
    QVERIFY(serializer.decodePayload(fields.payload, &payload));
    QCOMPARE(payload, expected.payload);
}

void tst_PhoenixSerializer::splitTextDeclinesWhatItCannotRoute_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::newRow("not json") << QByteArray("nope");
    QTest::newRow("object") << QByteArray(R"({"topic":"t","event":"e","payload":{},"ref":null})");
    QTest::newRow("four elements") << QByteArray(R"([null,null,"t",{}])");
    QTest::newRow("escaped topic") << QByteArray(R"([null,null,"room:\u0041","e",{}])");
    QTest::newRow("number ref") << QByteArray(R"([null,7,"t","e",{}])");
}

void tst_PhoenixSerializer::splitTextDeclinesWhatItCannotRoute()
{
    QFETCH(QByteArray, frame);
    PhoenixSerializer::TextFields fields;
    QVERIFY(!PhoenixV2JsonSerializer().splitText(frame, &fields));
    // V1 (and any serializer that does not split) leaves every frame to decodeText().
    QVERIFY(!PhoenixV1JsonSerializer().splitText(R"([null,null,"t","e",{}])", &fields));
    QJsonObject payload;
    QVERIFY(!PhoenixV1JsonSerializer().decodePayload("{}", &payload));
}

void tst_PhoenixSerializer::heartbeatFramesComeFromTheSerializer()
{
    PhoenixMessage decoded;
    QVERIFY(
        PhoenixV2JsonSerializer().decodeText(PhoenixV2JsonSerializer().encodeHeartbeat(u"12"_s), &decoded));
    QVERIFY(decoded == textMessage(Null, u"12"_s, u"phoenix"_s, u"heartbeat"_s, {}));
    QVERIFY(
        PhoenixV1JsonSerializer().decodeText(PhoenixV1JsonSerializer().encodeHeartbeat(u"13"_s), &decoded));
    QCOMPARE(decoded.ref, u"13"_s);
    QCOMPARE(decoded.topic, u"phoenix"_s);
    QCOMPARE(decoded.event, u"heartbeat"_s);
}

void tst_PhoenixSerializer::v1HasNoBinary()
{
    PhoenixMessage m = textMessage(Null, u"1"_s, u"room:a"_s, u"e"_s, {});
    m.binary = true;
    m.binaryPayload = "x";
    QString error;
    QVERIFY(PhoenixV1JsonSerializer().encodeBinary(m, &error).isEmpty());
    QVERIFY(!error.isEmpty());
    error.clear();
    PhoenixMessage decoded;
    QVERIFY(!PhoenixV1JsonSerializer().decodeBinary(binaryFrame(2, {"room:a", "e"}, "x"), &decoded, &error));
    QVERIFY(!error.isEmpty());
}

QTEST_GUILESS_MAIN(tst_PhoenixSerializer)
#include "tst_phoenixserializer.moc"
