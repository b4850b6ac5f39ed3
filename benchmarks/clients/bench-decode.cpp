// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors

// bench-decode: the decode step alone, without a network. Decodes M broadcast frames (as QWebSocket
// hands them out: QString) with (a) QJsonDocument plus reading the five fields, the parse limit, and
// (b) PhoenixV2JsonSerializer::decodeText(). Prints ns per frame for both; under
// valgrind --tool=callgrind --instr-atstart=no it dumps "parse" and "decode" counts for Ir per frame.

#include "../common/benchcommon.h"

#include <PhoenixQt/PhoenixSerializer>

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QList>
#include <QtCore/QStringList>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption countOption(u"count"_s, u"Frames to decode."_s, u"n"_s, u"200000"_s);
    const QCommandLineOption sizeOption(u"size"_s, u"Payload bytes."_s, u"bytes"_s, u"100"_s);
    parser.addOptions({countOption, sizeOption});
    parser.process(app);
    const qint64 count = std::max<qint64>(1, parser.value(countOption).toLongLong());
    const int size = parser.value(sizeOption).toInt();

    const QStringList frames = Bench::makeBroadcastFrames(size, 64);
    qint64 checksum = 0;

    Bench::Window parseWindow;
    Bench::callgrindBegin();
    parseWindow.start();
    for (qint64 i = 0; i < count; ++i) {
        const QJsonArray message = QJsonDocument::fromJson(frames.at(i % frames.size()).toUtf8()).array();
        const QString topic = message.at(2).toString();
        const QString event = message.at(3).toString();
        const QJsonObject payload = message.at(4).toObject();
        checksum +=
            topic.size() + event.size() + payload.size() + message.at(0).isNull() + message.at(1).isNull();
    }
    parseWindow.stop();
    Bench::callgrindDump("parse");

    const PhoenixV2JsonSerializer serializer;
    Bench::Window decodeWindow;
    decodeWindow.start();
    for (qint64 i = 0; i < count; ++i) {
        PhoenixMessage message;
        if (serializer.decodeText(frames.at(i % frames.size()).toUtf8(), &message))
            checksum += message.topic.size() + message.event.size() + message.payload.size();
    }
    decodeWindow.stop();
    Bench::callgrindDump("decode");
    Bench::callgrindEnd();

    Bench::printJson(QJsonObject{{u"client"_s, u"decode"_s},
                                 {u"count"_s, double(count)},
                                 {u"size"_s, size},
                                 {u"parse_ns"_s, parseWindow.cpuSeconds() * 1e9 / double(count)},
                                 {u"decode_ns"_s, decodeWindow.cpuSeconds() * 1e9 / double(count)},
                                 {u"checksum"_s, double(checksum)}});
    return 0;
}
