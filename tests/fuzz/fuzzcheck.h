// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

// Shared by the libFuzzer targets: how an invariant violation is reported. A violated invariant is a
// finding like a crash, so it prints what was expected and aborts (libFuzzer then saves the input as
// crash-<sha1> and the standalone replay driver fails).

#include <PhoenixQt/PhoenixMessage>

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QString>

#include <cstdio>
#include <cstdlib>

namespace PhoenixFuzz {

using namespace Qt::StringLiterals;

//! Describes \a message on one line, payload included (fuzz inputs carry no secrets).
inline QByteArray describe(const PhoenixMessage &message)
{
    const auto field = [](const QString &value) {
        return value.isNull() ? QByteArray("null") : QByteArray('"' + value.toUtf8().toHex() + '"');
    };
    return "{binary=" + QByteArray::number(int(message.binary)) + " joinRef=" + field(message.joinRef) +
           " ref=" + field(message.ref) + " topic=" + field(message.topic) +
           " event=" + field(message.event) +
           " payload=" + QJsonDocument(message.payload).toJson(QJsonDocument::Compact) +
           " binaryPayload=" + message.binaryPayload.toHex() + '}';
}

//! Aborts with \a what and, when given, the two messages that should have been equal.
[[noreturn]] inline void fail(const char *what, const PhoenixMessage *expected = nullptr,
                              const PhoenixMessage *actual = nullptr)
{
    std::fprintf(stderr, "INVARIANT VIOLATED: %s\n", what);
    if (expected)
        std::fprintf(stderr, "  expected %s\n", describe(*expected).constData());
    if (actual)
        std::fprintf(stderr, "  actual   %s\n", describe(*actual).constData());
    std::fflush(stderr);
    std::abort();
}

/*!
 * Strict equality of two messages: operator== plus the null-ness of joinRef and ref (QString's
 * operator== treats a null string as equal to an empty one, but on the wire null and "" differ).
 */
inline bool identical(const PhoenixMessage &a, const PhoenixMessage &b)
{
    return a == b && a.joinRef.isNull() == b.joinRef.isNull() && a.ref.isNull() == b.ref.isNull();
}

/*
 * Once a known bug, now fixed and checked exactly (0): Qt 6.4's JSON parser drops a U+FEFF that
 * starts a string or a key when it arrives as raw UTF-8 (QString::fromUtf8 eats it as a byte order
 * mark), while encodeText() writes it raw. The decoders rewrite it to the escape \uFEFF before parsing
 * (phoenixjsontext.cpp), so text round trips keep it; tst_PhoenixSerializer's
 * decodeTextKeepsLeadingBom and v1DecodeKeepsLeadingBom check it. Building with
 * PHOENIXQT_FUZZ_TOLERATE_LEADING_BOM=1 compares round trips with every leading U+FEFF removed again.
 */
#ifndef PHOENIXQT_FUZZ_TOLERATE_LEADING_BOM
#define PHOENIXQT_FUZZ_TOLERATE_LEADING_BOM 0
#endif

inline QString withoutLeadingBoms(const QString &text)
{
    qsizetype start = 0;
    while (start < text.size() && text.at(start) == QChar(0xfeff))
        ++start;
    return start == 0 ? text : text.mid(start);
}

inline QJsonValue withoutLeadingBoms(const QJsonValue &value);

inline QJsonObject withoutLeadingBoms(const QJsonObject &object)
{
    QJsonObject result;
    for (auto it = object.begin(); it != object.end(); ++it)
        result.insert(withoutLeadingBoms(it.key()), withoutLeadingBoms(it.value()));
    return result;
}

inline QJsonValue withoutLeadingBoms(const QJsonValue &value)
{
    if (value.isString())
        return withoutLeadingBoms(value.toString());
    if (value.isObject())
        return withoutLeadingBoms(value.toObject());
    if (value.isArray()) {
        QJsonArray result;
        for (const QJsonValue &element : value.toArray())
            result.append(withoutLeadingBoms(element));
        return result;
    }
    return value;
}

//! \a message as text round trips are compared (see PHOENIXQT_FUZZ_TOLERATE_LEADING_BOM).
inline PhoenixMessage comparable(const PhoenixMessage &message)
{
    if (!PHOENIXQT_FUZZ_TOLERATE_LEADING_BOM)
        return message;
    PhoenixMessage result = message;
    const auto strip = [](QString *field) {
        if (!field->isNull())
            *field = withoutLeadingBoms(*field);
    };
    strip(&result.joinRef);
    strip(&result.ref);
    strip(&result.topic);
    strip(&result.event);
    result.payload = withoutLeadingBoms(message.payload);
    return result;
}

//! Aborts with \a what unless \a expected and \a actual are identical().
inline void checkIdentical(const PhoenixMessage &expected, const PhoenixMessage &actual, const char *what)
{
    if (!identical(expected, actual))
        fail(what, &expected, &actual);
}

//! Aborts with \a what unless \a expected and \a actual are identical() once comparable().
inline void checkRoundTrip(const PhoenixMessage &expected, const PhoenixMessage &actual, const char *what)
{
    if (!identical(expected, actual) && !identical(comparable(expected), comparable(actual)))
        fail(what, &expected, &actual);
}

//! A message no decoder produces: a failed decode must leave it untouched.
inline PhoenixMessage sentinel()
{
    PhoenixMessage message;
    message.joinRef = u"sentinel-join-ref"_s;
    message.ref = u"sentinel-ref"_s;
    message.topic = u"sentinel:topic"_s;
    message.event = u"sentinel-event"_s;
    message.binaryPayload = QByteArrayLiteral("sentinel");
    return message;
}

} // namespace PhoenixFuzz

//! Aborts unless \a condition holds.
#define PHOENIX_FUZZ_CHECK(condition)                                                                        \
    do {                                                                                                     \
        if (!(condition))                                                                                    \
            PhoenixFuzz::fail(#condition);                                                                   \
    } while (false)

//! Aborts unless \a expected and \a actual are identical() messages, printing both.
#define PHOENIX_FUZZ_CHECK_IDENTICAL(expected, actual)                                                       \
    PhoenixFuzz::checkIdentical((expected), (actual), "identical(" #expected ", " #actual ")")

//! Aborts unless \a expected and \a actual are the same message as far as a text round trip keeps it.
#define PHOENIX_FUZZ_CHECK_ROUND_TRIP(expected, actual)                                                      \
    PhoenixFuzz::checkRoundTrip((expected), (actual), "round trip keeps " #expected " as " #actual)
