// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#include "phoenixqmlscripts_p.h"

#include <QtQml/QJSEngine>

using namespace Qt::StringLiterals;

PhoenixQmlScripts::PhoenixQmlScripts(QJSEngine *engine)
    : QObject(engine)
    , m_newPromise(engine->evaluate(u"(function () { let resolve, reject;"
                                    " const promise = new Promise((a, b) => { resolve = a; reject = b; });"
                                    " return [promise, resolve, reject]; })"_s))
    , m_then(engine->evaluate(u"(function (promise, a, b) { return promise.then(a, b); })"_s))
    , m_stringify(engine->evaluate(u"(function (value) { return JSON.stringify(value); })"_s))
{
    setObjectName(u"PhoenixQmlScripts"_s);
}

PhoenixQmlScripts *PhoenixQmlScripts::of(QJSEngine *engine)
{
    if (!engine)
        return nullptr;
    auto *scripts =
        engine->findChild<PhoenixQmlScripts *>(u"PhoenixQmlScripts"_s, Qt::FindDirectChildrenOnly);
    return scripts ? scripts : new PhoenixQmlScripts(engine);
}

bool PhoenixQmlScripts::newPromise(QJSValue *promise, QJSValue *resolve, QJSValue *reject) const
{
    const QJSValue parts = m_newPromise.call();
    if (!parts.isArray())
        return false;
    *promise = parts.property(0);
    *resolve = parts.property(1);
    *reject = parts.property(2);
    return true;
}

QJSValue PhoenixQmlScripts::then(const QJSValue &promise, const QJSValue &onFulfilled,
                                 const QJSValue &onRejected) const
{
    return m_then.call({promise, onFulfilled, onRejected});
}

bool PhoenixQmlScripts::stringifyObject(const QJSValue &object, QByteArray *json, QJSValue *thrown) const
{
    const QJSValue text = m_stringify.call({object});
    if (!text.isString()) {
        // JSON.stringify() returns a string or undefined; anything else was thrown.
        if (!text.isUndefined())
            *thrown = text;
        return false;
    }
    *json = text.toString().toUtf8();
    return json->startsWith('{'); // a Date, or a toJSON() that made a string or an array: no object
}
