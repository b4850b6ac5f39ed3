// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors

// bench-simdjson: decode cost per received text frame, no network, with the frames and method of
// clients/bench-decode.cpp (64 broadcast frames [null,null,"bench:<i>","bench",{...size bytes...}]
// held as QString like QWebSocket hands them out, converted with toUtf8() per frame). Modes:
//   parse      QJsonDocument::fromJson + reading the five fields (the parse limit of bench-decode)
//   v2         PhoenixV2JsonSerializer::decodeText()
//   simd       PhoenixSimdJsonSerializer::decodeText()
//   simdparse  simdjson DOM parse + reading the five fields, no QJsonObject built (what simdjson
//              alone costs; not a usable decoder, since messageReceived hands out a QJsonObject)
// Every run measures every mode over --count frames (modes interleaved, so drift hits all alike);
// prints min/median/max CPU ns per frame over --runs runs as one JSON line and a table. Under
// valgrind --tool=callgrind --instr-atstart=no (use --runs 1) it dumps one part per mode.

#include "../common/benchcommon.h"
#include "phoenixsimdjsonserializer.h"

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QList>
#include <QtCore/QStringList>

#include <simdjson.h>

#include <cstdio>
#include <functional>

using namespace Qt::StringLiterals;

namespace {

struct Mode
{
    const char *name;
    std::function<qint64(const QString &)> decode; // returns a checksum so nothing is optimized out
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption countOption(u"count"_s, u"Frames per mode and run."_s, u"n"_s, u"100000"_s);
    const QCommandLineOption sizeOption(u"size"_s, u"Payload bytes."_s, u"bytes"_s, u"100"_s);
    const QCommandLineOption runsOption(u"runs"_s, u"Runs (min/median/max over them)."_s, u"n"_s, u"5"_s);
    parser.addOptions({countOption, sizeOption, runsOption});
    parser.process(app);
    const qint64 count = std::max<qint64>(1, parser.value(countOption).toLongLong());
    const int size = parser.value(sizeOption).toInt();
    const int runs = std::max(1, parser.value(runsOption).toInt());

    const QStringList frames = Bench::makeBroadcastFrames(size, 64);
    const PhoenixV2JsonSerializer v2;
    const PhoenixSimdJsonSerializer simd;
    simdjson::dom::parser domParser;

    const QList<Mode> modes = {
        {"parse",
         [](const QString &frame) {
             const QJsonArray message = QJsonDocument::fromJson(frame.toUtf8()).array();
             const QString topic = message.at(2).toString();
             const QString event = message.at(3).toString();
             const QJsonObject payload = message.at(4).toObject();
             return qint64(topic.size() + event.size() + payload.size() + message.at(0).isNull() +
                           message.at(1).isNull());
         }},
        {"v2",
         [&v2](const QString &frame) {
             PhoenixMessage message;
             if (!v2.decodeText(frame.toUtf8(), &message))
                 return qint64(0);
             return qint64(message.topic.size() + message.event.size() + message.payload.size());
         }},
        {"simd",
         [&simd](const QString &frame) {
             PhoenixMessage message;
             if (!simd.decodeText(frame.toUtf8(), &message))
                 return qint64(0);
             return qint64(message.topic.size() + message.event.size() + message.payload.size());
         }},
        {"simdparse",
         [&domParser](const QString &frame) {
             const QByteArray utf8 = frame.toUtf8();
             simdjson::dom::array array;
             if (domParser.parse(utf8.constData(), size_t(utf8.size())).get_array().get(array) !=
                 simdjson::SUCCESS)
                 return qint64(0);
             std::string_view topic;
             std::string_view event;
             simdjson::dom::object payload;
             if (array.at(2).get_string().get(topic) || array.at(3).get_string().get(event) ||
                 array.at(4).get_object().get(payload))
                 return qint64(0);
             // the topic and event are converted as a decoder would; the payload is not
             const QString topicText = QString::fromUtf8(topic.data(), qsizetype(topic.size()));
             const QString eventText = QString::fromUtf8(event.data(), qsizetype(event.size()));
             return qint64(topicText.size() + eventText.size() + qsizetype(payload.size()) +
                           array.at(0).is_null() + array.at(1).is_null());
         }},
    };

    // Warm-up (allocator, parser buffers, code pages) outside the measured windows.
    qint64 checksum = 0;
    for (const Mode &mode : modes) {
        for (const QString &frame : frames)
            checksum += mode.decode(frame);
    }

    QList<QList<double>> nsPerFrame(modes.size());
    Bench::callgrindBegin();
    for (int run = 0; run < runs; ++run) {
        for (qsizetype m = 0; m < modes.size(); ++m) {
            const Mode &mode = modes.at(m);
            Bench::Window window;
            window.start();
            for (qint64 i = 0; i < count; ++i)
                checksum += mode.decode(frames.at(i % frames.size()));
            window.stop();
            Bench::callgrindDump(mode.name);
            nsPerFrame[m].append(window.cpuSeconds() * 1e9 / double(count));
        }
    }
    Bench::callgrindEnd();

    QJsonObject result{{u"client"_s, u"simdjson"_s},
                       {u"count"_s, double(count)},
                       {u"size"_s, size},
                       {u"runs"_s, runs},
                       {u"checksum"_s, double(checksum)}};
    std::fprintf(stderr, "size %d B, %lld frames x %d runs: CPU ns per frame  min / median / max\n", size,
                 qlonglong(count), runs);
    for (qsizetype m = 0; m < modes.size(); ++m) {
        const QList<double> &values = nsPerFrame.at(m);
        const double min = Bench::percentile(values, 0);
        const double median = Bench::percentile(values, 50);
        const double max = Bench::percentile(values, 100);
        result.insert(QString::fromLatin1(modes.at(m).name),
                      QJsonObject{{u"min_ns"_s, min}, {u"median_ns"_s, median}, {u"max_ns"_s, max}});
        std::fprintf(stderr, "  %-10s %9.0f %9.0f %9.0f\n", modes.at(m).name, min, median, max);
    }
    Bench::printJson(result);
    return 0;
}
