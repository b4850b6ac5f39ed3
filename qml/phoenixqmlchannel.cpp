// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#include "phoenixqmlchannel.h"

#include "phoenixqmllogging_p.h"
#include "phoenixqmlpush.h"
#include "phoenixqmlsocket.h"

#include <phoenixchannel.h>
#include <phoenixpresence.h>
#include <phoenixpush.h>
#include <phoenixsocket.h>

#include <QtQml/QJSEngine>
#include <QtQml/QQmlEngine>

// The QML State enum mirrors PhoenixChannel::State value for value; conversions are plain casts.
static_assert(int(PhoenixQmlChannel::Closed) == int(PhoenixChannel::State::Closed)
                  && int(PhoenixQmlChannel::Joining) == int(PhoenixChannel::State::Joining)
                  && int(PhoenixQmlChannel::Joined) == int(PhoenixChannel::State::Joined)
                  && int(PhoenixQmlChannel::Leaving) == int(PhoenixChannel::State::Leaving)
                  && int(PhoenixQmlChannel::Errored) == int(PhoenixChannel::State::Errored),
              "PhoenixQmlChannel::State drifted from PhoenixChannel::State");


using namespace Qt::StringLiterals;

static_assert(int(PhoenixQmlChannel::Joined) == int(PhoenixChannel::State::Joined));
static_assert(int(PhoenixQmlChannel::Errored) == int(PhoenixChannel::State::Errored));

PhoenixQmlChannel::PhoenixQmlChannel(QObject *parent)
    : QObject(parent)
{
}

PhoenixQmlChannel::~PhoenixQmlChannel()
{
    m_destroying = true;
    releaseChannel();
}

PhoenixQmlSocket *PhoenixQmlChannel::socket() const
{
    return m_socket;
}

void PhoenixQmlChannel::setSocket(PhoenixQmlSocket *socket)
{
    if (m_socket == socket)
        return;
    if (m_socket)
        disconnect(m_socket, nullptr, this, nullptr);
    m_socket = socket;
    if (m_socket) {
        connect(m_socket, &PhoenixQmlSocket::connectedChanged, this, &PhoenixQmlChannel::maybeJoin);
        // The C++ socket deletes its channels with it: forget ours before that happens.
        connect(m_socket, &QObject::destroyed, this, [this] {
            releaseChannel();
            updateState();
        });
    }
    Q_EMIT socketChanged();
    sync();
}

QString PhoenixQmlChannel::topic() const
{
    return m_topic;
}

void PhoenixQmlChannel::setTopic(const QString &topic)
{
    if (m_topic == topic)
        return;
    m_topic = topic;
    Q_EMIT topicChanged();
    sync();
}

QVariantMap PhoenixQmlChannel::params() const
{
    return m_params.toVariantMap();
}

void PhoenixQmlChannel::setParams(const QVariantMap &params)
{
    const QJsonObject json = QJsonObject::fromVariantMap(params);
    if (m_params == json)
        return;
    m_params = json;
    if (m_channel)
        m_channel->setParams(json);
    Q_EMIT paramsChanged();
}

bool PhoenixQmlChannel::isActive() const
{
    return m_active;
}

void PhoenixQmlChannel::setActive(bool active)
{
    if (m_active == active)
        return;
    m_active = active;
    Q_EMIT activeChanged();
    sync();
}

int PhoenixQmlChannel::timeout() const
{
    return m_timeout;
}

void PhoenixQmlChannel::setTimeout(int ms)
{
    if (m_timeout == ms)
        return;
    m_timeout = ms;
    if (m_channel && ms >= 0)
        m_channel->setTimeout(ms);
    Q_EMIT timeoutChanged();
}

PhoenixQmlChannel::State PhoenixQmlChannel::state() const
{
    return m_state;
}

bool PhoenixQmlChannel::isJoined() const
{
    return m_state == Joined;
}

QString PhoenixQmlChannel::errorString() const
{
    return m_errorString;
}

PhoenixChannel *PhoenixQmlChannel::channel() const
{
    return m_channel;
}

PhoenixPresence *PhoenixQmlChannel::presence() const
{
    return m_presence;
}

PhoenixQmlPush *PhoenixQmlChannel::push(const QString &event, const QVariantMap &payload, int timeoutMs)
{
    QJSEngine *engine = qjsEngine(this);
    PhoenixQmlPush *result = nullptr;
    if (m_channel) {
        result = new PhoenixQmlPush(
            event, m_channel->push(event, QJsonObject::fromVariantMap(payload), timeoutMs), engine, this);
    } else {
        const QString reason =
            m_topic.isEmpty() ? tr("Cannot send \"%1\": the channel has no topic.").arg(event)
                              : tr("Cannot send \"%1\": the channel %2 is not active.").arg(event, m_topic);
        result = new PhoenixQmlPush(event, nullptr, engine, this, reason);
    }
    connect(result, &PhoenixQmlPush::errorOccurred, this,
            [this, event](const QString &message) { Q_EMIT pushFailed(event, message); });
    // Owned by this item until it finished (then it deletes itself), never by the JS garbage collector.
    QJSEngine::setObjectOwnership(result, QJSEngine::CppOwnership);
    return result;
}

void PhoenixQmlChannel::classBegin()
{
    m_complete = false;
}

void PhoenixQmlChannel::componentComplete()
{
    m_complete = true;
    if (!m_socket)
        qCWarning(lcPhoenixQml) << "PhoenixChannel" << m_topic << "has no socket: it will not join";
    sync();
}

void PhoenixQmlChannel::sync()
{
    if (!m_complete || m_destroying)
        return;
    PhoenixSocket *cppSocket = m_socket ? m_socket->socket() : nullptr;
    const bool wanted = m_active && cppSocket && !m_topic.isEmpty();
    if (m_channel && (!wanted || m_channel->topic() != m_topic || m_channel->socket() != cppSocket))
        releaseChannel();
    if (wanted && !m_channel) {
        qCDebug(lcPhoenixQml) << "channel item: new channel for" << m_topic;
        PhoenixChannel *channel = cppSocket->channel(m_topic, m_params);
        if (m_timeout >= 0)
            channel->setTimeout(m_timeout);
        m_channel = channel;
        // Before the join, so that the first presence_state is not missed.
        m_presence = new PhoenixPresence(channel, channel);
        m_joinRequested = false;

        connect(channel, &PhoenixChannel::joined, this, [this](const QJsonValue &response) {
            setErrorString({});
            Q_EMIT joined(response);
        });
        connect(channel, &PhoenixChannel::joinFailed, this, [this](const QJsonValue &response) {
            const QString message = joinFailureMessage(response);
            setErrorString(message);
            Q_EMIT joinFailed(response);
            Q_EMIT errorOccurred(message);
        });
        connect(channel, &PhoenixChannel::messageReceived, this, &PhoenixQmlChannel::messageReceived);
        connect(channel, &PhoenixChannel::closed, this, &PhoenixQmlChannel::closed);
        connect(channel, &PhoenixChannel::errorOccurred, this, [this](const QString &reason) {
            setErrorString(reason);
            Q_EMIT errorOccurred(reason);
        });
        connect(channel, &PhoenixChannel::rejoinScheduled, this, &PhoenixQmlChannel::rejoinScheduled);
        connect(channel, &PhoenixChannel::stateChanged, this, &PhoenixQmlChannel::updateState);
        connect(channel, &QObject::destroyed, this, [this] {
            // Deleted by its socket (or by someone else) while in use.
            m_presence = nullptr;
            updateState();
            Q_EMIT channelChanged();
        });
        Q_EMIT channelChanged();
        maybeJoin();
    }
    updateState();
}

void PhoenixQmlChannel::maybeJoin()
{
    if (m_channel && !m_joinRequested && m_socket && m_socket->isConnected()) {
        m_joinRequested = true;
        qCDebug(lcPhoenixQml) << "channel item: joining" << m_topic;
        m_channel->join();
    }
}

void PhoenixQmlChannel::releaseChannel()
{
    PhoenixChannel *channel = m_channel;
    PhoenixPresence *presence = m_presence;
    m_channel = nullptr;
    m_presence = nullptr;
    if (!channel)
        return;
    disconnect(channel, nullptr, this, nullptr);
    if (!m_destroying)
        Q_EMIT channelChanged(); // presence models let go of the presence first
    delete presence;

    switch (channel->state()) {
    case PhoenixChannel::State::Closed:
        channel->deleteLater();
        break;
    case PhoenixChannel::State::Leaving:
        connect(channel, &PhoenixChannel::closed, channel, &QObject::deleteLater);
        break;
    case PhoenixChannel::State::Joining:
    case PhoenixChannel::State::Joined:
    case PhoenixChannel::State::Errored:
        qCDebug(lcPhoenixQml) << "channel item: leaving" << channel->topic();
        connect(channel, &PhoenixChannel::closed, channel, &QObject::deleteLater);
        channel->leave();
        break;
    }
}

void PhoenixQmlChannel::updateState()
{
    if (m_destroying)
        return;
    const State newState = m_channel ? static_cast<State>(m_channel->state()) : Closed;
    if (newState == m_state)
        return;
    const bool wasJoined = m_state == Joined;
    m_state = newState;
    Q_EMIT stateChanged();
    if (wasJoined != (newState == Joined))
        Q_EMIT joinedChanged();
}

void PhoenixQmlChannel::setErrorString(const QString &message)
{
    if (m_errorString == message)
        return;
    m_errorString = message;
    Q_EMIT errorStringChanged();
}

QString PhoenixQmlChannel::joinFailureMessage(const QJsonValue &response) const
{
    const QString reason = response.toObject().value(u"reason"_s).toString();
    QString explanation;
    if (reason == "timeout"_L1)
        explanation = tr("the server did not answer in time");
    else if (reason == "unmatched topic"_L1)
        explanation = tr("the server has no such topic");
    else if (reason == "unauthorized"_L1)
        explanation = tr("not authorized");
    else if (reason == "too many channels joined"_L1)
        explanation = tr("too many channels are joined on this connection");
    else if (!reason.isEmpty())
        explanation = reason;
    else
        explanation = tr("refused by the server");
    return tr("Could not join %1: %2").arg(m_topic, explanation);
}
