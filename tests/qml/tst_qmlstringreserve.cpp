// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// PhoenixQmlStringReserve (qml/phoenixqmlstringreserve.cpp): a QML engine that reads payloads must not
// run a full garbage collection after every 128 KB of new strings, and the reserve that prevents it
// must cost address space, not memory. The collections are counted from the engine's own log
// (category qt.qml.gc.allocatorStats, one "========== GC ==========" line per collection).

#include "phoenixqmljson_p.h"
#include "phoenixqmlstringreserve_p.h"

#include <QtCore/QFile>
#include <QtCore/QLoggingCategory>
#include <QtQml/QJSEngine>
#include <QtQml/QQmlComponent>
#include <QtQml/QQmlEngine>
#include <QtTest/QTest>

#include <memory>

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

//! A payload of about \a size bytes, as the benchmarks send: {"id":…,"user":"ada","body":"lorem …"}.
QByteArray payload(int id, int size)
{
    QByteArray text = R"({"id":)"_ba + QByteArray::number(id) + R"(,"user":"ada","body":")"_ba;
    while (text.size() < size - 2)
        text += "lorem ipsum ";
    text.truncate(size - 2);
    return text + "\"}";
}

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
    void readingPayloadsCollectsOncePerReserve();
    void reserveOfZeroLeavesQtsPace();
    void reserveCostsAddressSpaceNotMemory();
    void aSocketItemGivesItsEngineTheReserve();

private:
    //! Collections while an engine's reader reads \a megabytes MB of 1 KiB payloads.
    int collectionsWhileReading(int megabytes);
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

int tst_QmlStringReserve::collectionsWhileReading(int megabytes)
{
    QJSEngine engine;
    PhoenixQmlJsonReader *reader = PhoenixQmlJsonReader::of(&engine);
    QJSValue last;
    for (int i = 0; i < 100; ++i) // the shape's maker is compiled; the engine settles
        reader->read(payload(i, 1024), &last);
    collections = 0;
    const int count = megabytes * 1024 * 1024 / (2 * 1024); // the engine counts 2 bytes per character
    double sum = 0;
    for (int i = 0; i < count; ++i) {
        if (!reader->read(payload(i, 1024), &last))
            return -1;
        sum += last.property(u"id"_s).toNumber(); // what a handler does
    }
    if (sum != double(count) * (count - 1) / 2)
        return -1;
    return collections;
}

void tst_QmlStringReserve::readingPayloadsCollectsOncePerReserve()
{
    // 8 MB of string text with the default 1 MiB reserve: a collection per MiB, 8 (and one more for
    // the reserve itself). Without it Qt's engine collects per 128 KB: 64 times.
    const int seen = collectionsWhileReading(8);
    qInfo("%d collections for 8 MB of payload strings", seen);
    QVERIFY2(seen >= 0, "the reader did not read the payloads");
    QVERIFY2(seen <= 10, qPrintable(u"%1 collections for 8 MB of strings"_s.arg(seen)));
}

void tst_QmlStringReserve::reserveOfZeroLeavesQtsPace()
{
    qputenv("PHOENIXQT_QML_STRING_RESERVE", "0");
    QCOMPARE(PhoenixQmlStringReserve::reserveBytes(), 0);
    const int seen = collectionsWhileReading(8);
    qInfo("%d collections for 8 MB of payload strings without the reserve", seen);
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
    engine.evaluate(u"1"_s); // the engine's own first allocations happen before the measurement
    const qint64 before = residentBytes();
    PhoenixQmlStringReserve::ensure(&engine);
    engine.collectGarbage(); // the engine walks its strings: the reserve's text is still not read
    const qint64 grown = residentBytes() - before;
    QVERIFY2(grown < 4 * 1024 * 1024, qPrintable(u"a 256 MB reserve made %1 bytes resident"_s.arg(grown)));
}

void tst_QmlStringReserve::aSocketItemGivesItsEngineTheReserve()
{
#if !defined(PHOENIXQT_HAVE_QML_PLUGIN)
    QSKIP("built without the QML module (PHOENIXQT_BUILD_QML=OFF)");
#endif
    QQmlEngine engine;
    engine.addImportPath(QStringLiteral(PHOENIXQT_QML_IMPORT_DIR));
    const auto reserveOf = [&engine] {
        return engine.findChild<QObject *>(u"PhoenixQmlStringReserve"_s, Qt::FindDirectChildrenOnly);
    };
    QVERIFY(!reserveOf());
    QQmlComponent component(&engine);
    component.setData("import Phoenix\nPhoenixSocket { url: \"ws://127.0.0.1:1/socket\" }", QUrl());
    const std::unique_ptr<QObject> socket(component.create());
    QVERIFY2(socket, qPrintable(component.errorString()));
    QVERIFY(reserveOf());
}

QTEST_GUILESS_MAIN(tst_QmlStringReserve)
#include "tst_qmlstringreserve.moc"
