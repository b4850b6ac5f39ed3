// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// PhoenixQmlStringReserve (qml/phoenixqmlstringreserve.cpp): a QML engine that reads large payloads
// must not run a full garbage collection after every 128 KB of new strings; one that reads small
// payloads keeps Qt's pace (the reserve would make its object heap grow and shrink); the reserve
// costs address space, not memory. The collections are counted from the engine's own log
// (category qt.qml.gc.allocatorStats, one "========== GC ==========" line per collection).

#include "benchpayload.h"
#include "phoenixqmljson_p.h"
#include "phoenixqmlstringreserve_p.h"

#include <QtCore/QFile>
#include <QtCore/QLoggingCategory>
#include <QtQml/QJSEngine>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;

namespace {

int collections = 0;
QtMessageHandler previousHandler = nullptr;

void countCollections(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (qstrcmp(context.category, "qt.qml.gc.allocatorStats") == 0) {
        if (message.contains("========== GC =========="_L1))
            ++collections;
        return; // the rest of the statistics is noise here
    }
    previousHandler(type, context, message);
}

using PhoenixQmlTest::benchPayload;

//! Resident memory of this process in bytes (Linux), or -1.
qint64 residentBytes()
{
    QFile statm(u"/proc/self/statm"_s);
    if (!statm.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    return fields.size() > 1 ? fields.at(1).toLongLong() * 4096 : -1;
}

} // namespace

class tst_QmlStringReserve : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void readingLargePayloadsCollectsOncePerReserve();
    void readingSmallPayloadsKeepsQtsPace();
    void reserveFollowsThePayloadSize();
    void reserveOfZeroLeavesQtsPace();
    void reserveCostsAddressSpaceNotMemory();

private:
    //! Collections while an engine's reader reads \a megabytes MB of string text in payloads of
    //! \a size bytes; \a held tells whether the reserve was held at the end.
    int collectionsWhileReading(int megabytes, int size = 1024, bool *held = nullptr);
};

void tst_QmlStringReserve::initTestCase()
{
    // Read by each engine's memory manager when it is made: set before any engine exists.
    QLoggingCategory::setFilterRules(u"qt.qml.gc.allocatorStats.debug=true"_s);
    previousHandler = qInstallMessageHandler(countCollections);
}

void tst_QmlStringReserve::cleanup()
{
    qunsetenv("PHOENIXQT_QML_STRING_RESERVE");
}

int tst_QmlStringReserve::collectionsWhileReading(int megabytes, int size, bool *held)
{
    QJSEngine engine;
    PhoenixQmlJsonReader *reader = PhoenixQmlJsonReader::of(&engine);
    QJSValue last;
    for (int i = 0; i < 300; ++i) // the shape's maker is compiled; the reserve follows the size
        reader->read(benchPayload(i, size), &last);
    collections = 0;
    // The engine counts 2 bytes per character of the strings ("ada" and the body).
    const int perPayload = 2 * (3 + size - int(benchPayload(0, size).indexOf("\"body\":\"")) - 10);
    const int count = megabytes * 1024 * 1024 / perPayload;
    double sum = 0;
    for (int i = 0; i < count; ++i) {
        if (!reader->read(benchPayload(i, size), &last))
            return -1;
        sum += last.property(u"id"_s).toNumber(); // what a handler does
    }
    if (sum != double(count) * (count - 1) / 2)
        return -1;
    if (held)
        *held = PhoenixQmlStringReserve::of(&engine)->isHeld();
    return collections;
}

void tst_QmlStringReserve::readingLargePayloadsCollectsOncePerReserve()
{
    // 8 MB of string text in 1 KiB payloads with the default 512 KiB reserve: a collection per
    // 512 KiB, 16. Without it Qt's engine collects per 128 KB: about 64 times.
    bool held = false;
    const int seen = collectionsWhileReading(8, 1024, &held);
    qInfo("%d collections for 8 MB of payload strings (1 KiB payloads)", seen);
    QVERIFY2(seen >= 0, "the reader did not read the payloads");
    QVERIFY(held);
    QVERIFY2(seen <= 20, qPrintable(u"%1 collections for 8 MB of strings"_s.arg(seen)));
}

void tst_QmlStringReserve::readingSmallPayloadsKeepsQtsPace()
{
    // 100-byte payloads: no reserve, so collections come before the object heap must grow.
    bool held = true;
    const int seen = collectionsWhileReading(2, 100, &held);
    qInfo("%d collections for 2 MB of payload strings (100 B payloads)", seen);
    QVERIFY(!held);
    QVERIFY2(seen >= 12, qPrintable(u"%1 collections for 2 MB of strings"_s.arg(seen)));
}

void tst_QmlStringReserve::reserveFollowsThePayloadSize()
{
    QJSEngine engine;
    PhoenixQmlJsonReader *reader = PhoenixQmlJsonReader::of(&engine);
    PhoenixQmlStringReserve *reserve = PhoenixQmlStringReserve::of(&engine);
    QVERIFY(!reserve->isHeld()); // made with the reader, held only for large payloads
    QJSValue value;
    for (int i = 0; i < 200 && !reserve->isHeld(); ++i)
        QVERIFY(reader->read(benchPayload(i, 4096), &value));
    QVERIFY(reserve->isHeld());
    for (int i = 0; i < 50; ++i) // a few small ones among the large: still held
        QVERIFY(reader->read(benchPayload(i, 100), &value));
    QVERIFY(reserve->isHeld());
    for (int i = 0; i < 400 && reserve->isHeld(); ++i)
        QVERIFY(reader->read(benchPayload(i, 100), &value));
    QVERIFY(!reserve->isHeld());
}

void tst_QmlStringReserve::reserveOfZeroLeavesQtsPace()
{
    qputenv("PHOENIXQT_QML_STRING_RESERVE", "0");
    QCOMPARE(PhoenixQmlStringReserve::reserveBytes(), 0);
    bool held = true;
    const int seen = collectionsWhileReading(8, 1024, &held);
    qInfo("%d collections for 8 MB of payload strings without the reserve", seen);
    QVERIFY(!held);
    QVERIFY2(seen >= 40, qPrintable(u"%1 collections for 8 MB of strings"_s.arg(seen)));

    qputenv("PHOENIXQT_QML_STRING_RESERVE", "4194304");
    QCOMPARE(PhoenixQmlStringReserve::reserveBytes(), 4194304);
    qputenv("PHOENIXQT_QML_STRING_RESERVE", "lots");
    QCOMPARE(PhoenixQmlStringReserve::reserveBytes(), PhoenixQmlStringReserve::DefaultBytes);
}

void tst_QmlStringReserve::reserveCostsAddressSpaceNotMemory()
{
#if defined(__SANITIZE_ADDRESS__)
    QSKIP("AddressSanitizer keeps its own books on every allocation");
#endif
    if (residentBytes() < 0)
        QSKIP("no /proc/self/statm here");
    qputenv("PHOENIXQT_QML_STRING_RESERVE", QByteArray::number(256 * 1024 * 1024));
    QJSEngine engine;
    PhoenixQmlStringReserve *reserve = PhoenixQmlStringReserve::of(&engine);
    engine.evaluate(u"1"_s); // the engine's own first allocations happen before the measurement
    const qint64 before = residentBytes();
    reserve->setHeld(true);
    QVERIFY(reserve->isHeld());
    engine.collectGarbage(); // the engine walks its strings: the reserve's text is still not read
    const qint64 grown = residentBytes() - before;
    QVERIFY2(grown < 4 * 1024 * 1024, qPrintable(u"a 256 MB reserve made %1 bytes resident"_s.arg(grown)));
}

QTEST_GUILESS_MAIN(tst_QmlStringReserve)
#include "tst_qmlstringreserve.moc"
