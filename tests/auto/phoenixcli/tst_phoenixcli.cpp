// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// phoenix-cli: the parser (CliOptions, compiled into this test) and the installed-to-be executable
// run as a process against the in-process dev server.
#include "clioptions.h"
#include "realservers.h"

#include <PhoenixQt/PhoenixChannel>
#include <PhoenixQt/PhoenixSocket>

#include <phoenixdevserver.h>

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QProcess>
#include <QtCore/QTemporaryFile>
#include <QtNetwork/QSslCertificate>
#include <QtNetwork/QSslConfiguration>
#include <QtNetwork/QSslKey>
#include <QtNetwork/QTcpServer>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <QtWebSockets/QWebSocket>
#include <QtWebSockets/QWebSocketServer>

using namespace Qt::StringLiterals;

namespace {

// One phoenix-cli process; the test's event loop keeps running (the dev server lives in it).
class Cli
{
public:
    explicit Cli(const QStringList &arguments, const QByteArray &input = {},
                 const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment())
    {
        process.setProcessEnvironment(environment);
        process.setProgram(QString::fromLocal8Bit(PHOENIX_CLI));
        process.setArguments(arguments);
        QObject::connect(&process, &QProcess::readyReadStandardOutput, &process,
                         [this] { output += process.readAllStandardOutput(); });
        process.start();
        if (!input.isEmpty())
            process.write(input);
        process.closeWriteChannel();
    }
    ~Cli()
    {
        if (process.state() != QProcess::NotRunning) {
            process.kill();
            process.waitForFinished(5000);
        }
    }
    bool waitForExit(int ms = 30000)
    {
        if (process.state() != QProcess::NotRunning) {
            QSignalSpy spy(&process, &QProcess::finished);
            if (!spy.wait(ms))
                return false;
        }
        output += process.readAllStandardOutput();
        return process.exitStatus() == QProcess::NormalExit;
    }
    int exitCode() const { return process.exitCode(); }
    QStringList lines() const { return QString::fromUtf8(output).split(u'\n', Qt::SkipEmptyParts); }
    // The output as JSON lines; every line must be one JSON object with a "type".
    QList<QJsonObject> json() const
    {
        QList<QJsonObject> objects;
        for (const QString &line : lines()) {
            const QJsonDocument document = QJsonDocument::fromJson(line.toUtf8());
            if (!document.isObject() || !document.object().contains(u"type"_s))
                return {};
            objects.append(document.object());
        }
        return objects;
    }
    QJsonObject first(const QString &type) const
    {
        for (const QJsonObject &object : json()) {
            if (object.value(u"type"_s).toString() == type)
                return object;
        }
        return {};
    }
    bool printed(const QString &type) const { return !first(type).isEmpty(); }

    QProcess process;
    QByteArray output;
};

QString ws(const PhoenixDevServer &server)
{
    // As a phoenix.js user writes it: phoenix-cli appends /websocket itself.
    return u"ws://127.0.0.1:%1/socket"_s.arg(server.port());
}

} // namespace

class tst_PhoenixCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        server = std::make_unique<PhoenixDevServer>();
        QVERIFY(server->listen());
    }
    void cleanup() { server.reset(); }

    // --- the parser ----------------------------------------------------------------------------
    void parsesCommandsInOrder()
    {
        CliOptions options;
        QString output, error;
        QVERIFY2(CliOptions::parse({u"phoenix-cli"_s, u"http://h:4000/socket/"_s, u"--param"_s, u"user=ada"_s,
                                    u"join"_s, u"room:a"_s, u"{\"password\":\"x\"}"_s, u"push"_s, u"echo"_s,
                                    u"{\"a\":1}"_s, u"push"_s, u"shout"_s, u"-"_s, u"push"_s, u"ping"_s,
                                    u"leave"_s, u"listen"_s, u"2.5"_s, u"--json"_s},
                                   &options, &output, &error),
                 qPrintable(error));
        QCOMPARE(options.url, QUrl(u"ws://h:4000/socket/websocket"_s));
        QCOMPARE(options.params.value(u"user"_s).toString(), u"ada"_s);
        QCOMPARE(options.format, CliOptions::Format::Json);
        QCOMPARE(options.commands.size(), 6);
        QCOMPARE(options.commands.at(0).kind, CliCommand::Kind::Join);
        QCOMPARE(options.commands.at(0).topic, u"room:a"_s);
        QCOMPARE(options.commands.at(0).payload.value(u"password"_s).toString(), u"x"_s);
        QCOMPARE(options.commands.at(1).payload.value(u"a"_s).toInt(), 1);
        QVERIFY(options.commands.at(2).fromStdin);
        QCOMPARE(options.commands.at(3).event, u"ping"_s);
        QVERIFY(options.commands.at(3).payload.isEmpty());
        QCOMPARE(options.commands.at(4).kind, CliCommand::Kind::Leave);
        QCOMPARE(options.commands.at(5).kind, CliCommand::Kind::Listen);
        QCOMPARE(options.commands.at(5).seconds, 2.5);
    }

    void rejectsBadCommandLines_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("no url") << QStringList{};
        QTest::newRow("not a websocket url") << QStringList{u"ftp://h/socket"_s};
        QTest::newRow("unknown command") << QStringList{u"ws://h/socket"_s, u"jion"_s, u"room:a"_s};
        QTest::newRow("join without topic") << QStringList{u"ws://h/socket"_s, u"join"_s};
        QTest::newRow("push before join") << QStringList{u"ws://h/socket"_s, u"push"_s, u"echo"_s};
        QTest::newRow("payload not an object")
            << QStringList{u"ws://h/socket"_s, u"join"_s, u"t"_s, u"{nope"_s};
        QTest::newRow("bad param") << QStringList{u"ws://h/socket"_s, u"--param"_s, u"user"_s};
        QTest::newRow("bad protocol") << QStringList{u"ws://h/socket"_s, u"--protocol"_s, u"3"_s};
        QTest::newRow("bad timeout") << QStringList{u"ws://h/socket"_s, u"--timeout"_s, u"soon"_s};
        QTest::newRow("cert without key") << QStringList{u"wss://h/socket"_s, u"--cert"_s, u"c.pem"_s};
        QTest::newRow("proxy that is no URL")
            << QStringList{u"ws://h/socket"_s, u"--proxy"_s, u"proxy:3128"_s};
        QTest::newRow("https proxy") << QStringList{u"ws://h/socket"_s, u"--proxy"_s, u"https://p:3128"_s};
        QTest::newRow("bad transport")
            << QStringList{u"ws://h/socket"_s, u"--transport"_s, u"carrier-pigeon"_s};
    }
    void rejectsBadCommandLines()
    {
        QFETCH(QStringList, arguments);
        CliOptions options;
        QString output, error;
        QVERIFY(!CliOptions::parse(QStringList{u"phoenix-cli"_s} + arguments, &options, &output, &error));
        QVERIFY(!error.isEmpty());
        QVERIFY(output.isEmpty());
        // The process says so on stderr and exits 2.
        Cli cli(arguments);
        QVERIFY(cli.waitForExit());
        QCOMPARE(cli.exitCode(), int(CliExit::Usage));
        QVERIFY(cli.output.isEmpty());
    }

    // --- the executable ------------------------------------------------------------------------
    void joinsPushesAndPrintsJsonLines()
    {
        Cli cli({ws(*server), u"--param"_s, u"user=ada"_s, u"--json"_s, u"join"_s, u"room:lobby"_s, u"push"_s,
                 u"echo"_s, u"{\"a\":1}"_s});
        QVERIFY(cli.waitForExit());
        QCOMPARE(cli.exitCode(), int(CliExit::Ok));
        const QList<QJsonObject> lines = cli.json();
        QVERIFY2(!lines.isEmpty(), cli.output.constData()); // every line is a JSON object with a type
        QCOMPARE(lines.first().value(u"type"_s).toString(), u"connected"_s);
        QCOMPARE(lines.first().value(u"url"_s).toString(), server->url().toString());
        const QJsonObject joined = cli.first(u"joined"_s);
        QCOMPARE(joined.value(u"topic"_s).toString(), u"room:lobby"_s);
        QCOMPARE(joined[u"response"_s][u"user"_s].toString(), u"ada"_s);
        const QJsonObject reply = cli.first(u"reply"_s);
        QCOMPARE(reply.value(u"event"_s).toString(), u"echo"_s);
        QCOMPARE(reply.value(u"status"_s).toString(), u"ok"_s);
        QCOMPARE(reply.value(u"response"_s).toObject(), (QJsonObject{{u"a"_s, 1}}));
        QCOMPARE(cli.first(u"presence_join"_s).value(u"key"_s).toString(), u"ada"_s);
        QCOMPARE(cli.first(u"presence"_s).value(u"keys"_s).toArray(), QJsonArray{u"ada"_s});
        // Every line starts with its type, for people reading the stream.
        for (const QString &line : cli.lines())
            QVERIFY2(line.startsWith("{\"type\":"_L1), qPrintable(line));
    }

    void pushesOnePayloadPerStdinLine()
    {
        int echoes = 0;
        connect(server.get(), &PhoenixDevServer::textFrameReceived, this,
                [&echoes](const QString &frame) { echoes += frame.contains("\"echo\""_L1) ? 1 : 0; });
        Cli cli({ws(*server), u"-j"_s, u"join"_s, u"room:lobby"_s, u"push"_s, u"echo"_s, u"-"_s},
                "{\"n\":1}\n\n{\"n\":2}\n{\"n\":3}"); // blank lines are skipped; the last has no newline
        QVERIFY(cli.waitForExit());
        QCOMPARE(cli.exitCode(), int(CliExit::Ok));
        QList<int> replies;
        for (const QJsonObject &line : cli.json()) {
            if (line.value(u"type"_s) == u"reply"_s)
                replies.append(line[u"response"_s][u"n"_s].toInt());
        }
        QCOMPARE(replies, (QList<int>{1, 2, 3}));
        QCOMPARE(echoes, 3);
    }

    void stdinLineThatIsNotJsonIsAUsageError()
    {
        Cli cli({ws(*server), u"-j"_s, u"join"_s, u"room:lobby"_s, u"push"_s, u"echo"_s, u"-"_s},
                "{\"n\":1}\nnot json\n");
        QVERIFY(cli.waitForExit());
        QCOMPARE(cli.exitCode(), int(CliExit::Usage));
        QVERIFY(cli.first(u"error"_s).value(u"message"_s).toString().contains(u"not json"_s));
    }

    void listenPrintsBroadcastsAndPresenceUntilTerminated()
    {
        Cli cli({ws(*server), u"--param"_s, u"user=ada"_s, u"-j"_s, u"join"_s, u"room:lobby"_s, u"listen"_s});
        QTRY_VERIFY_WITH_TIMEOUT(cli.printed(u"joined"_s), 20000);
        server->broadcast(u"room:lobby"_s, u"news"_s, {{u"headline"_s, u"hi"_s}});
        QTRY_VERIFY_WITH_TIMEOUT(cli.printed(u"message"_s), 20000);
        const QJsonObject message = cli.first(u"message"_s);
        QCOMPARE(message.value(u"event"_s).toString(), u"news"_s);
        QCOMPARE(message[u"payload"_s][u"headline"_s].toString(), u"hi"_s);

        // Someone else joins and leaves: presence lines for grace.
        {
            PhoenixSocket grace(server->url());
            grace.setParams({{u"user"_s, u"grace"_s}});
            PhoenixChannel *lobby = grace.channel(u"room:lobby"_s);
            lobby->join();
            grace.connectToServer();
            QTRY_VERIFY_WITH_TIMEOUT(cli.first(u"presence_join"_s).value(u"key"_s) == u"grace"_s ||
                                         cli.output.contains("\"key\":\"grace\""),
                                     20000);
        }
        QTRY_VERIFY_WITH_TIMEOUT(cli.printed(u"presence_leave"_s), 20000);
        QCOMPARE(cli.first(u"presence_leave"_s).value(u"key"_s).toString(), u"grace"_s);

        cli.process.terminate(); // SIGTERM: listen ends normally
        QVERIFY(cli.waitForExit());
        QCOMPARE(cli.exitCode(), int(CliExit::Ok));
    }

    void listenForSecondsEnds()
    {
        Cli cli({ws(*server), u"join"_s, u"room:lobby"_s, u"listen"_s, u"0.2"_s});
        QVERIFY(cli.waitForExit());
        QCOMPARE(cli.exitCode(), int(CliExit::Ok));
    }

    void leaveClosesTheChannel()
    {
        QSignalSpy left(server.get(), &PhoenixDevServer::channelLeft);
        Cli cli({ws(*server), u"-j"_s, u"join"_s, u"room:lobby"_s, u"leave"_s});
        QVERIFY(cli.waitForExit());
        QCOMPARE(cli.exitCode(), int(CliExit::Ok));
        QVERIFY(cli.printed(u"closed"_s));
        QTRY_COMPARE(left.size(), 1);
    }

    void exitCodesSayWhatFailed_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("lastType");
        QTest::newRow("join error") << QStringList{u"join"_s, u"nope:x"_s} << int(CliExit::JoinError)
                                    << u"join_error"_s;
        QTest::newRow("join refused by the channel")
            << QStringList{u"join"_s, u"room:private"_s} << int(CliExit::JoinError) << u"join_error"_s;
        QTest::newRow("push error") << QStringList{u"join"_s, u"room:a"_s, u"push"_s, u"fail"_s}
                                    << int(CliExit::PushError) << u"reply"_s;
        QTest::newRow("push timeout")
            << QStringList{u"--timeout"_s, u"300"_s, u"join"_s, u"room:a"_s, u"push"_s, u"noreply"_s}
            << int(CliExit::Timeout) << u"push_timeout"_s;
        QTest::newRow("refused upgrade (bad token)")
            << QStringList{u"--token"_s, u"bad"_s} << int(CliExit::ConnectFailed) << u"error"_s;
    }
    void exitCodesSayWhatFailed()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QString, lastType);
        Cli cli(QStringList{ws(*server), u"-j"_s} + arguments);
        QVERIFY(cli.waitForExit());
        QCOMPARE(cli.exitCode(), exitCode);
        const QList<QJsonObject> lines = cli.json();
        QVERIFY2(!lines.isEmpty(), cli.output.constData());
        QCOMPARE(lines.last().value(u"type"_s).toString(), lastType);
    }

    void refusedWhenNothingListens()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const quint16 port = probe.serverPort();
        probe.close();
        Cli cli({u"ws://127.0.0.1:%1/socket"_s.arg(port), u"-j"_s, u"join"_s, u"room:a"_s});
        QVERIFY(cli.waitForExit());
        QCOMPARE(cli.exitCode(), int(CliExit::ConnectFailed));
        QCOMPARE(cli.first(u"error"_s).value(u"error"_s).toString(), u"ConnectionRefusedError"_s);
    }

    void connectTimeout()
    {
        server->setFrozen(true); // accepts TCP, never answers the upgrade
        Cli cli({ws(*server), u"-j"_s, u"--timeout"_s, u"300"_s});
        QVERIFY(cli.waitForExit());
        QCOMPARE(cli.exitCode(), int(CliExit::Timeout));
        server->setFrozen(false);
    }

    void connectionLostWhileListening()
    {
        Cli cli({ws(*server), u"-j"_s, u"join"_s, u"room:lobby"_s, u"listen"_s});
        QTRY_VERIFY_WITH_TIMEOUT(cli.printed(u"joined"_s), 20000);
        server->dropAllConnections();
        QVERIFY(cli.waitForExit());
        QCOMPARE(cli.exitCode(), int(CliExit::ConnectionLost));
        QVERIFY(cli.printed(u"disconnected"_s));
    }

    void reconnectOptionRejoins()
    {
        QSignalSpy joins(server.get(), &PhoenixDevServer::channelJoined);
        Cli cli({ws(*server), u"-j"_s, u"--reconnect"_s, u"join"_s, u"room:lobby"_s, u"listen"_s});
        QTRY_COMPARE_WITH_TIMEOUT(joins.size(), 1, 20000);
        server->dropAllConnections();
        QTRY_COMPARE_WITH_TIMEOUT(joins.size(), 2, 20000);
        QVERIFY(cli.printed(u"reconnecting"_s));
        QCOMPARE(cli.process.state(), QProcess::Running);
        cli.process.terminate();
        QVERIFY(cli.waitForExit());
        QCOMPARE(cli.exitCode(), int(CliExit::Ok));
    }

    void sendsTokenHeadersAndParamsAndPrintsNoSecret()
    {
        Cli cli({ws(*server), u"--verbose"_s, u"--token"_s, u"s3cret-token"_s, u"--header"_s,
                 u"X-Trace: abc"_s, u"--param"_s, u"user=ada"_s, u"--params"_s,
                 u"{\"api_key\":\"k3y-s3cret\"}"_s, u"join"_s, u"room:lobby"_s});
        QVERIFY(cli.waitForExit());
        QCOMPARE(cli.exitCode(), int(CliExit::Ok));
        QCOMPARE(server->lastAuthToken(), u"s3cret-token"_s);
        QCOMPARE(server->lastRequestHeader("x-trace"), QByteArray("abc"));
        QCOMPARE(server->lastConnectQuery().queryItemValue(u"user"_s), u"ada"_s);
        QCOMPARE(server->lastConnectQuery().queryItemValue(u"api_key"_s), u"k3y-s3cret"_s);
        const QByteArray everything = cli.output + cli.process.readAllStandardError();
        QVERIFY(everything.contains("Connected to"));
        QVERIFY(!everything.contains("s3cret"));
    }

    void tokenFromTheEnvironment()
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(u"PHOENIX_TOKEN"_s, u"env-token"_s);
        Cli cli({ws(*server)}, {}, environment);
        QVERIFY(cli.waitForExit());
        QCOMPARE(cli.exitCode(), int(CliExit::Ok));
        QCOMPARE(server->lastAuthToken(), u"env-token"_s);
    }

    void protocolOneSendsVsn1()
    {
        // The dev server serves V2 only and refuses vsn 1.0.0 like a Phoenix endpoint without V1.
        Cli cli({ws(*server), u"-j"_s, u"--protocol"_s, u"1"_s});
        QVERIFY(cli.waitForExit());
        QCOMPARE(server->lastConnectQuery().queryItemValue(u"vsn"_s), u"1.0.0"_s);
        QCOMPARE(cli.exitCode(), int(CliExit::ConnectFailed));
        Cli v2({ws(*server), u"-j"_s});
        QVERIFY(v2.waitForExit());
        QCOMPARE(server->lastConnectQuery().queryItemValue(u"vsn"_s), u"2.0.0"_s);
        QCOMPARE(v2.exitCode(), int(CliExit::Ok));
    }

    // --- proxies, pins, transports -------------------------------------------------------------
    void parsesProxyPinsAndTransport()
    {
        CliOptions options;
        QString output, error;
        QVERIFY2(CliOptions::parse({u"phoenix-cli"_s, u"wss://h/socket"_s, u"--proxy"_s,
                                    u"socks5://ada:pw@127.0.0.1:1081"_s, u"--pin"_s, u"sha256/a"_s,
                                    u"--pin"_s, u"sha256/b"_s, u"--transport"_s, u"longpoll"_s},
                                   &options, &output, &error),
                 qPrintable(error));
        QCOMPARE(options.proxy.type(), QNetworkProxy::Socks5Proxy);
        QCOMPARE(options.proxy.port(), 1081);
        QCOMPARE(options.proxy.user(), u"ada"_s);
        QCOMPARE(options.proxy.password(), u"pw"_s);
        QCOMPARE(options.publicKeyPins, (QStringList{u"sha256/a"_s, u"sha256/b"_s}));
        QVERIFY(options.longPoll);
        QVERIFY(CliOptions::parse({u"phoenix-cli"_s, u"ws://h/socket"_s, u"--proxy"_s, u"none"_s}, &options,
                                  &output, &error));
        QCOMPARE(options.proxy.type(), QNetworkProxy::NoProxy);
        // A bad --proxy is named by its scheme and host only: the password stays out of the message.
        QVERIFY(!CliOptions::parse({u"phoenix-cli"_s, u"ws://h/socket"_s, u"--proxy"_s,
                                    u"https://ada:t0p-s3cret@proxy.example:3128"_s},
                                   &options, &output, &error));
        QVERIFY2(error.contains(u"proxy.example"_s) && !error.contains(u"t0p-s3cret"_s), qPrintable(error));
    }

    void longPollTransport()
    {
        Cli cli({ws(*server), u"-j"_s, u"--transport"_s, u"longpoll"_s, u"join"_s, u"room:lobby"_s, u"push"_s,
                 u"echo"_s, u"{\"a\":1}"_s});
        QVERIFY(cli.waitForExit());
        QCOMPARE(cli.exitCode(), int(CliExit::Ok));
        QCOMPARE(server->lastConnectInfo().transport, PhoenixDevServer::Transport::LongPoll);
    }

    void proxyOptionGoesThroughSquid_data()
    {
        QTest::addColumn<QString>("how");
        QTest::newRow("--proxy with credentials") << u"url"_s;
        QTest::newRow("--proxy, password from the environment") << u"environment"_s;
        QTest::newRow("--proxy system: http_proxy") << u"system"_s;
        QTest::newRow("no --proxy: http_proxy too") << u"default"_s;
    }
    void proxyOptionGoesThroughSquid()
    {
        // The server is reachable by a name only squid resolves: connected means "through squid".
        QFETCH(QString, how);
        const QString hidden = u"phoenix-cli-behind-the-proxy.test"_s;
        PhoenixTest::SquidProxy squid(u"ada"_s, u"pr0xy-s3cret"_s, {hidden});
        if (!squid.missing().isEmpty())
            QSKIP(qPrintable(squid.missing()));
        QVERIFY2(squid.start(), qPrintable(squid.problem()));
        const QString proxy = u"http://ada:pr0xy-s3cret@127.0.0.1:%1"_s.arg(squid.port());
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        for (const QString &name : {u"http_proxy"_s, u"https_proxy"_s, u"all_proxy"_s, u"no_proxy"_s,
                                    u"HTTP_PROXY"_s, u"HTTPS_PROXY"_s, u"ALL_PROXY"_s, u"NO_PROXY"_s})
            environment.remove(name);
        QStringList arguments{u"ws://%1:%2/socket"_s.arg(hidden).arg(server->port()), u"-j"_s, u"--verbose"_s,
                              u"join"_s, u"room:lobby"_s};
        if (how == u"url"_s) {
            arguments << u"--proxy"_s << proxy;
        } else if (how == u"environment"_s) {
            arguments << u"--proxy"_s << u"http://ada@127.0.0.1:%1"_s.arg(squid.port());
            environment.insert(u"PHOENIX_PROXY_PASSWORD"_s, u"pr0xy-s3cret"_s);
        } else {
            if (how == u"system"_s)
                arguments << u"--proxy"_s << u"system"_s;
            environment.insert(u"http_proxy"_s, proxy);
        }
        Cli cli(arguments, {}, environment);
        QVERIFY(cli.waitForExit());
        const QByteArray everything = cli.output + cli.process.readAllStandardError();
        QVERIFY2(cli.exitCode() == int(CliExit::Ok), everything.constData());
        QVERIFY(!everything.contains("pr0xy-s3cret"));
        QTRY_VERIFY(squid.accessLog().contains(u"%1:%2 ada "_s.arg(hidden).arg(server->port())));
    }

    void aRefusedProxyPasswordIsAFailedConnect()
    {
        PhoenixTest::SquidProxy squid(u"ada"_s, u"pr0xy-s3cret"_s);
        if (!squid.missing().isEmpty())
            QSKIP(qPrintable(squid.missing()));
        QVERIFY2(squid.start(), qPrintable(squid.problem()));
        Cli cli({ws(*server), u"-j"_s, u"--verbose"_s, u"--proxy"_s,
                 u"http://ada:wr0ng-s3cret@127.0.0.1:%1"_s.arg(squid.port())});
        QVERIFY(cli.waitForExit());
        QCOMPARE(cli.exitCode(), int(CliExit::ConnectFailed));
        QCOMPARE(cli.first(u"error"_s).value(u"error"_s).toString(), u"ProxyAuthenticationRequiredError"_s);
        const QByteArray everything = cli.output + cli.process.readAllStandardError();
        QVERIFY(!everything.contains("wr0ng-s3cret"));
    }

    void pinOption()
    {
        PhoenixDevServer tls;
        tls.setSslConfiguration(PhoenixDevServer::sslConfigurationFromPem(
            QStringLiteral(PHOENIX_TLS_DIR "/server.pem"), QStringLiteral(PHOENIX_TLS_DIR "/server.key")));
        QVERIFY(tls.listen());
        QFile pinFile(QStringLiteral(PHOENIX_TLS_DIR "/server.pin"));
        QVERIFY(pinFile.open(QIODevice::ReadOnly));
        const QString pin = QString::fromLatin1(pinFile.readAll()).trimmed();
        const QString url = u"wss://127.0.0.1:%1/socket"_s.arg(tls.port());
        const QString ca = QStringLiteral(PHOENIX_TLS_DIR "/ca.pem");
        Cli pinned({url, u"-j"_s, u"--cacert"_s, ca, u"--pin"_s, pin, u"join"_s, u"room:lobby"_s});
        QVERIFY(pinned.waitForExit());
        QCOMPARE(pinned.exitCode(), int(CliExit::Ok));
        Cli other({url, u"-j"_s, u"--cacert"_s, ca, u"--pin"_s,
                   u"sha256/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="_s});
        QVERIFY(other.waitForExit());
        QCOMPARE(other.exitCode(), int(CliExit::ConnectFailed));
        QCOMPARE(other.first(u"error"_s).value(u"error"_s).toString(), u"PublicKeyPinMismatchError"_s);
    }

    void tlsOptionsApplyToWss()
    {
        // A wss:// server with a self-signed certificate (tests/shared/certs: localhost, 127.0.0.1).
        QFile certificateFile(QStringLiteral(PHOENIX_TLS_DIR "/selfsigned.pem"));
        QFile keyFile(QStringLiteral(PHOENIX_TLS_DIR "/selfsigned.key"));
        QVERIFY(certificateFile.open(QIODevice::ReadOnly));
        QVERIFY(keyFile.open(QIODevice::ReadOnly));
        QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
        configuration.setLocalCertificate(QSslCertificate(&certificateFile, QSsl::Pem));
        configuration.setPrivateKey(QSslKey(&keyFile, QSsl::Rsa, QSsl::Pem));
        configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
        QWebSocketServer tls(u"tls"_s, QWebSocketServer::SecureMode);
        tls.setSslConfiguration(configuration);
        QVERIFY(tls.listen(QHostAddress::LocalHost));
        int accepted = 0;
        connect(&tls, &QWebSocketServer::newConnection, this, [&tls, &accepted] {
            while (QWebSocket *socket = tls.nextPendingConnection()) {
                socket->setParent(&tls);
                ++accepted;
            }
        });
        const QString url = u"wss://127.0.0.1:%1/socket"_s.arg(tls.serverPort());

        // Not trusted: the TLS handshake fails, which is a failed connect.
        Cli untrusted({url, u"-j"_s});
        QVERIFY(untrusted.waitForExit());
        QCOMPARE(untrusted.exitCode(), int(CliExit::ConnectFailed));
        QCOMPARE(untrusted.first(u"error"_s).value(u"error"_s).toString(), u"SslError"_s);
        QCOMPARE(accepted, 0);

        // Trusted with --cacert, or not verified with --insecure: connected.
        Cli trusted({url, u"-j"_s, u"--cacert"_s, certificateFile.fileName()});
        QVERIFY(trusted.waitForExit());
        QCOMPARE(trusted.exitCode(), int(CliExit::Ok));
        QVERIFY(trusted.printed(u"connected"_s));
        Cli insecure({url, u"-j"_s, u"--insecure"_s});
        QVERIFY(insecure.waitForExit());
        QCOMPARE(insecure.exitCode(), int(CliExit::Ok));
        QTRY_COMPARE(accepted, 2);

        // A CA file without certificates is refused before connecting.
        QTemporaryFile empty;
        QVERIFY(empty.open());
        Cli bad({url, u"--cacert"_s, empty.fileName()});
        QVERIFY(bad.waitForExit());
        QCOMPARE(bad.exitCode(), int(CliExit::Usage));
    }

    void humanReadableOutputIsTranslated_data()
    {
        QTest::addColumn<QString>("language");
        QTest::addColumn<QString>("connected");
        QTest::addColumn<QString>("usage"); // a line of phoenix-cli's own --help text
        QTest::newRow("en") << u"en"_s << u"Connected to "_s << u"Commands, run in order once connected:"_s;
        QTest::newRow("de") << u"de"_s << u"Verbunden mit "_s << u"Befehle, der Reihe nach ausgeführt"_s;
        QTest::newRow("fr") << u"fr"_s << u"Connecté à "_s << u"Commandes, exécutées dans l'ordre"_s;
    }
    void humanReadableOutputIsTranslated()
    {
        QFETCH(QString, language);
        QFETCH(QString, connected);
        QFETCH(QString, usage);
        Cli cli({ws(*server), u"--lang"_s, language, u"join"_s, u"room:lobby"_s});
        QVERIFY(cli.waitForExit());
        QCOMPARE(cli.exitCode(), int(CliExit::Ok));
        QVERIFY2(cli.lines().value(0).startsWith(connected), cli.output.constData());

        Cli help({u"--help"_s, u"--lang"_s, language});
        QVERIFY(help.waitForExit());
        QCOMPARE(help.exitCode(), 0);
        const QString text = QString::fromUtf8(help.output);
        QVERIFY2(text.contains(usage), qPrintable(text));
        QVERIFY(text.contains(u"--param"_s));
        QVERIFY(text.contains(u"130"_s)); // the exit codes are listed
    }

private:
    std::unique_ptr<PhoenixDevServer> server;
};

QTEST_GUILESS_MAIN(tst_PhoenixCli)
#include "tst_phoenixcli.moc"
