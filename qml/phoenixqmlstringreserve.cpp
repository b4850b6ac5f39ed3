// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#include "phoenixqmlstringreserve_p.h"

#include <QtQml/QJSEngine>

#include <algorithm>

using namespace Qt::StringLiterals;

PhoenixQmlStringReserve::PhoenixQmlStringReserve(QJSEngine *engine)
    : QObject(engine)
    , m_engine(engine)
    , m_bytes(reserveBytes())
{
    setObjectName(u"PhoenixQmlStringReserve"_s);
}

PhoenixQmlStringReserve *PhoenixQmlStringReserve::of(QJSEngine *engine)
{
    if (!engine)
        return nullptr;
    auto *reserve = engine->findChild<PhoenixQmlStringReserve *>(u"PhoenixQmlStringReserve"_s,
                                                                 Qt::FindDirectChildrenOnly);
    return reserve ? reserve : new PhoenixQmlStringReserve(engine); // owned by the engine
}

void PhoenixQmlStringReserve::setHeld(bool held)
{
    if (m_bytes <= 0 || held == m_held)
        return;
    m_held = held;
    // Uninitialized: the characters are never touched, so they cost address space, not memory. The
    // engine's string shares this QString's data and counts its length as string text. Let go, it is
    // garbage, and the engine lowers its limit again over the next collections.
    m_reserve = held ? m_engine->toScriptValue(QString(m_bytes / qsizetype(sizeof(QChar)), Qt::Uninitialized))
                     : QJSValue();
}

qsizetype PhoenixQmlStringReserve::reserveBytes()
{
    bool ok = false;
    const qlonglong bytes = qEnvironmentVariable("PHOENIXQT_QML_STRING_RESERVE").toLongLong(&ok);
    if (!ok || bytes < 0)
        return DefaultBytes;
    return qsizetype(std::min<qlonglong>(bytes, qlonglong(1) << 30)); // at most 1 GiB of address space
}
