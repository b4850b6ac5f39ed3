// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// PhoenixQmlJsonReader (qml/phoenixqmljson.cpp), the QML module's way from a payload's JSON text to
// a JS value, against the way it replaces (QJsonDocument, then QJSEngine::toScriptValue()): for
// every text it reads, the value must be the same; everything else it must leave to QJsonDocument
// (read() false), malformed or merely unusual.

#include "phoenixqmljson_p.h"

#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtQml/QJSEngine>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;

class tst_QmlJson : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void readsWhatQJsonDocumentReads_data();
    void readsWhatQJsonDocumentReads();
    void leavesTheRestToQJsonDocument_data();
    void leavesTheRestToQJsonDocument();
    void membersKeepTheOrderOfTheText();
    void aShapeSeenTwiceIsCompiledOnce();
    void shapesAreLimited();
    void deepNestingIsLeftToQJsonDocument();
    void keepsALeadingByteOrderMark();

private:
    //! JSON.stringify() with sorted keys and -0 told from 0: equal texts, equal values.
    QString canonical(const QJSValue &value);

    QJSEngine m_engine;
    QJSValue m_canonical;
};

void tst_QmlJson::initTestCase()
{
    m_canonical = m_engine.evaluate(uR"((function canonical(v) {
        if (Array.isArray(v))
            return "[" + v.map(canonical).join(",") + "]"
        if (v !== null && typeof v === "object")
            return "{" + Object.keys(v).sort().map(k => JSON.stringify(k) + ":" + canonical(v[k])).join(",") + "}"
        if (typeof v === "number" && Object.is(v, -0))
            return "-0"
        return typeof v + ":" + JSON.stringify(v)
    }))"_s);
    QVERIFY(m_canonical.isCallable());
}

QString tst_QmlJson::canonical(const QJSValue &value)
{
    return m_canonical.call({value}).toString();
}

void tst_QmlJson::readsWhatQJsonDocumentReads_data()
{
    QTest::addColumn<QByteArray>("json");
    const QByteArray longText(40, 'x');
    QTest::newRow("empty") << QByteArray("{}");
    QTest::newRow("the benchmark's") << QByteArray(
        R"({"id":1234567,"user":"ada","body":"lorem ipsum dolor sit amet"})");
    QTest::newRow("nested") << QByteArray(R"({"a":{"b":{"c":[1,2,{"d":null}],"e":[]}},"f":{}})");
    QTest::newRow("literals") << QByteArray(R"({"t":true,"f":false,"n":null,"list":[true,false,null]})");
    QTest::newRow("whitespace") << QByteArray(" \t\r\n{ \"a\" : [ 1 , \"b\" ] ,\n\"c\":{ } } \n");
    QTest::newRow("escapes") << QByteArray(R"({"s":"q\" b\\ s\/ \b\f\n\r\t end"})");
    QTest::newRow("unicode escapes") << QByteArray(R"({"s":"\u00e4\u20AC \ud83d\ude00 \u0000 \u001f"})");
    QTest::newRow("raw utf-8") << QByteArray("{\"s\":\"\xc3\xa4\xc3\xb6 \xe2\x82\xac \xf0\x9f\x98\x80\"}");
    QTest::newRow("raw utf-8 and escapes") << QByteArray("{\"s\":\"\xc3\xa4\\n\xe2\x82\xac\\\"x\"}");
    QTest::newRow("utf-8 key") << QByteArray("{\"\xd0\xba\xd0\xbb\xd1\x8e\xd1\x87\":1}");
    QTest::newRow("escaped key") << QByteArray(R"({"\u0041b":1,"a\"b":2,"a\\b":3})");
    QTest::newRow("odd keys") << QByteArray(R"({"":1,"0":2,"a b":3,"7x":4,"constructor":5,"toString":6})");
    QTest::newRow("duplicate keys") << QByteArray(R"({"a":1,"b":2,"a":3})");
    QTest::newRow("integers") << QByteArray(
        R"({"a":[0,-0,1,-1,123456789012345,-123456789012345,1234567890123456,9007199254740993,12345678901234567890,-9223372036854775808]})");
    QTest::newRow("fractions") << QByteArray(
        R"({"a":[1.5,-2.25e-3,1E10,1e+2,0.1,1.0,100.000,-0.0,1e308,5e-324,2.2250738585072014e-308,0.30000000000000004]})");
    // Strings longer than one 16-byte block, with the special byte at every position around a block edge.
    for (int at = 13; at <= 34; ++at) {
        QByteArray quote = longText;
        quote.insert(at, "\\\"");
        QByteArray utf8 = longText;
        utf8.insert(at, "\xc3\xa4");
        QTest::addRow("escape at %d", at) << (R"({"s":")" + quote + R"("})");
        QTest::addRow("utf-8 at %d", at) << ("{\"s\":\"" + utf8 + "\"}");
        QTest::addRow("end at %d", at) << (R"({"s":")" + longText.left(at) + R"(","t":1})");
    }
    QTest::newRow("16 KiB") << (R"({"id":1,"body":")" + QByteArray(16384, 'y') + R"("})");
}

void tst_QmlJson::readsWhatQJsonDocumentReads()
{
    QFETCH(QByteArray, json);
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    const QString expected = canonical(m_engine.toScriptValue(document.object()));

    PhoenixQmlJsonReader *reader = PhoenixQmlJsonReader::of(&m_engine);
    QVERIFY(reader);
    // Three times: the first read of a shape sets the members one by one, later ones use its maker.
    for (int i = 0; i < 3; ++i) {
        QJSValue value;
        QVERIFY2(reader->read(json, &value), json.left(200).constData());
        QCOMPARE(canonical(value), expected);
    }
}

void tst_QmlJson::leavesTheRestToQJsonDocument_data()
{
    QTest::addColumn<QByteArray>("json");
    // malformed
    QTest::newRow("empty text") << QByteArray("");
    QTest::newRow("no value") << QByteArray(R"({"a":})");
    QTest::newRow("trailing comma") << QByteArray(R"({"a":1,})");
    QTest::newRow("trailing comma in array") << QByteArray(R"({"a":[1,]})");
    QTest::newRow("no colon") << QByteArray(R"({"a" 1})");
    QTest::newRow("bare key") << QByteArray(R"({a:1})");
    QTest::newRow("unterminated") << QByteArray(R"({"a":1)");
    QTest::newRow("unterminated string") << QByteArray(R"({"a":"xyz})");
    QTest::newRow("unterminated escape") << QByteArray(R"({"a":"xyz\)");
    QTest::newRow("garbage after") << QByteArray(R"({"a":1}x)");
    QTest::newRow("two values") << QByteArray(R"({"a":1} {})");
    QTest::newRow("leading zero") << QByteArray(R"({"a":01})");
    QTest::newRow("bare point") << QByteArray(R"({"a":1.})");
    QTest::newRow("no integer part") << QByteArray(R"({"a":.5})");
    QTest::newRow("plus sign") << QByteArray(R"({"a":+1})");
    QTest::newRow("empty exponent") << QByteArray(R"({"a":1e})");
    QTest::newRow("minus only") << QByteArray(R"({"a":-})");
    QTest::newRow("truncated true") << QByteArray(R"({"a":tru})");
    QTest::newRow("truncated null") << QByteArray(R"({"a":nul})");
    QTest::newRow("capital literal") << QByteArray(R"({"a":True})");
    QTest::newRow("bad hex") << QByteArray(R"({"a":"\u12g4"})");
    QTest::newRow("short hex") << QByteArray(R"({"a":"\u12"})");
    QTest::newRow("invalid utf-8") << QByteArray("{\"a\":\"x\xffy\"}");
    QTest::newRow("overlong utf-8") << QByteArray("{\"a\":\"\xc0\xaf\"}");
    QTest::newRow("utf-8 surrogate") << QByteArray("{\"a\":\"\xed\xa0\x80\"}");
    QTest::newRow("truncated utf-8") << QByteArray("{\"a\":\"\xe2\x82\"}");
    QTest::newRow("invalid utf-8 key") << QByteArray("{\"\xff\":1}");
    // what Qt's parser takes beyond the standard: its reading stays the one that counts
    QTest::newRow("raw control character") << QByteArray("{\"a\":\"x\ty\"}");
    QTest::newRow("unknown escape") << QByteArray(R"({"a":"\x"})");
    QTest::newRow("lone high surrogate") << QByteArray(R"({"a":"\ud800"})");
    QTest::newRow("lone low surrogate") << QByteArray(R"({"a":"\udc00x"})");
    QTest::newRow("reversed surrogates") << QByteArray(R"({"a":"\udc00\ud800"})");
    QTest::newRow("overflowing number") << QByteArray(R"({"a":1e400})");
    QTest::newRow("underflowing number") << QByteArray(R"({"a":1e-400})");
    QTest::newRow("__proto__ key") << QByteArray(R"({"__proto__":{"x":1}})");
    QTest::newRow("escaped __proto__ key") << QByteArray(R"({"__proto\u005f_":1})");
}

void tst_QmlJson::leavesTheRestToQJsonDocument()
{
    QFETCH(QByteArray, json);
    QJSValue value;
    QVERIFY(!PhoenixQmlJsonReader::of(&m_engine)->read(json, &value));
}

void tst_QmlJson::membersKeepTheOrderOfTheText()
{
    // As JSON.parse() (and phoenix.js) gives them; a QJsonObject sorts its keys.
    PhoenixQmlJsonReader *reader = PhoenixQmlJsonReader::of(&m_engine);
    const QJSValue keys = m_engine.evaluate(u"(function (o) { return Object.keys(o).join(\",\") })"_s);
    for (int i = 0; i < 3; ++i) {
        QJSValue value;
        QVERIFY(reader->read(R"({"zeta":1,"alpha":{"y":1,"x":2},"mid":3})", &value));
        QCOMPARE(keys.call({value}).toString(), u"zeta,alpha,mid"_s);
        QCOMPARE(keys.call({value.property(u"alpha"_s)}).toString(), u"y,x"_s);
    }
}

void tst_QmlJson::aShapeSeenTwiceIsCompiledOnce()
{
    QJSEngine engine;
    PhoenixQmlJsonReader *reader = PhoenixQmlJsonReader::of(&engine);
    QCOMPARE(PhoenixQmlJsonReader::of(&engine), reader);
    QJSValue value;
    QVERIFY(reader->read(R"({"a":1,"b":"x"})", &value));
    QCOMPARE(reader->compiledShapes(), 0); // seen once: made member by member
    QVERIFY(reader->read(R"({"a":2,"b":"y"})", &value));
    QCOMPARE(reader->compiledShapes(), 1);
    QVERIFY(reader->read(R"({"a":3,"b":"z"})", &value));
    QCOMPARE(reader->compiledShapes(), 1);
    QCOMPARE(value.property(u"a"_s).toInt(), 3);
    QCOMPARE(value.property(u"b"_s).toString(), u"z"_s);
    // Other keys, or the same keys in another order, are another shape.
    QVERIFY(reader->read(R"({"b":"w","a":4})", &value));
    QVERIFY(reader->read(R"({"b":"w","a":4})", &value));
    QCOMPARE(reader->compiledShapes(), 2);
    QCOMPARE(value.property(u"a"_s).toInt(), 4);
}

void tst_QmlJson::shapesAreLimited()
{
    // Payloads keyed by ids (presence diffs, maps) have a new shape each: compiling stops at the limit.
    QJSEngine engine;
    PhoenixQmlJsonReader *reader = PhoenixQmlJsonReader::of(&engine);
    for (int i = 0; i < PhoenixQmlJsonReader::MaxShapes + 50; ++i) {
        const QByteArray json = "{\"user:" + QByteArray::number(i) + "\":" + QByteArray::number(i) + "}";
        for (int twice = 0; twice < 2; ++twice) {
            QJSValue value;
            QVERIFY(reader->read(json, &value));
            QCOMPARE(value.property(u"user:"_s + QString::number(i)).toInt(), i);
        }
    }
    QCOMPARE(reader->compiledShapes(), PhoenixQmlJsonReader::MaxShapes);
}

void tst_QmlJson::deepNestingIsLeftToQJsonDocument()
{
    PhoenixQmlJsonReader *reader = PhoenixQmlJsonReader::of(&m_engine);
    const auto nested = [](int depth) {
        return QByteArray(QByteArray("{\"a\":").repeated(depth) + "1" + QByteArray("}").repeated(depth));
    };
    QJSValue value;
    QVERIFY(reader->read(nested(500), &value));
    QVERIFY(!reader->read(nested(600), &value));
}

void tst_QmlJson::keepsALeadingByteOrderMark()
{
    // U+FEFF is a character like any other inside a string (the library's parser keeps it too, see
    // src/wire/phoenixjsontext_p.h); a UTF-8 decoder's default takes a leading one for a byte order
    // mark and drops it. Read here, or left to the library's parser (read() false): never dropped.
    const QList<QByteArray> texts{
        "{\"s\":\"\xef\xbb\xbfx\"}",
        "{\"s\":\"\xef\xbb\xbf\"}",
        "{\"s\":\"a\\n\xef\xbb\xbfb\"}",
        "{\"\xef\xbb\xbfk\":1}",
    };
    const QList<QString> expected{u"\uFEFFx"_s, u"\uFEFF"_s, u"a\n\uFEFFb"_s, u"1"_s};
    PhoenixQmlJsonReader *reader = PhoenixQmlJsonReader::of(&m_engine);
    for (qsizetype t = 0; t < texts.size(); ++t) {
        for (int i = 0; i < 3; ++i) { // the first read of a shape, then its maker
            QJSValue value;
            if (!reader->read(texts.at(t), &value))
                continue; // the library's parser reads it
            const QString key = t == 3 ? u"\uFEFFk"_s : u"s"_s;
            QCOMPARE(value.property(key).toString(), expected.at(t));
        }
    }
}

QTEST_GUILESS_MAIN(tst_QmlJson)
#include "tst_qmljson.moc"
