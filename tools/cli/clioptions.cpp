// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#include "clioptions.h"

#include <QtCore/QCommandLineParser>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonParseError>
#include <QtCore/QProcessEnvironment>

#include <PhoenixQt/PhoenixSocket>

#include <cmath>

using namespace Qt::StringLiterals;

QString CliOptions::languageArgument(const QStringList &arguments)
{
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (argument.startsWith("--lang="_L1))
            return argument.mid(7);
        if (argument == "--lang"_L1 && i + 1 < arguments.size())
            return arguments.at(i + 1);
    }
    return {};
}

QUrl CliOptions::normalizeUrl(const QString &text)
{
    QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty())
        return {};
    const QString scheme = url.scheme().toLower();
    if (scheme == "http"_L1)
        url.setScheme(u"ws"_s);
    else if (scheme == "https"_L1)
        url.setScheme(u"wss"_s);
    else if (scheme != "ws"_L1 && scheme != "wss"_L1)
        return {};
    // phoenix.js appends the transport to the endpoint ("/socket" -> "/socket/websocket"); accept both.
    QString path = url.path();
    while (path.endsWith(u'/'))
        path.chop(1);
    if (!path.endsWith("/websocket"_L1))
        path += "/websocket"_L1;
    url.setPath(path);
    return url;
}

static bool parseObject(const QString &text, QJsonObject *object, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        *error = CliOptions::tr("Not a JSON object: %1").arg(text);
        return false;
    }
    *object = document.object();
    return true;
}

static bool looksLikeJson(const QString &argument)
{
    return argument.trimmed().startsWith(u'{');
}

static bool parseCommands(const QStringList &words, QList<CliCommand> *commands, QString *error)
{
    for (qsizetype i = 0; i < words.size(); ++i) {
        const QString &word = words.at(i);
        CliCommand command;
        if (word == "join"_L1) {
            if (i + 1 >= words.size()) {
                *error = CliOptions::tr("join: a topic is missing, e.g. join room:lobby");
                return false;
            }
            command.kind = CliCommand::Kind::Join;
            command.topic = words.at(++i);
            if (i + 1 < words.size() && looksLikeJson(words.at(i + 1))) {
                if (!parseObject(words.at(++i), &command.payload, error))
                    return false;
            }
        } else if (word == "push"_L1) {
            if (i + 1 >= words.size()) {
                *error = CliOptions::tr("push: an event is missing, e.g. push new_msg '{\"body\":\"hi\"}'");
                return false;
            }
            command.kind = CliCommand::Kind::Push;
            command.event = words.at(++i);
            if (i + 1 < words.size() && words.at(i + 1) == "-"_L1) {
                command.fromStdin = true;
                ++i;
            } else if (i + 1 < words.size() && looksLikeJson(words.at(i + 1))) {
                if (!parseObject(words.at(++i), &command.payload, error))
                    return false;
            }
            const bool joined = std::any_of(commands->cbegin(), commands->cend(), [](const CliCommand &c) {
                return c.kind == CliCommand::Kind::Join;
            });
            if (!joined) {
                *error = CliOptions::tr("push %1: join a topic first").arg(command.event);
                return false;
            }
        } else if (word == "leave"_L1) {
            command.kind = CliCommand::Kind::Leave;
        } else if (word == "listen"_L1) {
            command.kind = CliCommand::Kind::Listen;
            if (i + 1 < words.size()) {
                bool ok = false;
                const double seconds = words.at(i + 1).toDouble(&ok);
                if (ok) {
                    if (seconds < 0 || !std::isfinite(seconds)) {
                        *error = CliOptions::tr("listen: not a duration in seconds: %1").arg(words.at(i + 1));
                        return false;
                    }
                    command.seconds = seconds;
                    ++i;
                }
            }
        } else {
            *error = CliOptions::tr("Unknown command: %1 (commands: join, push, leave, listen)").arg(word);
            return false;
        }
        commands->append(command);
    }
    return true;
}

bool CliOptions::parse(const QStringList &arguments, CliOptions *options, QString *output, QString *error)
{
    output->clear();
    error->clear();

    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("A terminal client for Phoenix Channels servers, on PhoenixQt.\n"
           "\n"
           "Commands, run in order once connected:\n"
           "  join TOPIC [PARAMS]   join a topic, PARAMS a JSON object\n"
           "  push EVENT [PAYLOAD]  push to the last joined topic, PAYLOAD a JSON object,\n"
           "                        or - for one JSON object per line of standard input\n"
           "  leave                 leave the last joined topic\n"
           "  listen [SECONDS]      print what arrives, for SECONDS or until interrupted\n"
           "\n"
           "Without listen it exits once every reply arrived. Exit codes: 0 ok, 2 usage,\n"
           "3 connection refused or failed, 4 join error, 5 push error, 6 timeout,\n"
           "7 connection lost, 130 interrupted.\n"
           "\n"
           "Example:\n"
           "  phoenix-cli ws://localhost:4000/socket --param user=ada \\\n"
           "      join room:lobby push echo '{\"a\":1}' listen"));
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    const QCommandLineOption paramOption(u"param"_s, tr("Connect parameter (repeatable)."), tr("key=value"));
    const QCommandLineOption paramsOption(u"params"_s, tr("Connect parameters as a JSON object."),
                                          tr("json"));
    const QCommandLineOption tokenOption(
        u"token"_s,
        tr("Auth token, sent in the Sec-WebSocket-Protocol header (Phoenix 1.8 auth_token); "
           "default: $PHOENIX_TOKEN."),
        tr("token"));
    const QCommandLineOption headerOption(
        u"header"_s, tr("Extra HTTP header of the upgrade request (repeatable)."), tr("name: value"));
    const QCommandLineOption protocolOption(
        u"protocol"_s, tr("Protocol version: 2 (vsn 2.0.0, default) or 1 (vsn 1.0.0, JSON objects)."),
        tr("1|2"), u"2"_s);
    const QCommandLineOption timeoutOption(
        u"timeout"_s, tr("Timeout of the connect, joins and pushes (default 10000)."), tr("ms"), u"10000"_s);
    const QCommandLineOption heartbeatOption(
        u"heartbeat"_s, tr("Heartbeat interval (default 30000, 0 = none)."), tr("ms"), u"30000"_s);
    const QCommandLineOption reconnectOption(
        u"reconnect"_s, tr("Reconnect and rejoin after a lost connection instead of exiting."));
    const QCommandLineOption noPresenceOption(u"no-presence"_s,
                                              tr("Print presence_state/presence_diff as plain messages."));
    const QCommandLineOption formatOption(
        u"format"_s, tr("Output: text (default) or json (one object per line)."), tr("text|json"), u"text"_s);
    const QCommandLineOption jsonOption({u"j"_s, u"json"_s}, tr("Same as --format json."));
    const QCommandLineOption cacertOption(
        u"cacert"_s, tr("Trust the CA certificates in this PEM file (wss)."), tr("file"));
    const QCommandLineOption certOption(u"cert"_s, tr("Client certificate, PEM (wss)."), tr("file"));
    const QCommandLineOption keyOption(u"key"_s, tr("Private key of --cert, PEM, unencrypted (wss)."),
                                       tr("file"));
    const QCommandLineOption insecureOption(u"insecure"_s,
                                            tr("Do not verify the server's certificate (wss)."));
    const QCommandLineOption pinOption(
        u"pin"_s,
        tr("Accept the server only if one of its public keys has this SHA-256 pin, \"sha256/<base64>\" "
           "(repeatable; wss)."),
        tr("pin"));
    const QCommandLineOption proxyOption(
        u"proxy"_s,
        tr("Connect through this proxy: http://[user[:password]@]host[:port], socks5://..., system (the "
           "http_proxy/https_proxy/no_proxy environment), or none; the password may come from "
           "$PHOENIX_PROXY_PASSWORD. Default: the system's settings."),
        tr("url"));
    const QCommandLineOption transportOption(u"transport"_s,
                                             tr("Transport: websocket (default) or longpoll."),
                                             tr("websocket|longpoll"), u"websocket"_s);
    const QCommandLineOption verboseOption(u"verbose"_s, tr("Log the library's debug output to stderr."));
    const QCommandLineOption langOption(u"lang"_s, tr("Language of the messages, e.g. de or fr."),
                                        tr("language"));
    parser.addOptions({paramOption,   paramsOption,    tokenOption,     headerOption,     protocolOption,
                       timeoutOption, heartbeatOption, reconnectOption, noPresenceOption, formatOption,
                       jsonOption,    cacertOption,    certOption,      keyOption,        insecureOption,
                       pinOption,     proxyOption,     transportOption, verboseOption,    langOption});
    parser.addPositionalArgument(u"url"_s, tr("Socket endpoint, e.g. ws://localhost:4000/socket."));
    parser.addPositionalArgument(u"commands"_s, tr("join, push, leave, listen (see above)."),
                                 u"[commands...]"_s);

    if (!parser.parse(arguments)) {
        *error = parser.errorText();
        return false;
    }
    if (parser.isSet(helpOption)) {
        *output = parser.helpText();
        return false;
    }
    if (parser.isSet(versionOption)) {
        *output = QCoreApplication::applicationName() + u' ' + QCoreApplication::applicationVersion() + u'\n';
        return false;
    }

    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty()) {
        *error = tr("The socket URL is missing (see --help).");
        return false;
    }
    options->url = normalizeUrl(positional.first());
    if (options->url.isEmpty()) {
        *error = tr("Not a ws://, wss://, http:// or https:// URL: %1").arg(positional.first());
        return false;
    }
    if (!parseCommands(positional.mid(1), &options->commands, error))
        return false;

    if (parser.isSet(paramsOption) && !parseObject(parser.value(paramsOption), &options->params, error))
        return false;
    for (const QString &param : parser.values(paramOption)) {
        const qsizetype equals = param.indexOf(u'=');
        if (equals <= 0) {
            *error = tr("--param expects key=value: %1").arg(param);
            return false;
        }
        options->params.insert(param.left(equals), param.mid(equals + 1));
    }
    for (const QString &header : parser.values(headerOption)) {
        const qsizetype colon = header.indexOf(u':');
        if (colon <= 0) {
            *error = tr("--header expects \"name: value\": %1").arg(header);
            return false;
        }
        options->headers.insert(header.left(colon).trimmed(), header.mid(colon + 1).trimmed());
    }
    options->authToken = parser.isSet(tokenOption)
                             ? parser.value(tokenOption)
                             : QProcessEnvironment::systemEnvironment().value(u"PHOENIX_TOKEN"_s);

    bool ok = false;
    options->protocol = parser.value(protocolOption).toInt(&ok);
    if (!ok || (options->protocol != 1 && options->protocol != 2)) {
        *error = tr("--protocol must be 1 or 2: %1").arg(parser.value(protocolOption));
        return false;
    }
    options->timeoutMs = parser.value(timeoutOption).toInt(&ok);
    if (!ok || options->timeoutMs <= 0) {
        *error =
            tr("--timeout must be a positive number of milliseconds: %1").arg(parser.value(timeoutOption));
        return false;
    }
    options->heartbeatMs = parser.value(heartbeatOption).toInt(&ok);
    if (!ok || options->heartbeatMs < 0) {
        *error = tr("--heartbeat must be a number of milliseconds: %1").arg(parser.value(heartbeatOption));
        return false;
    }
    const QString format = parser.isSet(jsonOption) ? u"json"_s : parser.value(formatOption);
    if (format == "json"_L1) {
        options->format = Format::Json;
    } else if (format == "text"_L1) {
        options->format = Format::Text;
    } else {
        *error = tr("--format must be text or json: %1").arg(format);
        return false;
    }
    options->reconnect = parser.isSet(reconnectOption);
    options->presence = !parser.isSet(noPresenceOption);
    options->verbose = parser.isSet(verboseOption);
    options->caCertificates = parser.value(cacertOption);
    options->clientCertificate = parser.value(certOption);
    options->clientKey = parser.value(keyOption);
    options->insecure = parser.isSet(insecureOption);
    if (options->clientKey.isEmpty() != options->clientCertificate.isEmpty()) {
        *error = tr("--cert and --key go together.");
        return false;
    }
    options->publicKeyPins = parser.values(pinOption);
    const QString transport = parser.value(transportOption);
    if (transport != "websocket"_L1 && transport != "longpoll"_L1) {
        *error = tr("--transport must be websocket or longpoll: %1").arg(transport);
        return false;
    }
    options->longPoll = transport == "longpoll"_L1;
    if (parser.isSet(proxyOption)) {
        const QString proxy = parser.value(proxyOption);
        if (proxy == "none"_L1) {
            options->proxy = QNetworkProxy(QNetworkProxy::NoProxy);
        } else if (proxy == "system"_L1) {
            options->systemProxy = true;
        } else {
            bool ok = false;
            const QUrl url(proxy);
            options->proxy = PhoenixSocket::proxyFromUrl(url, &ok);
            if (!ok) {
                // Never echo what may hold a password: the scheme and host say enough.
                *error =
                    tr("--proxy expects http://host:port, socks5://host:port, system or none: %1")
                        .arg(url.isValid() && !url.host().isEmpty() ? url.scheme() + u"://"_s + url.host()
                                                                    : tr("(unreadable)"));
                return false;
            }
            if (!options->proxy.user().isEmpty() && options->proxy.password().isEmpty())
                options->proxy.setPassword(
                    QProcessEnvironment::systemEnvironment().value(u"PHOENIX_PROXY_PASSWORD"_s));
        }
    }
    return true;
}
