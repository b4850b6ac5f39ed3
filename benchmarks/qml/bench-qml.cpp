// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors

// bench-qml: the QML side of the benchmarks. The scenarios are QML files (flood.qml, memory.qml,
// pipeline.qml) that use the module Phoenix as an application does: a PhoenixSocket item, an
// Instantiator of PhoenixChannel items, handlers written in JavaScript. This host only loads them
// into a QQmlEngine (QCoreApplication: no window, no platform plugin, the same event loop as
// bench-phoenixqt) and gives them the clock, the memory figures and the result line through the
// singleton `BenchHost`. Same options and the same JSON line as the other clients; also
// --push-api then|receive (pipeline: `push(...).then(...)` or `push(...).receive("ok", ...)`).

#include "../clients/clientoptions.h"

#include <PhoenixQt/PhoenixChannel>
#include <PhoenixQt/PhoenixMessage>
#include <PhoenixQt/PhoenixSocket>

#include <QtCore/QCoreApplication>
#include <QtCore/QJsonObject>
#include <QtCore/QList>
#include <QtCore/QLoggingCategory>
#include <QtCore/QTimer>
#include <QtQml/QQmlComponent>
#include <QtQml/QQmlEngine>

#include <cstdio>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

/*!
    What the QML scenarios ask of the host: their options (constant properties), the measurement
    window (begin(), floodDone(), pipelineDone()), memory marks and the clock. Not an API of the
    library: everything per message stays in the QML file's JavaScript.
*/
class BenchHost : public QObject
{
    Q_OBJECT
    Q_PROPERTY(QString url READ url CONSTANT)
    Q_PROPERTY(QString scenario READ scenario CONSTANT)
    Q_PROPERTY(int channels READ channels CONSTANT)
    Q_PROPERTY(double count READ count CONSTANT)
    Q_PROPERTY(double warmup READ warmup CONSTANT)
    Q_PROPERTY(int window READ window CONSTANT)
    Q_PROPERTY(int size READ size CONSTANT)
    Q_PROPERTY(QString pushApi READ pushApi CONSTANT)

public:
    BenchHost(const Bench::ClientOptions &options, const QString &pushApi)
        : m_options(options)
        , m_pushApi(pushApi)
    {
    }

    QString url() const { return m_options.websocketUrl().toString(QUrl::RemoveQuery); }
    QString scenario() const { return m_options.scenario; }
    int channels() const { return m_options.channels; }
    double count() const { return double(m_options.count); }
    double warmup() const { return double(m_options.warmup); }
    int window() const { return m_options.window; }
    int size() const { return m_options.size; }
    QString pushApi() const { return m_pushApi; }

    //! The socket is connected, no channel item exists yet: memory before.
    Q_INVOKABLE void markConnected()
    {
        m_rssBefore = Bench::rssKiB();
        m_heapBefore = Bench::heapBytes();
    }
    //! Every channel item joined: memory after.
    Q_INVOKABLE void markJoined()
    {
        m_rssAfter = Bench::rssKiB();
        m_heapAfter = Bench::heapBytes();
    }
    //! The measured part starts (the flood's bench_start was answered, or the first measured push).
    Q_INVOKABLE void begin()
    {
        Bench::callgrindBegin();
        m_window.start();
    }
    //! The measured flood ended with its \a received -th message; \a idSum is the sum of payload.id.
    Q_INVOKABLE void floodDone(double received, double idSum)
    {
        m_window.stop();
        Bench::callgrindEnd();
        Bench::printJson(QJsonObject{{u"client"_s, u"qml"_s},
                                     {u"scenario"_s, m_options.scenario},
                                     {u"channels"_s, m_options.channels},
                                     {u"count"_s, double(m_options.count)},
                                     {u"warmup"_s, double(m_options.warmup)},
                                     {u"size"_s, m_options.size},
                                     {u"messages"_s, received},
                                     {u"id_sum"_s, idSum},
                                     {u"wall_s"_s, m_window.wallSeconds()},
                                     {u"cpu_s"_s, m_window.cpuSeconds()},
                                     {u"rss_kib_before"_s, double(m_rssBefore)},
                                     {u"rss_kib_after"_s, double(m_rssAfter)},
                                     {u"heap_before"_s, double(m_heapBefore)},
                                     {u"heap_after"_s, double(m_heapAfter)}});
        QCoreApplication::quit();
    }
    //! The measured pipeline ended: \a latenciesUs are the round trips of the measured pushes.
    Q_INVOKABLE void pipelineDone(const QList<double> &latenciesUs)
    {
        m_window.stop();
        Bench::callgrindEnd();
        Bench::printPipelineResult(u"qml"_s, m_options.count, m_options.window, m_options.size, m_window,
                                   latenciesUs);
        QCoreApplication::quit();
    }
    //! CLOCK_MONOTONIC in microseconds (QML has no clock finer than Date.now()'s milliseconds).
    Q_INVOKABLE double nowUs() const { return double(Bench::monotonicNs()) / 1000.0; }
    //! A failure the driver should see: prints {"error": what} and exits.
    Q_INVOKABLE void fail(const QString &what)
    {
        Bench::printJson(QJsonObject{{u"client"_s, u"qml"_s}, {u"error"_s, what}});
        std::exit(4);
    }

    /*!
        The memory scenario: counts the join replies of the bench: topics from the C++ socket under
        \a socketItem (as bench-phoenixqt's memory scenario does, without any handler per channel),
        then prints the memory line once the last one has been handled.
    */
    Q_INVOKABLE void countJoins(QObject *socketItem)
    {
        PhoenixSocket *socket = socketItem ? socketItem->findChild<PhoenixSocket *>() : nullptr;
        if (!socket)
            fail(u"no C++ PhoenixSocket under the socket item"_s);
        m_joinsPending = m_options.channels;
        connect(socket, &PhoenixSocket::messageReceived, this, [this, socket](const PhoenixMessage &message) {
            if (message.event != "phx_reply"_L1 || !message.topic.startsWith("bench:"_L1) ||
                --m_joinsPending > 0)
                return;
            QTimer::singleShot(0, this, [this, socket] {
                const qint64 rssAfter = Bench::rssKiB();
                const qint64 heapAfter = Bench::heapBytes();
                int joined = 0;
                for (const PhoenixChannel *channel : socket->channels())
                    joined += channel->isJoined() ? 1 : 0;
                Bench::printJson(QJsonObject{{u"client"_s, u"qml"_s},
                                             {u"scenario"_s, m_options.scenario},
                                             {u"channels"_s, m_options.channels},
                                             {u"joined"_s, joined},
                                             {u"rss_kib_before"_s, double(m_rssBefore)},
                                             {u"rss_kib_after"_s, double(rssAfter)},
                                             {u"heap_before"_s, double(m_heapBefore)},
                                             {u"heap_after"_s, double(heapAfter)}});
                QCoreApplication::quit();
            });
        });
    }

    //! memory-plain: \a count items were made (nothing joins): the memory line, from the event loop.
    Q_INVOKABLE void itemsMade(int count)
    {
        QTimer::singleShot(0, this, [this, count] {
            Bench::printJson(QJsonObject{{u"client"_s, u"qml"_s},
                                         {u"scenario"_s, m_options.scenario},
                                         {u"channels"_s, count},
                                         {u"joined"_s, 0},
                                         {u"rss_kib_before"_s, double(m_rssBefore)},
                                         {u"rss_kib_after"_s, double(Bench::rssKiB())},
                                         {u"heap_before"_s, double(m_heapBefore)},
                                         {u"heap_after"_s, double(Bench::heapBytes())}});
            QCoreApplication::quit();
        });
    }

private:
    Bench::ClientOptions m_options;
    QString m_pushApi;
    Bench::Window m_window;
    qint64 m_rssBefore = 0;
    qint64 m_rssAfter = 0;
    qint64 m_heapBefore = 0;
    qint64 m_heapAfter = 0;
    int m_joinsPending = 0;
};

} // namespace

int main(int argc, char *argv[])
{
    // --push-api is ours; the rest is the shared command line.
    QString pushApi = u"then"_s;
    QList<char *> args;
    for (int i = 0; i < argc; ++i) {
        if (qstrcmp(argv[i], "--push-api") == 0 && i + 1 < argc) {
            pushApi = QString::fromLatin1(argv[++i]);
            continue;
        }
        args.append(argv[i]);
    }
    int count = int(args.size());
    QCoreApplication app(count, args.data());
    QCoreApplication::setApplicationName(u"bench-qml"_s);
    QLoggingCategory::setFilterRules(u"phoenix.*.info=false\nphoenix.*.debug=false"_s);
    Bench::raiseFileLimit();
    const Bench::ClientOptions options = Bench::parseClientOptions(app);
    Bench::armWatchdog(&app, options.timeoutS, u"qml"_s);

    QString file;
    if (options.scenario == "flood"_L1)
        file = u"flood.qml"_s;
    else if (options.scenario == "memory"_L1)
        file = u"memory.qml"_s;
    else if (options.scenario == "memory-plain"_L1) // the reference: plain QtObject items, same bindings
        file = u"memory-plain.qml"_s;
    else if (options.scenario == "pipeline"_L1 && (pushApi == "then"_L1 || pushApi == "receive"_L1))
        file = u"pipeline.qml"_s;
    if (file.isEmpty() || options.devServer() || options.transport != "websocket"_L1) {
        std::fprintf(stderr,
                     "bench-qml: scenarios flood, memory, memory-plain, pipeline (--push-api then|receive) "
                     "against phoenix-benchsender over WebSocket only\n");
        return 2;
    }

    BenchHost host(options, pushApi);
    QQmlEngine engine;
    engine.addImportPath(QStringLiteral(PHOENIXQT_BENCH_QML_IMPORT_DIR));
    qmlRegisterSingletonInstance("BenchHost", 1, 0, "BenchHost", &host);
    QQmlComponent component(&engine, QUrl(u"qrc:/bench/"_s + file));
    std::unique_ptr<QObject> root(component.create());
    if (!root) {
        Bench::printJson(QJsonObject{{u"client"_s, u"qml"_s}, {u"error"_s, component.errorString()}});
        return 4;
    }
    return app.exec();
}

#include "bench-qml.moc"
