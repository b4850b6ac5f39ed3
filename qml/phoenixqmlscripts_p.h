// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

//
//  W A R N I N G
//  -------------
// This file is not part of the PhoenixQt API. It may change from version to version without notice.
//

#include <QtCore/QObject>
#include <QtQml/QJSValue>

class QJSEngine;

/*!
 * \internal
 * The small JavaScript functions the module calls per push, compiled once per engine: a push's
 * Promise used to be made by QJSEngine::evaluate() of its source, which parsed and compiled it
 * every time (200 k of the 337 k instructions of a push awaited with then()). A push's payload is
 * written by JSON.stringify(), as phoenix.js writes it: the JS -> QVariantMap -> QJsonObject -> text
 * conversions it replaced cost 19 k of a push's 108 k instructions.
 *
 * One per engine (of()), a child of the engine. Main (engine) thread only.
 */
class PhoenixQmlScripts : public QObject
{
    Q_OBJECT

public:
    //! The scripts of \a engine, compiled on first use (owned by the engine). Null without an engine.
    static PhoenixQmlScripts *of(QJSEngine *engine);

    /*!
     * A new pending Promise with its settling functions: sets \a promise, \a resolve and \a reject.
     * False if the engine could not make one.
     */
    bool newPromise(QJSValue *promise, QJSValue *resolve, QJSValue *reject) const;
    //! `promise.then(onFulfilled, onRejected)`: the Promise then() returns.
    QJSValue then(const QJSValue &promise, const QJSValue &onFulfilled, const QJSValue &onRejected) const;

    /*!
     * JSON.stringify(\a object) into \a json (UTF-8). False when it did not make an object's text
     * (a Date, a toJSON() returning something else, nothing at all), or when it threw: then
     * \a thrown is what it threw, for the caller to throw on.
     */
    bool stringifyObject(const QJSValue &object, QByteArray *json, QJSValue *thrown) const;

private:
    explicit PhoenixQmlScripts(QJSEngine *engine);

    QJSValue m_newPromise; // () => [promise, resolve, reject]
    QJSValue m_then;       // (promise, onFulfilled, onRejected) => promise.then(onFulfilled, onRejected)
    QJSValue m_stringify;  // (value) => JSON.stringify(value)
};
