// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#include "phoenixcli.h"

#include <PhoenixQt/PhoenixChannel>
#include <PhoenixQt/PhoenixPresence>
#include <PhoenixQt/PhoenixPush>
#include <PhoenixQt/PhoenixSerializer>
#include <PhoenixQt/PhoenixSocket>

#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonParseError>
#include <QtCore/QMetaEnum>
#include <QtCore/QSocketNotifier>
#include <QtCore/QStringList>

#ifndef QT_NO_SSL
#include <QtNetwork/QSslCertificate>
#include <QtNetwork/QSslConfiguration>
#endif

#include <cerrno>
#include <cstdio>
#include <memory>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {
const auto PresenceState = "presence_state"_L1;
const auto PresenceDiff = "presence_diff"_L1;

QString displayUrl(const QUrl &url)
{
    // Params (and so tokens passed as params) never appear in what phoenix-cli prints.
    return url.adjusted(QUrl::RemoveQuery | QUrl::RemoveUserInfo | QUrl::RemoveFragment).toString();
}
} // namespace

PhoenixCli::PhoenixCli(const CliOptions &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_out(stdout)
{
    m_connectTimer.setSingleShot(true);
    m_listenTimer.setSingleShot(true);
}

PhoenixCli::~PhoenixCli() = default;

QString PhoenixCli::compact(const QJsonValue &value)
{
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    if (value.isUndefined())
        return u"null"_s;
    QString text = QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact));
    return text.mid(1, text.size() - 2);
}

void PhoenixCli::print(const QJsonObject &json, const QString &text)
{
    if (m_done)
        return; // nothing after the outcome (e.g. the errors caused by our own disconnect)
    if (m_options.format == CliOptions::Format::Json) {
        // "type" first, for people reading the lines; the rest in QJsonObject's (sorted) order.
        QJsonObject rest = json;
        const QJsonValue type = rest.take(u"type"_s);
        const QString tail = compact(rest).mid(1);
        m_out << "{\"type\":" << compact(type) << (tail.size() > 1 ? u","_s : QString()) << tail << '\n';
    } else {
        m_out << text << '\n';
    }
    m_out.flush();
}

void PhoenixCli::run()
{
    m_socket = new PhoenixSocket(m_options.url, this);
    if (m_options.protocol == 1)
        m_socket->setSerializer(std::make_unique<PhoenixV1JsonSerializer>());
    m_socket->setParams(m_options.params);
    m_socket->setHeaders(m_options.headers);
    m_socket->setAuthToken(m_options.authToken);
    m_socket->setTimeout(m_options.timeoutMs);
    m_socket->setHeartbeatInterval(m_options.heartbeatMs);
    m_socket->setAutoReconnect(m_options.reconnect);
    if (m_options.longPoll)
        m_socket->setTransport(PhoenixSocket::Transport::LongPoll);
    if (m_options.systemProxy)
        QNetworkProxyFactory::setUseSystemConfiguration(true);
    m_socket->setProxy(m_options.proxy);

#ifndef QT_NO_SSL
    if (m_options.url.scheme() == "wss"_L1) {
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        if (!m_options.caCertificates.isEmpty()) {
            const QList<QSslCertificate> cas = QSslCertificate::fromPath(m_options.caCertificates);
            if (cas.isEmpty()) {
                print({{u"type"_s, u"error"_s},
                       {u"error"_s, u"UsageError"_s},
                       {u"message"_s, tr("No certificate in %1").arg(m_options.caCertificates)}},
                      tr("error: no certificate in %1").arg(m_options.caCertificates));
                finish(CliExit::Usage);
                return;
            }
            ssl.addCaCertificates(cas);
        }
        if (m_options.insecure)
            ssl.setPeerVerifyMode(QSslSocket::VerifyNone);
        m_socket->setSslConfiguration(ssl);
        QString problem;
        if (!m_options.clientCertificate.isEmpty() &&
            !m_socket->loadClientCertificate(m_options.clientCertificate, m_options.clientKey, QByteArray(),
                                             &problem)) {
            print({{u"type"_s, u"error"_s}, {u"error"_s, u"UsageError"_s}, {u"message"_s, problem}},
                  tr("error: %1").arg(problem));
            finish(CliExit::Usage);
            return;
        }
    }
    m_socket->setPublicKeyPins(m_options.publicKeyPins);
#endif

    connect(m_socket, &PhoenixSocket::connected, this, [this] {
        const bool first = !m_connected;
        m_connected = true;
        m_connectTimer.stop();
        print({{u"type"_s, u"connected"_s}, {u"url"_s, displayUrl(m_options.url)}},
              tr("Connected to %1").arg(displayUrl(m_options.url)));
        if (first)
            nextCommand();
    });
    connect(m_socket, &PhoenixSocket::errorOccurred, this,
            [this](PhoenixSocket::Error error, const QString &message) {
                if (m_done)
                    return;
                const QString name =
                    QString::fromLatin1(QMetaEnum::fromType<PhoenixSocket::Error>().valueToKey(int(error)));
                print({{u"type"_s, u"error"_s}, {u"error"_s, name}, {u"message"_s, message}},
                      tr("error: %1").arg(message));
                if (!m_connected && error != PhoenixSocket::Error::ProtocolError)
                    finish(CliExit::ConnectFailed);
            });
    connect(m_socket, &PhoenixSocket::disconnected, this, [this] {
        if (m_done || !m_connected)
            return;
        print({{u"type"_s, u"disconnected"_s}}, tr("Disconnected"));
        if (!m_options.reconnect)
            finish(CliExit::ConnectionLost);
    });
    connect(m_socket, &PhoenixSocket::reconnectScheduled, this, [this](int attempt, int delayMs) {
        if (m_done || attempt == 0)
            return;
        print({{u"type"_s, u"reconnecting"_s}, {u"attempt"_s, attempt}, {u"delay_ms"_s, delayMs}},
              tr("Reconnecting in %1 ms (attempt %2)").arg(delayMs).arg(attempt));
    });
    connect(&m_connectTimer, &QTimer::timeout, this, [this] {
        print({{u"type"_s, u"error"_s},
               {u"error"_s, u"TimeoutError"_s},
               {u"message"_s, tr("No connection within %1 ms").arg(m_options.timeoutMs)}},
              tr("error: no connection within %1 ms").arg(m_options.timeoutMs));
        finish(CliExit::Timeout);
    });
    m_connectTimer.start(m_options.timeoutMs);
    m_socket->connectToServer();
}

void PhoenixCli::nextCommand()
{
    if (m_done)
        return;
    if (m_next >= m_options.commands.size()) {
        finish(CliExit::Ok);
        return;
    }
    const CliCommand command = m_options.commands.at(m_next++);
    switch (command.kind) {
    case CliCommand::Kind::Join:
        startJoin(command);
        break;
    case CliCommand::Kind::Push:
        if (command.fromStdin)
            startStdinPush(command);
        else
            startPush(command);
        break;
    case CliCommand::Kind::Leave:
        startLeave();
        break;
    case CliCommand::Kind::Listen:
        startListen(command);
        break;
    }
}

void PhoenixCli::stepDone()
{
    // Continue from the event loop, so that a step that ends inside a signal handler does not
    // start the next one while the library is still emitting.
    QMetaObject::invokeMethod(this, &PhoenixCli::nextCommand, Qt::QueuedConnection);
}

void PhoenixCli::watchChannel(PhoenixChannel *channel)
{
    const QString topic = channel->topic();
    connect(channel, &PhoenixChannel::messageReceived, this,
            [this, topic](const QString &event, const QJsonObject &payload) {
                if (m_options.presence && (event == PresenceState || event == PresenceDiff))
                    return; // shown as presence lines
                print({{u"type"_s, u"message"_s},
                       {u"topic"_s, topic},
                       {u"event"_s, event},
                       {u"payload"_s, payload}},
                      u"[%1] %2: %3"_s.arg(topic, event, compact(payload)));
            });
    connect(
        channel, &PhoenixChannel::binaryMessageReceived, this,
        [this, topic](const QString &event, const QByteArray &payload) {
            const QString base64 = QString::fromLatin1(payload.toBase64());
            print(
                {{u"type"_s, u"message"_s}, {u"topic"_s, topic}, {u"event"_s, event}, {u"binary"_s, base64}},
                tr("[%1] %2: %3 bytes (base64 %4)").arg(topic, event).arg(payload.size()).arg(base64));
        });
    connect(channel, &PhoenixChannel::errorOccurred, this, [this, topic](const QString &reason) {
        print({{u"type"_s, u"channel_error"_s}, {u"topic"_s, topic}, {u"message"_s, reason}},
              tr("[%1] channel error: %2").arg(topic, reason));
    });
    connect(channel, &PhoenixChannel::closed, this, [this, topic] {
        print({{u"type"_s, u"closed"_s}, {u"topic"_s, topic}}, tr("[%1] closed").arg(topic));
    });

    if (!m_options.presence)
        return;
    auto *presence = new PhoenixPresence(channel, channel);
    connect(
        presence, &PhoenixPresence::joined, this,
        [this, topic](const QString &key, const QJsonObject &current, const QJsonObject &newPresence) {
            // The server's diff repeats metas the state already had (e.g. our own join): skip those.
            QStringList known;
            for (const QJsonValue &meta : current.value(u"metas"_s).toArray())
                known.append(meta[u"phx_ref"_s].toString());
            QJsonArray metas;
            for (const QJsonValue &meta : newPresence.value(u"metas"_s).toArray()) {
                if (!known.contains(meta[u"phx_ref"_s].toString()))
                    metas.append(meta);
            }
            if (metas.isEmpty())
                return;
            print(
                {{u"type"_s, u"presence_join"_s}, {u"topic"_s, topic}, {u"key"_s, key}, {u"metas"_s, metas}},
                tr("[%1] %2 joined").arg(topic, key));
        });
    connect(
        presence, &PhoenixPresence::left, this,
        [this, topic](const QString &key, const QJsonObject &, const QJsonObject &leftPresence) {
            const QJsonArray metas = leftPresence.value(u"metas"_s).toArray();
            print(
                {{u"type"_s, u"presence_leave"_s}, {u"topic"_s, topic}, {u"key"_s, key}, {u"metas"_s, metas}},
                tr("[%1] %2 left").arg(topic, key));
        });
    auto lastKeys = std::make_shared<QStringList>();
    connect(presence, &PhoenixPresence::synced, this, [this, topic, presence, lastKeys] {
        const QStringList keys = presence->keys();
        if (keys == *lastKeys && !lastKeys->isEmpty())
            return;
        *lastKeys = keys;
        print(
            {{u"type"_s, u"presence"_s}, {u"topic"_s, topic}, {u"keys"_s, QJsonArray::fromStringList(keys)}},
            tr("[%1] online: %2").arg(topic, keys.isEmpty() ? tr("nobody") : keys.join(", "_L1)));
    });
}

void PhoenixCli::startJoin(const CliCommand &command)
{
    PhoenixChannel *channel = m_socket->channel(command.topic, command.payload);
    m_channel = channel;
    watchChannel(channel);
    const QString topic = command.topic;
    PhoenixPush *join = channel->join(m_options.timeoutMs);
    // The join push reports every attempt (rejoins too); the first outcome decides this step.
    auto *step = new QObject(this);
    connect(join, &PhoenixPush::replied, this,
            [this, topic](const QString &status, const QJsonValue &response) {
                if (status == "ok"_L1)
                    print({{u"type"_s, u"joined"_s}, {u"topic"_s, topic}, {u"response"_s, response}},
                          tr("[%1] joined: %2").arg(topic, compact(response)));
                else
                    print({{u"type"_s, u"join_error"_s},
                           {u"topic"_s, topic},
                           {u"status"_s, status},
                           {u"response"_s, response}},
                          tr("[%1] join refused (%2): %3").arg(topic, status, compact(response)));
            });
    connect(join, &PhoenixPush::timedOut, this, [this, topic] {
        print({{u"type"_s, u"join_timeout"_s}, {u"topic"_s, topic}},
              tr("[%1] join timed out after %2 ms").arg(topic).arg(m_options.timeoutMs));
    });
    connect(join, &PhoenixPush::replied, step, [this, step](const QString &status, const QJsonValue &) {
        step->deleteLater();
        if (status == "ok"_L1)
            stepDone();
        else
            finish(CliExit::JoinError);
    });
    connect(join, &PhoenixPush::timedOut, step, [this, step] {
        step->deleteLater();
        finish(CliExit::Timeout);
    });
}

void PhoenixCli::startPush(const CliCommand &command)
{
    pushPayload(command.event, command.payload);
}

void PhoenixCli::pushPayload(const QString &event, const QJsonObject &payload)
{
    if (!m_channel) {
        print({{u"type"_s, u"push_error"_s},
               {u"event"_s, event},
               {u"message"_s, tr("No joined topic to push to")}},
              tr("error: push %1: no joined topic to push to").arg(event));
        finish(CliExit::PushError);
        return;
    }
    const QString topic = m_channel->topic();
    ++m_pendingPushes;
    PhoenixPush *push = m_channel->push(event, payload, m_options.timeoutMs);
    const QString ref = push->ref();
    connect(push, &PhoenixPush::finished, this, [this, push, topic, event, ref] {
        --m_pendingPushes;
        const QJsonObject base{{u"topic"_s, topic}, {u"event"_s, event}, {u"ref"_s, ref}};
        switch (push->error()) {
        case PhoenixPush::Error::NoError:
        case PhoenixPush::Error::ReplyError: {
            QJsonObject json = base;
            json.insert(u"type"_s, u"reply"_s);
            json.insert(u"status"_s, push->status());
            json.insert(u"response"_s, push->response());
            print(json, tr("[%1] reply to %2 (ref %3): %4 %5")
                            .arg(topic, event, ref, push->status(), compact(push->response())));
            if (push->status() != "ok"_L1) {
                finish(CliExit::PushError);
                return;
            }
            break;
        }
        case PhoenixPush::Error::TimeoutError: {
            QJsonObject json = base;
            json.insert(u"type"_s, u"push_timeout"_s);
            print(json, tr("[%1] no reply to %2 (ref %3) within %4 ms")
                            .arg(topic, event, ref)
                            .arg(m_options.timeoutMs));
            finish(CliExit::Timeout);
            return;
        }
        default: {
            QJsonObject json = base;
            json.insert(u"type"_s, u"push_error"_s);
            json.insert(u"message"_s, push->errorString());
            print(json, tr("[%1] push %2 failed: %3").arg(topic, event, push->errorString()));
            finish(CliExit::PushError);
            return;
        }
        }
        if (m_stdinEvent.isEmpty()) {
            stepDone();
        } else if (!m_stdinOpen && m_pendingPushes == 0) {
            m_stdinEvent.clear();
            stepDone();
        }
    });
}

void PhoenixCli::startStdinPush(const CliCommand &command)
{
    m_stdinEvent = command.event;
    m_stdinOpen = true;
    m_stdinNotifier = new QSocketNotifier(STDIN_FILENO, QSocketNotifier::Read, this);
    connect(m_stdinNotifier, &QSocketNotifier::activated, this, &PhoenixCli::readStdin);
}

void PhoenixCli::readStdin()
{
    char buffer[65536];
    const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
    if (n < 0) {
        if (errno == EINTR || errno == EAGAIN)
            return;
        print({{u"type"_s, u"error"_s},
               {u"error"_s, u"StdinError"_s},
               {u"message"_s, tr("Cannot read standard input")}},
              tr("error: cannot read standard input"));
        finish(CliExit::Failure);
        return;
    }
    const bool eof = n == 0;
    m_stdinBuffer.append(buffer, n);
    if (eof && !m_stdinBuffer.isEmpty() && !m_stdinBuffer.endsWith('\n'))
        m_stdinBuffer.append('\n');
    qsizetype newline;
    while (!m_done && (newline = m_stdinBuffer.indexOf('\n')) >= 0) {
        const QByteArray line = m_stdinBuffer.left(newline).trimmed();
        m_stdinBuffer.remove(0, newline + 1);
        if (line.isEmpty())
            continue;
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(line, &error);
        if (error.error != QJsonParseError::NoError || !document.isObject()) {
            const QString text = QString::fromUtf8(line);
            print({{u"type"_s, u"error"_s},
                   {u"error"_s, u"UsageError"_s},
                   {u"message"_s, tr("Not a JSON object: %1").arg(text)}},
                  tr("error: not a JSON object: %1").arg(text));
            finish(CliExit::Usage);
            return;
        }
        pushPayload(m_stdinEvent, document.object());
    }
    if (eof && !m_done) {
        m_stdinOpen = false;
        m_stdinNotifier->setEnabled(false);
        if (m_pendingPushes == 0) {
            m_stdinEvent.clear();
            stepDone();
        }
    }
}

void PhoenixCli::startLeave()
{
    if (!m_channel) {
        stepDone();
        return;
    }
    PhoenixChannel *channel = m_channel;
    m_channel.clear();
    auto *step = new QObject(this);
    connect(channel, &PhoenixChannel::closed, step, [this, step] {
        step->deleteLater();
        stepDone();
    });
    channel->leave(m_options.timeoutMs);
}

void PhoenixCli::startListen(const CliCommand &command)
{
    m_listening = true;
    if (command.seconds > 0) {
        connect(&m_listenTimer, &QTimer::timeout, this, [this] {
            m_listening = false;
            stepDone();
        });
        m_listenTimer.start(int(command.seconds * 1000));
    }
}

void PhoenixCli::interrupt()
{
    finish(m_listening ? CliExit::Ok : CliExit::Interrupted);
}

void PhoenixCli::finish(CliExit code)
{
    if (m_done)
        return;
    m_done = true;
    m_connectTimer.stop();
    m_listenTimer.stop();
    if (m_stdinNotifier)
        m_stdinNotifier->setEnabled(false);
    if (m_socket)
        m_socket->disconnectFromServer();
    m_out.flush();
    QMetaObject::invokeMethod(
        this, [this, code] { Q_EMIT finished(int(code)); }, Qt::QueuedConnection);
}
