// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

//
//  W A R N I N G
//  -------------
// This file is not part of the PhoenixQt API. It may change from version to version without notice.
//

#include <QtCore/QByteArrayView>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>

/*!
 * \internal
 * The JSON text helpers behind the text serializers and the engine's receive path.
 *
 * parseDocument() and parseObject() are QJsonDocument::fromJson() without its one known loss: Qt 6.4
 * stores a string without escapes as UTF-8 and converts it with QString::fromUtf8(), which drops a
 * leading EF BB BF as a byte order mark, so a string or key starting with U+FEFF lost it. Every
 * EF BB BF right after a quote is rewritten to the escape \uFEFF first (the parser keeps escaped
 * strings as UTF-16); the input is copied only when it holds such a sequence.
 *
 * splitV2() is the fast path of a V2 text frame: it finds the five fields of
 * [join_ref, ref, topic, event, payload] without building a QJsonDocument for the envelope, so the
 * envelope's strings can be compared and routed as bytes and only the payload object is parsed.
 */
namespace PhoenixJsonText {

//! QJsonDocument::fromJson() that keeps a leading U+FEFF of strings and keys.
QJsonDocument parseDocument(QByteArrayView json, QJsonParseError *error = nullptr);

/*!
 * Parses \a json (the bytes of one JSON object, nothing around it) into \a out; false if it is not
 * one. The result is parseDocument()'s, but a payload whose top level holds strings of 2 KiB and more
 * (ASCII, no escapes) is parsed with those strings emptied and has them inserted afterwards: Qt's
 * parser reads strings a code point at a time. tests/fuzz/fuzz_json_payload.cpp checks that the
 * two always agree.
 */
bool parseObject(QByteArrayView json, QJsonObject *out);

//! Where splitV2() writes the fields of a V2 text frame, as slices of the frame (valid as long as the
//! frame is): pointers into the caller's own record (the serializer's TextFields), so that nothing is
//! copied field by field.
struct V2Fields
{
    QByteArrayView *joinRef; //!< the join_ref's characters (no quotes)
    bool *joinRefNull;       //!< whether the join_ref is JSON null
    QByteArrayView *ref;     //!< the ref's characters
    bool *refNull;           //!< whether the ref is JSON null
    QByteArrayView *topic;   //!< the topic's characters
    QByteArrayView *event;   //!< the event's characters
    QByteArrayView *payload; //!< the payload object's bytes, from '{' to '}', not parsed yet
};

/*!
 * Splits \a frame into its V2 fields when it has the shape Phoenix sends: a JSON array whose first
 * four elements are null or strings of printable ASCII without escapes and whose last element is
 * an object (whitespace between tokens allowed). Returns false for anything else, including every
 * malformed frame: the caller then uses the general parser, which also gives the error. The
 * payload is only delimited, not checked: parse it with parseObject() (a payload that does not
 * parse means the frame is malformed).
 */
bool splitV2(QByteArrayView frame, V2Fields out);

} // namespace PhoenixJsonText
