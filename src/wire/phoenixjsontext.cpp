// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#include "phoenixjsontext_p.h"

#include <QtCore/QVarLengthArray>
#include <QtCore/qalgorithms.h>

#include <algorithm>

#include <cstring>
#include <optional>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace {

//! The position of the first EF BB BF (UTF-8 U+FEFF) right after a '"' at or after \a from, or -1.
qsizetype findQuotedBom(QByteArrayView json, qsizetype from)
{
    const char *data = json.data();
    const qsizetype size = json.size();
    while (from < size) {
        const void *hit = std::memchr(data + from, 0xEF, size_t(size - from));
        if (!hit)
            return -1;
        const qsizetype at = static_cast<const char *>(hit) - data;
        if (at > 0 && data[at - 1] == '"' && size - at >= 3 && uchar(data[at + 1]) == 0xBB &&
            uchar(data[at + 2]) == 0xBF)
            return at;
        from = at + 1;
    }
    return -1;
}

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

struct Cursor
{
    const char *p;
    const char *end;

    void skipSpace()
    {
        while (p < end && isSpace(*p))
            ++p;
    }
    bool eat(char c)
    {
        skipSpace();
        if (p < end && *p == c) {
            ++p;
            return true;
        }
        return false;
    }
    //! A string of printable ASCII without escapes; anything else is for the general parser.
    bool plainString(QByteArrayView *out)
    {
        skipSpace();
        if (p >= end || *p != '"')
            return false;
        const char *start = ++p;
        while (p < end) {
            const uchar c = uchar(*p);
            if (c == '"') {
                *out = QByteArrayView(start, p - start);
                ++p;
                return true;
            }
            if (c < 0x20 || c > 0x7E || c == '\\')
                return false;
            ++p;
        }
        return false;
    }
    bool nullOrPlainString(QByteArrayView *out, bool *isNull)
    {
        skipSpace();
        if (end - p >= 4 && std::memcmp(p, "null", 4) == 0) {
            p += 4;
            *out = QByteArrayView();
            *isNull = true;
            return true;
        }
        *isNull = false;
        return plainString(out);
    }
};

// ---- Long plain strings at the top level of a payload -------------------------------------------
//
// Qt 6.4's parser reads a string one code point at a time (about 13 instructions per byte), which
// makes it the whole cost of a payload with a long text in it (a chat message's body, a document).
// parseObject() therefore lets Qt parse the payload with its long plain strings emptied, and then
// puts those strings into the parsed object itself: copying printable bytes is a few instructions
// per byte. Only what is certain to come out the same is taken this way (see findLongStrings()).

//! A string value of at least this many bytes is worth taking past Qt's parser. Putting a string
//! into a QJsonObject through its public API costs about 2,500 instructions and 5 per byte (it
//! passes through UTF-16 and back, in three heap blocks of the string's size), against 13 per byte
//! in the parser. By instructions that breaks even at about 450 bytes, but the blocks cost CPU the
//! instruction count does not show: with 1 KiB strings the C++ client took 12% more CPU for 9%
//! fewer instructions, with 2 KiB about the same, with 4 KiB 22% less and with 16 KiB 40% less
//! (bench-phoenixqt floods against the build without this path, interleaved; Qt 6.4, x86-64).
constexpr qsizetype LongString = 2048;

//! A value the scan took out of the payload: its key and its characters, as slices of the payload.
struct LongMember
{
    QByteArrayView key;
    QByteArrayView value;
};

//! The length of the run of bytes at \a p (at most \a size) that are neither '"', '\\' nor non-ASCII:
//! the string characters a lexer can step over without looking at them one by one.
qsizetype plainRun(const char *p, qsizetype size)
{
    qsizetype at = 0;
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    for (; size - at >= 16; at += 16) {
        const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p + at));
        const __m128i special =
            _mm_or_si128(bytes, _mm_or_si128(_mm_cmpeq_epi8(bytes, quote), _mm_cmpeq_epi8(bytes, backslash)));
        const int mask = _mm_movemask_epi8(special); // the high bit: non-ASCII, or one of the two
        if (mask != 0)
            return at + qCountTrailingZeroBits(uint(mask));
    }
#else
    constexpr quint64 ones = 0x0101010101010101ULL;
    constexpr quint64 highs = 0x8080808080808080ULL;
    const auto zeroBytes = [](quint64 word) { return (word - ones) & ~word & highs; };
    for (; size - at >= 8; at += 8) {
        quint64 word;
        std::memcpy(&word, p + at, 8);
        if ((word & highs) | zeroBytes(word ^ (ones * '"')) | zeroBytes(word ^ (ones * '\\')))
            break;
    }
#endif
    while (at < size && uchar(p[at]) < 0x80 && p[at] != '"' && p[at] != '\\')
        ++at;
    return at;
}

/*!
 * Whether \a json has a run of LongString bytes without a '"' in it: a long string has one, and
 * most payloads without a long string have none, so this cheap look (a vector compare per 16
 * bytes) spares them the lexer of findLongStrings().
 */
bool hasLongQuoteFreeRun(QByteArrayView json)
{
    const char *p = json.data();
    const qsizetype size = json.size();
    qsizetype runStart = 0; // where the run without a quote that reaches `at` starts, at most
    qsizetype at = 0;
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"');
    for (; size - at >= 16; at += 16) {
        const int mask = _mm_movemask_epi8(
            _mm_cmpeq_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i *>(p + at)), quote));
        if (mask != 0)
            runStart = at + 16 - qCountLeadingZeroBits(quint16(mask)); // past the block's last quote
        else if (at + 16 - runStart >= LongString)
            return true;
    }
#else
    constexpr quint64 ones = 0x0101010101010101ULL;
    constexpr quint64 highs = 0x8080808080808080ULL;
    for (; size - at >= 8; at += 8) {
        quint64 word;
        std::memcpy(&word, p + at, 8);
        const quint64 quotes = word ^ (ones * '"');
        if (((quotes - ones) & ~quotes & highs) != 0)
            runStart = at + 8; // a quote somewhere in the word: the run starts after it, at most
        else if (at + 8 - runStart >= LongString)
            return true;
    }
#endif
    for (; at < size; ++at) {
        if (p[at] == '"')
            runStart = at + 1;
        else if (at + 1 - runStart >= LongString)
            return true;
    }
    return false;
}

//! The lexer of findLongStrings(): JSON's tokens, read only as far as needed to find where each
//! string starts and ends (splitV2()'s cursor, with any string).
struct Scanner : Cursor
{
    /*!
     * Reads a string whose opening quote is at p. On success, p is past its closing quote, \a chars
     * are its characters and \a plain says whether they are all ASCII without an escape. False if
     * the string does not end.
     */
    bool string(QByteArrayView *chars, bool *plain)
    {
        const char *start = ++p;
        *plain = true;
        for (;;) {
            p += plainRun(p, end - p);
            if (p >= end)
                return false;
            const uchar c = uchar(*p);
            if (c == '"') {
                *chars = QByteArrayView(start, p - start);
                ++p;
                return true;
            }
            *plain = false;
            p += c == '\\' ? 2 : 1; // an escape's first character cannot end the string
        }
    }
    //! Skips a number or a literal (its characters only; whether it is one is the parser's business).
    bool scalar()
    {
        const char *start = p;
        while (p < end && ((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                           *p == '-' || *p == '+' || *p == '.'))
            ++p;
        return p > start;
    }
    //! Skips one value of any kind; false where the text is not JSON as far as this lexer can tell.
    bool value()
    {
        if (p >= end)
            return false;
        if (*p == '"') {
            QByteArrayView chars;
            bool plain;
            return string(&chars, &plain);
        }
        if (*p != '{' && *p != '[')
            return scalar();
        // A nested object or array: its strings are skipped as strings, the rest bracket by bracket.
        int depth = 0;
        while (p < end) {
            const char c = *p;
            if (c == '"') {
                QByteArrayView chars;
                bool plain;
                if (!string(&chars, &plain))
                    return false;
                continue;
            }
            if (c == '{' || c == '[') {
                ++depth;
            } else if (c == '}' || c == ']') {
                if (--depth == 0) {
                    ++p;
                    return true;
                }
            }
            ++p;
        }
        return false;
    }
};

/*!
 * Finds the members of the object \a json whose value is a string of at least LongString ASCII
 * characters without escapes, under a key of ASCII characters without escapes, and that no later
 * member repeats (the parser keeps the last of equal keys). Any other shape, and any text this
 * lexer does not follow, finds nothing: the parser then reads the payload as it is.
 *
 * Emptying such a string changes nothing else the parser sees: the same tokens in the same order,
 * the same keys, and text that is valid exactly when the payload is.
 */
void findLongStrings(QByteArrayView json, QVarLengthArray<LongMember, 2> *found)
{
    if (!hasLongQuoteFreeRun(json))
        return;
    Scanner s{{json.data(), json.data() + json.size()}};
    QVarLengthArray<QByteArrayView, 16> keys;
    QVarLengthArray<std::pair<qsizetype, LongMember>, 2> candidates; // index of the key, member
    if (!s.eat('{') || s.eat('}'))
        return;
    for (;;) {
        s.skipSpace();
        if (s.p >= s.end || *s.p != '"')
            return;
        QByteArrayView key;
        bool plainKey;
        if (!s.string(&key, &plainKey))
            return;
        if (key.contains('\\'))
            return; // an escaped key may equal a later key written without escapes
        if (!s.eat(':'))
            return;
        s.skipSpace();
        if (s.p < s.end && *s.p == '"') {
            QByteArrayView chars;
            bool plain;
            if (!s.string(&chars, &plain))
                return;
            if (plain && plainKey && chars.size() >= LongString)
                candidates.append({keys.size(), LongMember{key, chars}});
        } else if (!s.value()) {
            return;
        }
        keys.append(key);
        if (s.eat('}'))
            break;
        if (!s.eat(','))
            return;
    }
    for (const auto &[index, member] : candidates) {
        const auto later = keys.cbegin() + index + 1;
        if (std::find(later, keys.cend(), member.key) == keys.cend())
            found->append(member);
    }
}

} // namespace

namespace PhoenixJsonText {

QJsonDocument parseDocument(QByteArrayView json, QJsonParseError *error)
{
    qsizetype at = findQuotedBom(json, 0);
    if (at < 0)
        return QJsonDocument::fromJson(QByteArray::fromRawData(json.data(), json.size()), error);
    // Rare: rewrite each quoted EF BB BF to the escape \uFEFF, which the parser keeps.
    QByteArray rewritten;
    rewritten.reserve(json.size() + 8);
    qsizetype done = 0;
    while (at >= 0) {
        rewritten.append(json.data() + done, at - done);
        rewritten.append("\\uFEFF", 6);
        done = at + 3;
        at = findQuotedBom(json, done);
    }
    rewritten.append(json.data() + done, json.size() - done);
    return QJsonDocument::fromJson(rewritten, error);
}

namespace {

/*!
 * parseObject() of a payload longer than LongString, with its long strings taken past the parser:
 * whether it parsed, or nothing (and nothing done) when it has no long string. Out of line, so
 * that the usual short payload pays only the size check.
 */
Q_NEVER_INLINE std::optional<bool> parseLongPayload(QByteArrayView json, QJsonObject *out)
{
    QVarLengthArray<LongMember, 2> longStrings;
    findLongStrings(json, &longStrings);
    if (longStrings.isEmpty())
        return std::nullopt;
    QByteArray emptied;
    emptied.reserve(json.size());
    const char *done = json.data();
    for (const LongMember &member : longStrings) {
        emptied.append(done, member.value.data() - done);
        done = member.value.data() + member.value.size();
    }
    emptied.append(done, json.data() + json.size() - done);
    QJsonParseError error;
    const QJsonDocument document = parseDocument(emptied, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return false;
    QJsonObject object = document.object();
    for (const LongMember &member : longStrings)
        object.insert(QLatin1StringView(member.key), QJsonValue(QLatin1StringView(member.value)));
    *out = std::move(object);
    return true;
}

} // namespace

bool parseObject(QByteArrayView json, QJsonObject *out)
{
    if (json.size() > LongString) {
        if (const std::optional<bool> parsed = parseLongPayload(json, out))
            return *parsed;
    }
    QJsonParseError error;
    const QJsonDocument document = parseDocument(json, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return false;
    *out = document.object();
    return true;
}

bool splitV2(QByteArrayView frame, V2Fields out)
{
    Cursor c{frame.data(), frame.data() + frame.size()};
    if (!c.eat('[') || !c.nullOrPlainString(out.joinRef, out.joinRefNull) || !c.eat(',') ||
        !c.nullOrPlainString(out.ref, out.refNull) || !c.eat(',') || !c.plainString(out.topic) ||
        !c.eat(',') || !c.plainString(out.event) || !c.eat(','))
        return false;
    c.skipSpace();
    if (c.p >= c.end || *c.p != '{')
        return false;
    const char *start = c.p;
    const char *last = c.end; // one past the closing ']', then past the payload's '}'
    while (last > start && isSpace(last[-1]))
        --last;
    if (last == start || last[-1] != ']')
        return false;
    --last;
    while (last > start && isSpace(last[-1]))
        --last;
    if (last - start < 2 || last[-1] != '}')
        return false;
    *out.payload = QByteArrayView(start, last - start);
    return true;
}

} // namespace PhoenixJsonText
