// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#include "phoenixqmlstringreserve_p.h"

#include <QtQml/QJSEngine>

#include <algorithm>

using namespace Qt::StringLiterals;

PhoenixQmlStringReserve::PhoenixQmlStringReserve(QJSEngine *engine)
    : QObject(engine)
{
    setObjectName(u"PhoenixQmlStringReserve"_s);
    const qsizetype bytes = reserveBytes();
    if (bytes > 0) {
        // Uninitialized: the characters are never touched, so they cost address space, not memory.
        // The engine's string shares this QString's data; it counts its length as string text.
        m_reserve = engine->toScriptValue(QString(bytes / qsizetype(sizeof(QChar)), Qt::Uninitialized));
    }
}

void PhoenixQmlStringReserve::ensure(QJSEngine *engine)
{
    // By name, not by class: a test that links this file and loads the plugin has two copies of it.
    if (!engine || engine->findChild<QObject *>(u"PhoenixQmlStringReserve"_s, Qt::FindDirectChildrenOnly))
        return;
    new PhoenixQmlStringReserve(engine); // owned by the engine
}

qsizetype PhoenixQmlStringReserve::reserveBytes()
{
    bool ok = false;
    const qlonglong bytes = qEnvironmentVariable("PHOENIXQT_QML_STRING_RESERVE").toLongLong(&ok);
    if (!ok || bytes < 0)
        return DefaultBytes;
    return qsizetype(std::min<qlonglong>(bytes, qlonglong(1) << 30)); // at most 1 GiB of address space
}
