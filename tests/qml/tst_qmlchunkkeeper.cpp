// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// PhoenixQmlChunkKeeper (qml/phoenixqmlchunkkeeper.cpp): a QML engine that reads payloads keeps the
// memory chunks of its object heap between collections instead of handing them back to the kernel
// after each one (and faulting them in again). Counted from the engine's own log (category
// qt.qml.gc.allocatorStats: "Freed up chunks : N" and "========== GC ==========" per collection).

#include "benchpayload.h"
#include "phoenixqmlchunkkeeper_p.h"
#include "phoenixqmljson_p.h"

#include <QtCore/QLoggingCategory>
#include <QtCore/QRegularExpression>
#include <QtQml/QJSEngine>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;

namespace {

int collections = 0;
int freedChunks = 0;
QtMessageHandler previousHandler = nullptr;

void countChunks(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (qstrcmp(context.category, "qt.qml.gc.allocatorStats") == 0) {
        static const QRegularExpression freed(u"Freed up chunks\\s*:\\s*(\\d+)"_s);
        if (message.contains("========== GC =========="_L1))
            ++collections;
        else if (const QRegularExpressionMatch match = freed.match(message); match.hasMatch())
            freedChunks += match.captured(1).toInt();
        return; // the rest of the statistics is noise here
    }
    previousHandler(type, context, message);
}

using PhoenixQmlTest::benchPayload;

struct Reading
{
    int collections = -1;
    int freedChunks = -1;
    int markers = -1;
};

//! Reads \a count payloads of \a size bytes with a fresh engine's reader, after a warm-up, as a
//! channel item does for its handler; what the engine's log said meanwhile.
Reading read(int count, int size)
{
    QJSEngine engine;
    PhoenixQmlJsonReader *reader = PhoenixQmlJsonReader::of(&engine);
    QJSValue last;
    for (int i = 0; i < 5000; ++i) // the shape's maker is compiled; the heap has its working size
        reader->read(benchPayload(i, size), &last);
    collections = 0;
    freedChunks = 0;
    double sum = 0;
    for (int i = 0; i < count; ++i) {
        if (!reader->read(benchPayload(i, size), &last))
            return {};
        sum += last.property(u"id"_s).toNumber(); // what a handler does
    }
    if (sum != double(count) * (count - 1) / 2)
        return {};
    return {collections, freedChunks, PhoenixQmlChunkKeeper::of(&engine)->heldMarkers()};
}

} // namespace

class tst_QmlChunkKeeper : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void readingPayloadsKeepsTheHeapsChunks();
    void withoutTheKeeperChunksGoBackAfterCollections();
    void markerCountComesFromTheEnvironment();
};

void tst_QmlChunkKeeper::initTestCase()
{
    // Read by each engine's memory manager when it is made: set before any engine exists.
    QLoggingCategory::setFilterRules(u"qt.qml.gc.allocatorStats.debug=true"_s);
    previousHandler = qInstallMessageHandler(countChunks);
}

void tst_QmlChunkKeeper::cleanup()
{
    qunsetenv("PHOENIXQT_QML_CHUNK_MARKERS");
}

void tst_QmlChunkKeeper::readingPayloadsKeepsTheHeapsChunks()
{
    // 100-byte payloads: V4 collects per 128 KB of new strings, about every 1,000 of them here.
    const Reading seen = read(60000, 100);
    qInfo("%d collections, %d chunks handed back", seen.collections, seen.freedChunks);
    QVERIFY2(seen.collections >= 0, "the reader did not read the payloads");
    QVERIFY2(seen.collections >= 10, "too few collections for the test to say anything");
    QCOMPARE(seen.markers, PhoenixQmlChunkKeeper::DefaultMarkers);
    // Before the keeper: two or more chunks per collection.
    QVERIFY2(
        seen.freedChunks <= seen.collections / 10,
        qPrintable(u"%1 chunks handed back in %2 collections"_s.arg(seen.freedChunks).arg(seen.collections)));
}

void tst_QmlChunkKeeper::withoutTheKeeperChunksGoBackAfterCollections()
{
    // What the keeper prevents, shown by turning it off: the test above can fail.
    qputenv("PHOENIXQT_QML_CHUNK_MARKERS", "0");
    const Reading seen = read(60000, 100);
    qInfo("%d collections, %d chunks handed back", seen.collections, seen.freedChunks);
    QVERIFY(seen.collections >= 10);
    QCOMPARE(seen.markers, 0);
    QVERIFY2(
        seen.freedChunks >= seen.collections,
        qPrintable(u"%1 chunks handed back in %2 collections"_s.arg(seen.freedChunks).arg(seen.collections)));
}

void tst_QmlChunkKeeper::markerCountComesFromTheEnvironment()
{
    QJSEngine plain;
    QCOMPARE(PhoenixQmlChunkKeeper::of(&plain)->markerCount(), PhoenixQmlChunkKeeper::DefaultMarkers);
    QCOMPARE(PhoenixQmlChunkKeeper::of(&plain), PhoenixQmlChunkKeeper::of(&plain)); // one per engine
    QCOMPARE(PhoenixQmlChunkKeeper::of(nullptr), nullptr);

    const auto markersWith = [](const QByteArray &value) {
        qputenv("PHOENIXQT_QML_CHUNK_MARKERS", value);
        QJSEngine engine;
        PhoenixQmlChunkKeeper *keeper = PhoenixQmlChunkKeeper::of(&engine);
        for (int i = 0; i < 100 * PhoenixQmlChunkKeeper::MarkEvery; ++i)
            keeper->allocated();
        return std::pair(keeper->markerCount(), keeper->heldMarkers());
    };
    QCOMPARE(markersWith("8"), std::pair(8, 8));      // the ring is full and stays at its size
    QCOMPARE(markersWith("0"), std::pair(0, 0));      // off
    QCOMPARE(markersWith("lots"), std::pair(64, 64)); // not a count: the default
    QCOMPARE(markersWith("-3"), std::pair(64, 64));
    QCOMPARE(markersWith("99999"), std::pair(1024, 100)); // capped; 100 marks made so far
}

QTEST_GUILESS_MAIN(tst_QmlChunkKeeper)
#include "tst_qmlchunkkeeper.moc"
