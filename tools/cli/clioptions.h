// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

#include <QtCore/QCoreApplication>
#include <QtCore/QJsonObject>
#include <QtCore/QList>
#include <QtCore/QStringList>
#include <QtCore/QUrl>
#include <QtCore/QVariantMap>
#include <QtNetwork/QNetworkProxy>

/*!
 * \brief What phoenix-cli exits with; each failure has its own code, so scripts can tell them apart.
 */
enum class CliExit : int {
    Ok = 0,             //!< everything asked for succeeded (or `listen` was stopped by a signal)
    Failure = 1,        //!< an unexpected failure (e.g. reading stdin)
    Usage = 2,          //!< bad command line (unknown option or command, malformed JSON)
    ConnectFailed = 3,  //!< connection refused, host not found, TLS failure, HTTP refusal of the upgrade
    JoinError = 4,      //!< a join was answered with an error
    PushError = 5,      //!< a push was answered with an error, or could not be sent
    Timeout = 6,        //!< connect, join or push got no answer within --timeout
    ConnectionLost = 7, //!< the connection closed while work was left (and --reconnect was not given)
    Interrupted = 130   //!< SIGINT/SIGTERM before the commands were done
};

/*!
 * \brief One step of phoenix-cli's command list, executed in order after connecting.
 */
struct CliCommand
{
    //! The kinds of steps.
    enum class Kind {
        Join,   //!< join \c topic with \c payload as join params
        Push,   //!< push \c event with \c payload to the last joined topic (or each stdin line)
        Leave,  //!< leave the last joined topic
        Listen, //!< print what arrives, for \c seconds (0: until interrupted)
    };
    Kind kind = Kind::Listen; //!< what to do
    QString topic;            //!< Join: the topic
    QString event;            //!< Push: the event
    QJsonObject payload;      //!< Join: params, Push: the payload
    bool fromStdin = false;   //!< Push: one payload per line of standard input
    double seconds = 0;       //!< Listen: how long, 0 = until interrupted
};

/*!
 * \brief The parsed command line of phoenix-cli.
 */
struct CliOptions
{
    Q_DECLARE_TR_FUNCTIONS(PhoenixCli)

public:
    //! Output formats.
    enum class Format { Text, Json };

    QUrl url;                     //!< endpoint, normalised (ws/wss, ends in /websocket)
    QJsonObject params;           //!< connect params (--param, --params)
    QVariantMap headers;          //!< extra upgrade headers (--header)
    QString authToken;            //!< --token or $PHOENIX_TOKEN
    int protocol = 2;             //!< 1 or 2 (--protocol)
    int timeoutMs = 10000;        //!< --timeout
    int heartbeatMs = 30000;      //!< --heartbeat
    bool reconnect = false;       //!< --reconnect
    bool presence = true;         //!< !--no-presence
    bool verbose = false;         //!< --verbose
    Format format = Format::Text; //!< --format / --json
    QString caCertificates;       //!< --cacert FILE
    QString clientCertificate;    //!< --cert FILE
    QString clientKey;            //!< --key FILE
    bool insecure = false;        //!< --insecure
    QStringList publicKeyPins;    //!< --pin (repeatable)
    bool longPoll = false;        //!< --transport longpoll
    //! --proxy: a proxy (with $PHOENIX_PROXY_PASSWORD when the URL has a user but no password), or
    //! QNetworkProxy::DefaultProxy (Qt's application proxy, which follows the system's settings).
    QNetworkProxy proxy;
    bool systemProxy = false;   //!< --proxy system
    QList<CliCommand> commands; //!< the steps

    /*!
     * Parses \a arguments (argv, program name first). On failure returns false and sets \a error to a
     * translated message; on --help/--version sets \a output to the text to print and returns false
     * with \a error empty.
     */
    static bool parse(const QStringList &arguments, CliOptions *options, QString *output, QString *error);

    //! The language given with --lang (looked up before parsing so that --help is translated).
    static QString languageArgument(const QStringList &arguments);

    //! Turns "ws://host/socket", "http://host/socket/" etc. into ".../socket/websocket" with ws/wss.
    static QUrl normalizeUrl(const QString &text);
};
