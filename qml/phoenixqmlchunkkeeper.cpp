// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#include "phoenixqmlchunkkeeper_p.h"

#include <QtQml/QJSEngine>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

int markersFromEnvironment()
{
    bool ok = false;
    const int markers = qEnvironmentVariableIntValue("PHOENIXQT_QML_CHUNK_MARKERS", &ok);
    if (!ok || markers < 0)
        return PhoenixQmlChunkKeeper::DefaultMarkers;
    return std::min(markers, int(PhoenixQmlChunkKeeper::MaxMarkers));
}

//! The keeper of the engine used last in this thread (most applications have one engine), found
//! without a lookup: of() is called per push.
thread_local PhoenixQmlChunkKeeper *lastKeeper = nullptr;

} // namespace

PhoenixQmlChunkKeeper::PhoenixQmlChunkKeeper(QJSEngine *engine)
    : QObject(engine)
    , m_engine(engine)
    , m_markers(markersFromEnvironment())
{
    setObjectName(u"PhoenixQmlChunkKeeper"_s);
}

PhoenixQmlChunkKeeper *PhoenixQmlChunkKeeper::of(QJSEngine *engine)
{
    if (!engine)
        return nullptr;
    if (lastKeeper && lastKeeper->m_engine == engine)
        return lastKeeper;
    auto *keeper =
        engine->findChild<PhoenixQmlChunkKeeper *>(u"PhoenixQmlChunkKeeper"_s, Qt::FindDirectChildrenOnly);
    lastKeeper = keeper ? keeper : new PhoenixQmlChunkKeeper(engine); // owned by the engine
    return lastKeeper;
}

PhoenixQmlChunkKeeper::~PhoenixQmlChunkKeeper()
{
    if (lastKeeper == this)
        lastKeeper = nullptr;
}

int PhoenixQmlChunkKeeper::heldMarkers() const
{
    return int(m_ring.size());
}

void PhoenixQmlChunkKeeper::mark()
{
    m_count = 0;
    // An empty object: the engine places it where it places its next objects. The one it replaces
    // becomes garbage, and its chunk is handed back only if nothing newer landed there.
    QJSValue marker = m_engine->newObject();
    if (m_ring.size() < m_markers) {
        m_ring.append(std::move(marker));
        return;
    }
    m_ring[m_next] = std::move(marker);
    m_next = (m_next + 1) % m_markers;
}
