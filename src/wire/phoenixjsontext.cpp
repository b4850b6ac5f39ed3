// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#include "phoenixjsontext_p.h"

#include <cstring>

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

bool parseObject(QByteArrayView json, QJsonObject *out)
{
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
