// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#include "phoenixqmlchunkkeeper_p.h"
#include "phoenixqmljson_p.h"
#include "phoenixqmlstringreserve_p.h"

#include <QtCore/QString>
#include <QtCore/QStringDecoder>
#include <QtQml/QJSEngine>

#include <charconv>
#include <cmath>
#include <utility>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

using namespace Qt::StringLiterals;

namespace {

//! Deeper nesting is left to QJsonDocument (its limit is 1024), so the recursion stays shallow.
constexpr int MaxDepth = 512;

bool isSpace(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

//! A string byte that needs a look: '"', '\\', a control character or a non-ASCII byte.
bool isSpecial(char c)
{
    return c == '"' || c == '\\' || static_cast<signed char>(c) < 0x20;
}

//! Advances \a p to the first special byte (see isSpecial()) before \a end, or to \a end.
const char *findSpecial(const char *p, const char *end)
{
#if defined(__SSE2__)
    // 16 bytes at a time: '"', '\\', and (signed compare) control characters and bytes >= 0x80.
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i space = _mm_set1_epi8(0x20);
    while (end - p >= 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
        const __m128i hits = _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)), _mm_cmplt_epi8(v, space));
        const int mask = _mm_movemask_epi8(hits);
        if (mask)
            return p + __builtin_ctz(unsigned(mask));
        p += 16;
    }
#endif
    while (p < end && !isSpecial(*p))
        ++p;
    return p;
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

} // namespace

/*!
 * \internal
 * One read of PhoenixQmlJsonReader: a recursive descent over the JSON text (RFC 8259).
 */
class PhoenixQmlJsonParser
{
public:
    PhoenixQmlJsonParser(PhoenixQmlJsonReader *reader, QByteArrayView json)
        : m_reader(reader)
        , m_engine(reader->m_engine)
        , m_p(json.data())
        , m_end(json.data() + json.size())
    {
    }

    //! The UTF-16 bytes of the strings made so far (what V4 counts towards its next collection).
    qsizetype stringBytes() const { return m_stringBytes; }

    bool document(QJSValue *out)
    {
        skipSpace();
        if (m_p == m_end || !value(out, 0))
            return false;
        skipSpace();
        return m_p == m_end;
    }

private:
    void skipSpace()
    {
        while (m_p < m_end && isSpace(*m_p))
            ++m_p;
    }

    bool value(QJSValue *out, int depth)
    {
        switch (*m_p) {
        case '{':
            return object(out, depth + 1);
        case '[':
            return array(out, depth + 1);
        case '"': {
            QString text;
            if (!string(&text))
                return false;
            m_stringBytes += text.size() * qsizetype(sizeof(QChar));
            *out = QJSValue(std::move(text));
            return true;
        }
        case 't':
            return literal("true"_L1, QJSValue(true), out);
        case 'f':
            return literal("false"_L1, QJSValue(false), out);
        case 'n':
            return literal("null"_L1, QJSValue(QJSValue::NullValue), out);
        default:
            return number(out);
        }
    }

    bool literal(QLatin1StringView word, const QJSValue &result, QJSValue *out)
    {
        if (m_end - m_p < word.size() || QLatin1StringView(m_p, word.size()) != word)
            return false;
        m_p += word.size();
        *out = result;
        return true;
    }

    using Level = PhoenixQmlJsonReader::Level;

    bool object(QJSValue *out, int depth)
    {
        if (depth > MaxDepth)
            return false;
        ++m_p; // '{'
        skipSpace();
        if (m_p < m_end && *m_p == '}') {
            ++m_p;
            *out = m_engine->newObject();
            return true;
        }
        Level &level = m_reader->level(depth);
        const bool read = members(level, depth);
        if (read)
            *out = make(level);
        level.keys.resize(0);
        level.at.clear();
        level.values.clear(); // lets go of the values
        level.plainKeys = true;
        return read;
    }

    bool members(Level &level, int depth)
    {
        QString decoded;
        for (;;) {
            skipSpace();
            if (m_p == m_end || *m_p != '"')
                return false;
            const char *key = m_p + 1;
            const char *keyEnd = findSpecial(key, m_end);
            const int offset = int(level.keys.size());
            if (keyEnd < m_end && *keyEnd == '"') {
                level.keys.append(key, keyEnd - key);
                m_p = keyEnd + 1;
            } else {
                if (!string(&decoded))
                    return false;
                level.keys.append(decoded.toUtf8());
                level.plainKeys = false; // no compiled shape: its keys would need quoting
            }
            const int size = int(level.keys.size()) - offset;
            // setProperty() would call Object.prototype's __proto__ setter: JSON.parse() makes an
            // own property. Rare enough to leave to the QJsonDocument way.
            if (QByteArrayView(level.keys).sliced(offset) == "__proto__")
                return false;
            level.keys.append('\0');
            level.at.append({offset, size});
            skipSpace();
            if (m_p == m_end || *m_p != ':')
                return false;
            ++m_p;
            skipSpace();
            QJSValue member;
            if (m_p == m_end || !value(&member, depth))
                return false;
            level.values.append(std::move(member));
            skipSpace();
            if (m_p == m_end)
                return false;
            if (*m_p == ',') {
                ++m_p;
                continue;
            }
            if (*m_p != '}')
                return false;
            ++m_p;
            return true;
        }
    }

    //! The object of the members \a level collected: by its shape's maker, else member by member.
    QJSValue make(const Level &level)
    {
        const int count = int(level.values.size());
        if (level.plainKeys && count <= PhoenixQmlJsonReader::MaxShapeKeys) {
            if (const QJSValue *maker = m_reader->maker(level.keys, count))
                return maker->call(level.values);
        }
        QJSValue result = m_engine->newObject();
        for (int i = 0; i < count; ++i) {
            const auto [offset, size] = level.at.at(i);
            // Not QString::fromUtf8(): it would drop a leading U+FEFF of the key as a byte order mark.
            QStringDecoder decoder(QStringDecoder::Utf8,
                                   QStringDecoder::Flag::Stateless | QStringDecoder::Flag::ConvertInitialBom);
            result.setProperty(decoder(QByteArrayView(level.keys.constData() + offset, size)),
                               level.values.at(i));
        }
        return result;
    }

    bool array(QJSValue *out, int depth)
    {
        if (depth > MaxDepth)
            return false;
        ++m_p; // '['
        QJSValue result = m_engine->newArray();
        skipSpace();
        if (m_p < m_end && *m_p == ']') {
            ++m_p;
            *out = result;
            return true;
        }
        QJSValue element;
        for (quint32 index = 0;; ++index) {
            skipSpace();
            if (m_p == m_end || !value(&element, depth))
                return false;
            result.setProperty(index, element);
            skipSpace();
            if (m_p == m_end)
                return false;
            if (*m_p == ',') {
                ++m_p;
                continue;
            }
            if (*m_p != ']')
                return false;
            ++m_p;
            *out = result;
            return true;
        }
    }

    //! At '"': reads the string into \a out and moves past its closing quote.
    bool string(QString *out)
    {
        const char *start = ++m_p;
        m_p = findSpecial(m_p, m_end);
        if (m_p < m_end && *m_p == '"') { // plain ASCII, the common case
            *out = QString::fromLatin1(start, m_p - start);
            ++m_p;
            return true;
        }
        // Non-ASCII text or escapes: collect the pieces.
        out->clear();
        const char *piece = start;
        for (;;) {
            while (m_p < m_end && (static_cast<signed char>(*m_p) < 0 || !isSpecial(*m_p)))
                m_p = findSpecial(m_p + (static_cast<signed char>(*m_p) < 0 ? 1 : 0), m_end);
            if (m_p == m_end || static_cast<unsigned char>(*m_p) < 0x20)
                return false; // unterminated, or a raw control character (Qt's parser takes those)
            if (!appendUtf8(out, piece, m_p))
                return false;
            if (*m_p == '"') {
                ++m_p;
                return true;
            }
            if (!escape(out)) // at '\\'
                return false;
            piece = m_p;
        }
    }

    //! Appends the UTF-8 text [from, to) to \a out; false if it is not valid UTF-8.
    static bool appendUtf8(QString *out, const char *from, const char *to)
    {
        if (from == to)
            return true;
        // ConvertInitialBom: a piece that starts with U+FEFF keeps it (it is text, not a byte order mark).
        QStringDecoder decoder(QStringDecoder::Utf8,
                               QStringDecoder::Flag::Stateless | QStringDecoder::Flag::ConvertInitialBom);
        const QString text = decoder(QByteArrayView(from, to - from));
        if (decoder.hasError())
            return false;
        out->append(text);
        return true;
    }

    //! At '\\': appends the escaped character and moves past the escape.
    bool escape(QString *out)
    {
        if (m_end - m_p < 2)
            return false;
        const char kind = m_p[1];
        m_p += 2;
        switch (kind) {
        case '"':
        case '\\':
        case '/':
            out->append(QLatin1Char(kind));
            return true;
        case 'b':
            out->append(u'\b');
            return true;
        case 'f':
            out->append(u'\f');
            return true;
        case 'n':
            out->append(u'\n');
            return true;
        case 'r':
            out->append(u'\r');
            return true;
        case 't':
            out->append(u'\t');
            return true;
        case 'u': {
            char16_t unit = 0;
            if (!hex4(&unit))
                return false;
            if (QChar::isLowSurrogate(unit))
                return false; // a lone low surrogate
            if (QChar::isHighSurrogate(unit)) {
                char16_t low = 0;
                if (m_end - m_p < 2 || m_p[0] != '\\' || m_p[1] != 'u')
                    return false; // a lone high surrogate
                m_p += 2;
                if (!hex4(&low) || !QChar::isLowSurrogate(low))
                    return false;
                out->append(QChar(unit));
                out->append(QChar(low));
                return true;
            }
            out->append(QChar(unit));
            return true;
        }
        default:
            return false; // Qt's parser takes unknown escapes as the character itself
        }
    }

    bool hex4(char16_t *out)
    {
        if (m_end - m_p < 4)
            return false;
        int value = 0;
        for (int i = 0; i < 4; ++i) {
            const int digit = hexValue(m_p[i]);
            if (digit < 0)
                return false;
            value = value * 16 + digit;
        }
        m_p += 4;
        *out = char16_t(value);
        return true;
    }

    //! number = [ "-" ] ( "0" / digit1-9 *digit ) [ "." 1*digit ] [ ( "e" / "E" ) [ "+" / "-" ] 1*digit ]
    bool number(QJSValue *out)
    {
        const char *start = m_p;
        const bool negative = *m_p == '-';
        if (negative)
            ++m_p;
        if (m_p == m_end || !isDigit(*m_p))
            return false;
        if (*m_p == '0') {
            ++m_p;
        } else {
            while (m_p < m_end && isDigit(*m_p))
                ++m_p;
        }
        const qsizetype integerDigits = m_p - start - (negative ? 1 : 0);
        bool integer = true;
        if (m_p < m_end && *m_p == '.') {
            ++m_p;
            if (m_p == m_end || !isDigit(*m_p))
                return false;
            while (m_p < m_end && isDigit(*m_p))
                ++m_p;
            integer = false;
        }
        if (m_p < m_end && (*m_p == 'e' || *m_p == 'E')) {
            ++m_p;
            if (m_p < m_end && (*m_p == '+' || *m_p == '-'))
                ++m_p;
            if (m_p == m_end || !isDigit(*m_p))
                return false;
            while (m_p < m_end && isDigit(*m_p))
                ++m_p;
            integer = false;
        }
        double result = 0;
        if (integer && integerDigits <= 15) {
            // Exact in a double (< 2^53): no rounding to think about.
            qint64 n = 0;
            for (const char *d = start + (negative ? 1 : 0); d < m_p; ++d)
                n = n * 10 + (*d - '0');
            result = double(negative ? -n : n);
        } else {
            const auto [end, error] = std::from_chars(start, m_p, result);
            if (error != std::errc() || end != m_p || !std::isfinite(result))
                return false; // out of range: Qt's parser words it (or takes it)
        }
        // QJsonDocument keeps integral values as integers, so -0 arrives as 0.
        *out = QJSValue(result == 0 ? 0.0 : result);
        return true;
    }

    PhoenixQmlJsonReader *m_reader;
    QJSEngine *m_engine;
    const char *m_p;
    const char *m_end;
    qsizetype m_stringBytes = 0;
};

// ---- PhoenixQmlJsonReader ------------------------------------------------------------------------

namespace {

//! The reader of the engine used last in this thread (most applications have one engine), found
//! without a lookup. (Engines live in one thread each; a reader is used only in its engine's.)
thread_local PhoenixQmlJsonReader *lastReader = nullptr;

} // namespace

PhoenixQmlJsonReader::PhoenixQmlJsonReader(QJSEngine *engine)
    : QObject(engine)
    , m_engine(engine)
    , m_reserve(PhoenixQmlStringReserve::of(engine)) // the strings it makes count towards V4's collections
    , m_keeper(PhoenixQmlChunkKeeper::of(engine))    // the objects it makes are garbage by the next message
{
    setObjectName(u"PhoenixQmlJsonReader"_s);
}

PhoenixQmlJsonReader::~PhoenixQmlJsonReader()
{
    if (lastReader == this)
        lastReader = nullptr;
}

PhoenixQmlJsonReader *PhoenixQmlJsonReader::of(QJSEngine *engine)
{
    if (!engine)
        return nullptr;
    if (lastReader && lastReader->m_engine == engine)
        return lastReader;
    auto *reader =
        engine->findChild<PhoenixQmlJsonReader *>(u"PhoenixQmlJsonReader"_s, Qt::FindDirectChildrenOnly);
    if (!reader)
        reader = new PhoenixQmlJsonReader(engine);
    lastReader = reader;
    return reader;
}

bool PhoenixQmlJsonReader::read(QByteArrayView json, QJSValue *out)
{
    PhoenixQmlJsonParser parser(this, json);
    if (!parser.document(out))
        return false;
    if (m_reserve)
        m_reserve->payloadRead(parser.stringBytes());
    if (m_keeper)
        m_keeper->allocated();
    return true;
}

int PhoenixQmlJsonReader::compiledShapes() const
{
    return m_compiled;
}

PhoenixQmlJsonReader::Level &PhoenixQmlJsonReader::level(int depth)
{
    while (int(m_levels.size()) <= depth)
        m_levels.emplace_back();
    return m_levels[size_t(depth)];
}

const QJSValue *PhoenixQmlJsonReader::maker(const QByteArray &keys, int count)
{
    auto it = m_shapes.find(keys);
    if (it == m_shapes.end()) {
        if (m_shapes.size() >= 4 * MaxShapes) // the shapes seen once are remembered up to a limit too
            return nullptr;
        it = m_shapes.insert(keys, Shape());
    }
    if (it->make.isCallable())
        return &it->make;
    if (++it->seen < 2 || m_compiled >= MaxShapes)
        return nullptr;
    // (function (v0, v1) { return {"id": v0, "body": v1}; }): the keys are plain ASCII without '"',
    // '\\' or control characters, so each is a JS string literal as it is.
    QString source = u"(function ("_s;
    for (int i = 0; i < count; ++i)
        source += (i ? u", v"_s : u"v"_s) + QString::number(i);
    source += u") { return {"_s;
    int i = 0;
    for (const QByteArray &key : keys.split('\0')) {
        if (i == count)
            break;
        source += (i ? u", \""_s : u"\""_s) + QString::fromLatin1(key) + u"\": v"_s + QString::number(i);
        ++i;
    }
    source += u"}; })"_s;
    QJSValue make = m_engine->evaluate(source);
    if (!make.isCallable())
        return nullptr;
    it->make = std::move(make);
    ++m_compiled;
    return &it->make;
}
