// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

//
//  W A R N I N G
//  -------------
// This file is not part of the PhoenixQt API. It may change from version to version without notice.
//

#include <QtCore/QByteArray>
#include <QtCore/QByteArrayView>
#include <QtCore/QHash>
#include <QtCore/QObject>
#include <QtCore/QPointer>
#include <QtCore/QVarLengthArray>
#include <QtQml/QJSValue>

#include <deque>
#include <utility>

class QJSEngine;
class PhoenixQmlChunkKeeper;
class PhoenixQmlStringReserve;

/*!
 * \internal
 * Reads a message payload's JSON text straight into a JavaScript value of a QML engine, the way
 * JSON.parse() would, without building a QJsonDocument first and converting it afterwards (which
 * cost the QML path twice: parsing, then one JS string and one property write per member).
 *
 * An object whose keys (the same ones, in the same order) were seen before is made by a small
 * function compiled for that \e shape, `(v0, v1) => ({"id": v0, "body": v1})`: the keys are in
 * the compiled code, so making the object costs one call, where QJSValue::setProperty() made a JS
 * string of the key, looked it up and changed the object's layout per member. New shapes are made
 * with setProperty() until seen again; at most MaxShapes are compiled per engine.
 *
 * It takes plain JSON only: anything else (malformed text, but also what Qt's parser accepts
 * beyond the standard: raw control characters in strings, unknown escapes, lone surrogates; and
 * numbers that overflow, nesting deeper than 512, "__proto__" keys) makes read() return false, and
 * the caller falls back to QJsonDocument, which words the error or reads what it accepts. So the
 * values are those the QJsonDocument way gives; the members of an object keep the order of the JSON
 * text (as with JSON.parse()), where a QJsonObject sorts its keys.
 *
 * One per engine (of()), a child of the engine. Main (engine) thread only.
 */
class PhoenixQmlJsonReader : public QObject
{
    Q_OBJECT

public:
    //! The reader of \a engine, made on first use (owned by the engine). Null without an engine.
    static PhoenixQmlJsonReader *of(QJSEngine *engine);
    ~PhoenixQmlJsonReader() override;

    //! Reads the JSON text \a json (UTF-8) into \a out. False if it is not plain JSON (see above).
    bool read(QByteArrayView json, QJSValue *out);

    //! How many object shapes have a compiled maker (for tests).
    int compiledShapes() const;

    //! The most shapes compiled per engine; objects of further shapes are made with setProperty().
    static constexpr int MaxShapes = 256;
    //! Objects with more members are made with setProperty().
    static constexpr int MaxShapeKeys = 32;

private:
    explicit PhoenixQmlJsonReader(QJSEngine *engine);
    friend class PhoenixQmlJsonParser;

    //! What the object being read at one nesting level has collected; kept between reads.
    struct Level
    {
        QByteArray keys;                             // the keys' UTF-8, each followed by '\0'
        QVarLengthArray<std::pair<int, int>, 16> at; // each key's offset and size in keys
        QJSValueList values;
        bool plainKeys = true; // every key plain ASCII (no escapes): the object can have a maker
    };
    Level &level(int depth);

    struct Shape
    {
        QJSValue make; // the compiled maker, once seen twice
        int seen = 0;
    };
    //! The maker for \a keys (each key followed by '\0'), or null while there is none (yet).
    const QJSValue *maker(const QByteArray &keys, int count);

    QJSEngine *m_engine;
    QHash<QByteArray, Shape> m_shapes;
    std::deque<Level> m_levels; // deque: a deeper level never moves a shallower one
    int m_compiled = 0;
    QPointer<PhoenixQmlStringReserve> m_reserve; // held while the payloads read are large
    QPointer<PhoenixQmlChunkKeeper> m_keeper;    // keeps the object heap's chunks between collections
};
