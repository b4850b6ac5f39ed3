// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#include "phoenixqmlchannel.h"

#include "phoenixqmlchunkkeeper_p.h"
#include "phoenixqmljson_p.h"
#include "phoenixqmllogging_p.h"
#include "phoenixqmlpush.h"
#include "phoenixqmlscripts_p.h"
#include "phoenixqmlsocket.h"

#include <phoenixchannel.h>
#include <phoenixpresence.h>
#include <phoenixpush.h>
#include <phoenixsocket.h>

#include <QtQml/QJSEngine>
#include <QtQml/QQmlEngine>

using namespace Qt::StringLiterals;

namespace {
// The events a PhoenixPresence follows unless told otherwise (PhoenixPresence::stateEvent(),
// diffEvent()): the item's presence is only made on demand, so it still has those names.
bool isPresenceEvent(const QString &event)
{
    return event == "presence_state"_L1 || event == "presence_diff"_L1;
}
} // namespace

PhoenixQmlChannel::PhoenixQmlChannel(QObject *parent)
    : QObject(parent)
{
}

PhoenixQmlChannel::~PhoenixQmlChannel()
{
    m_destroying = true;
    // The pushes this item made are its children: they settle (receive("error") handlers, rejected
    // Promises) before they go with it, and without calling back into this half-destroyed item.
    const QList<PhoenixQmlPush *> pushes = findChildren<PhoenixQmlPush *>(Qt::FindDirectChildrenOnly);
    for (PhoenixQmlPush *push : pushes) {
        push->disconnect(this);
        push->cancel();
    }
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
        // The C++ socket deletes its channels with it: forget ours before that happens.
        connect(m_socket, &QObject::destroyed, this, [this] {
            releaseChannel();
            updateState();
            updateError();
            updateJoinRef();
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

bool PhoenixQmlChannel::autoJoin() const
{
    return m_autoJoin;
}

void PhoenixQmlChannel::setAutoJoin(bool enabled)
{
    if (m_autoJoin == enabled)
        return;
    m_autoJoin = enabled;
    Q_EMIT autoJoinChanged();
    if (enabled)
        join();
    else if (!m_joinRequested)
        m_joinWanted = false; // nothing was sent yet: wait for join()
}

QJSValue PhoenixQmlChannel::paramsProvider() const
{
    return m_paramsProvider;
}

void PhoenixQmlChannel::setParamsProvider(const QJSValue &provider)
{
    if (provider.strictlyEquals(m_paramsProvider))
        return;
    m_paramsProvider = provider;
    installParamsProvider();
    Q_EMIT paramsProviderChanged();
}

void PhoenixQmlChannel::installParamsProvider()
{
    if (!m_channel)
        return;
    if (!m_paramsProvider.isCallable()) {
        m_channel->setParamsProvider({});
        return;
    }
    QPointer<PhoenixQmlChannel> self(this);
    // Owned by the C++ channel, so the channel is alive whenever it runs; the item may not be.
    m_channel->setParamsProvider([self, channel = m_channel.data()] {
        if (!self)
            return channel->params();
        const QJSValue result = QJSValue(self->m_paramsProvider).call();
        if (result.isError() || !result.isObject()) {
            qCWarning(lcPhoenixQml).noquote()
                << "PhoenixChannel.paramsProvider of" << channel->topic()
                << (result.isError() ? u"threw: "_s + result.toString() : u"returned no object"_s)
                << "- joining with params";
            return channel->params();
        }
        return QJsonObject::fromVariantMap(result.toVariant().toMap());
    });
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

// The C++ channel's state, error and join ref are read from it: the item follows its signals only
// while something listens (link()), so what the item last told may be older.

PhoenixChannel::State PhoenixQmlChannel::state() const
{
    return m_channel && !m_destroying ? m_channel->state() : PhoenixChannel::State::Closed;
}

bool PhoenixQmlChannel::isJoined() const
{
    return state() == PhoenixChannel::State::Joined;
}

QString PhoenixQmlChannel::joinRef() const
{
    return m_channel && !m_destroying ? m_channel->joinRef() : QString();
}

PhoenixChannel::Error PhoenixQmlChannel::error() const
{
    return m_channel && !m_destroying ? m_channel->error() : PhoenixChannel::Error::NoError;
}

QString PhoenixQmlChannel::errorString() const
{
    return m_channel && !m_destroying ? m_channel->errorString() : QString();
}

PhoenixChannel *PhoenixQmlChannel::channel() const
{
    return m_channel;
}

PhoenixPresence *PhoenixQmlChannel::presence() const
{
    trackPresence();
    return m_presence;
}

void PhoenixQmlChannel::trackPresence() const
{
    // The item observes its channel from before the join (sync()): as long as it has seen no
    // presence event, a presence made now has missed nothing.
    if (!m_presence && m_channel && !m_destroying)
        m_presence = PhoenixMessageObserver::createPresence(m_channel, m_channel);
}

PhoenixQmlPush *PhoenixQmlChannel::push(const QString &event, const QJSValue &payload, int timeoutMs)
{
    return pushJson(event, payload, timeoutMs, false);
}

PhoenixQmlPush *PhoenixQmlChannel::pushBinary(const QString &event, const QByteArray &payload, int timeoutMs)
{
    return wrap(event, m_channel ? m_channel->pushBinary(event, payload, timeoutMs) : nullptr);
}

PhoenixQmlPush *PhoenixQmlChannel::pushNoReply(const QString &event, const QJSValue &payload, int timeoutMs)
{
    return pushJson(event, payload, timeoutMs, true);
}

PhoenixQmlPush *PhoenixQmlChannel::pushJson(const QString &event, const QJSValue &payload, int timeoutMs,
                                            bool noReply)
{
    QJSEngine *engine = qjsEngine(this);
    if (!engine) { // an item made without a QML engine: no JSON.stringify() at hand
        const QJsonObject object = QJsonObject::fromVariantMap(payload.toVariant().toMap());
        return wrap(event, !m_channel ? nullptr
                           : noReply  ? m_channel->pushNoReply(event, object, timeoutMs)
                                      : m_channel->push(event, object, timeoutMs));
    }
    QByteArray json; // empty: {}
    if (!payload.isUndefined() && !payload.isNull()) {
        QJSValue thrown;
        if (!payload.isObject() || payload.isArray() || payload.isCallable() ||
            !PhoenixQmlScripts::of(engine)->stringifyObject(payload, &json, &thrown)) {
            if (!thrown.isUndefined())
                engine->throwError(thrown); // what JSON.stringify() or a toJSON() threw (a cycle, a BigInt)
            else
                engine->throwError(QJSValue::TypeError,
                                   tr("The payload of \"%1\" must be a JavaScript object.").arg(event));
            return nullptr;
        }
    }
    return wrap(event, m_channel ? PhoenixMessageObserver::pushJson(m_channel, event, json, timeoutMs, noReply)
                                 : nullptr);
}

PhoenixQmlPush *PhoenixQmlChannel::pushBinaryNoReply(const QString &event, const QByteArray &payload,
                                                     int timeoutMs)
{
    return wrap(event, m_channel ? m_channel->pushBinaryNoReply(event, payload, timeoutMs) : nullptr);
}

PhoenixQmlPush *PhoenixQmlChannel::wrap(const QString &event, PhoenixPush *push)
{
    QJSEngine *engine = qjsEngine(this);
    PhoenixQmlPush *result = nullptr;
    if (push) {
        result = new PhoenixQmlPush(event, push, engine, this);
        // The push's JS wrapper, its payload's and reply's JS values are garbage once it settles.
        if (PhoenixQmlChunkKeeper *keeper = PhoenixQmlChunkKeeper::of(engine))
            keeper->allocated();
    } else {
        const QString reason =
            m_topic.isEmpty() ? tr("Cannot send \"%1\": the channel has no topic.").arg(event)
                              : tr("Cannot send \"%1\": the channel %2 is not active.").arg(event, m_topic);
        result = new PhoenixQmlPush(event, nullptr, engine, this, reason);
    }
    // Null while this item is being destroyed (its children, the pushes, are cancelled then).
    result->setErrorReporter([item = QPointer<PhoenixQmlChannel>(this)](const QString &event,
                                                                       const QString &message) {
        if (item)
            Q_EMIT item->pushFailed(event, message);
    });
    // Owned by this item until it finished (then it deletes itself), never by the JS garbage collector.
    QJSEngine::setObjectOwnership(result, QJSEngine::CppOwnership);
    return result;
}

void PhoenixQmlChannel::join()
{
    m_joinWanted = true;
    if (m_channel && m_joinRequested) {
        switch (m_channel->state()) {
        case PhoenixChannel::State::Joining:
        case PhoenixChannel::State::Joined:
        case PhoenixChannel::State::Errored:
            return; // joined, or on its way there
        case PhoenixChannel::State::Closed:
        case PhoenixChannel::State::Leaving:
            // A C++ channel joins once: left or closed, it makes way for a fresh one.
            qCDebug(lcPhoenixQml) << "channel item: joining" << m_topic << "again";
            releaseChannel();
            break;
        }
    }
    sync();
    maybeJoin();
}

void PhoenixQmlChannel::leave()
{
    m_joinWanted = false;
    if (!m_channel || !m_joinRequested)
        return;
    switch (m_channel->state()) {
    case PhoenixChannel::State::Joining:
    case PhoenixChannel::State::Joined:
    case PhoenixChannel::State::Errored:
        qCDebug(lcPhoenixQml) << "channel item: leaving" << m_topic << "on request";
        m_channel->leave();
        break;
    case PhoenixChannel::State::Leaving:
    case PhoenixChannel::State::Closed:
        break;
    }
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
        // The presence is made on demand (presence(), needsPayloadOf()): about 900 bytes a channel.
        m_joinRequested = false;
        installParamsProvider();

        // Messages come as JSON text, read straight into JS values (see textMessage()); the other
        // signals are followed while something listens to the item's (link()).
        PhoenixMessageObserver::install(channel, this);
        m_links = 0;
        link(linksFor(QMetaMethod()), false); // what was told so far is the last channel's
        // Settings changed on the C++ channel (by C++ code) show in the item too, and its deletion
        // is noticed: the channel tells its observer (channelParamsChanged() and the others).
        Q_EMIT channelChanged();
        maybeJoin();
    }
    updateState();
    updateError();
    updateJoinRef();
}

bool PhoenixQmlChannel::textMessage(const QString &event, QByteArrayView payloadJson,
                                    const QJsonObject &payload)
{
    // The first presence event makes the presence, whose on() handlers then get this message
    // (parsed for them: needsPayloadOf()) after the item's messageReceived(), as later ones do.
    if (!m_presence && isPresenceEvent(event))
        trackPresence();
    static const QMetaMethod signal = QMetaMethod::fromSignal(&PhoenixQmlChannel::messageReceived);
    if (!isSignalConnected(signal))
        return true; // nobody reads it: it is not even parsed
    QJSEngine *engine = qjsEngine(this);
    QJSValue value;
    if (payloadJson.isEmpty()) {
        if (engine)
            value = engine->toScriptValue(payload);
    } else if (PhoenixQmlJsonReader *reader = PhoenixQmlJsonReader::of(engine);
               !reader || !reader->read(payloadJson, &value)) {
        return false; // the channel parses it with QJsonDocument (or reports it malformed)
    }
    Q_EMIT messageReceived(event, value);
    return true;
}

bool PhoenixQmlChannel::needsPayloadOf(const QString &event) const
{
    return !m_presence && isPresenceEvent(event);
}

void PhoenixQmlChannel::channelParamsChanged(const QJsonObject &params)
{
    if (params == m_params)
        return;
    m_params = params;
    Q_EMIT paramsChanged();
}

void PhoenixQmlChannel::channelTimeoutChanged(int ms)
{
    if (ms == m_timeout)
        return;
    m_timeout = ms;
    Q_EMIT timeoutChanged();
}

void PhoenixQmlChannel::channelDestroyed()
{
    // Deleted by its socket (or by someone else) while in use; the presence goes with it.
    m_channel = nullptr;
    m_presence = nullptr;
    m_links = 0;
    updateState();
    updateError();
    updateJoinRef();
    Q_EMIT channelChanged();
}

void PhoenixQmlChannel::connectNotify(const QMetaMethod &signal)
{
    if (m_channel && !m_destroying)
        link(linksFor(signal), true);
}

quint16 PhoenixQmlChannel::linksFor(const QMetaMethod &signal) const
{
    static const struct
    {
        QMetaMethod signal;
        quint16 link;
    } table[] = {
        {QMetaMethod::fromSignal(&PhoenixQmlChannel::joined), LinkJoined},
        {QMetaMethod::fromSignal(&PhoenixQmlChannel::joinFailed), LinkJoinFailed},
        {QMetaMethod::fromSignal(&PhoenixQmlChannel::binaryMessageReceived), LinkBinary},
        {QMetaMethod::fromSignal(&PhoenixQmlChannel::replyReceived), LinkReply},
        {QMetaMethod::fromSignal(&PhoenixQmlChannel::closed), LinkClosed},
        {QMetaMethod::fromSignal(&PhoenixQmlChannel::errorOccurred), LinkErrorOccurred},
        {QMetaMethod::fromSignal(&PhoenixQmlChannel::rejoinScheduled), LinkRejoin},
        {QMetaMethod::fromSignal(&PhoenixQmlChannel::stateChanged), LinkState},
        {QMetaMethod::fromSignal(&PhoenixQmlChannel::joinedChanged), LinkState},
        {QMetaMethod::fromSignal(&PhoenixQmlChannel::errorChanged), LinkError},
        {QMetaMethod::fromSignal(&PhoenixQmlChannel::errorStringChanged), LinkError},
        {QMetaMethod::fromSignal(&PhoenixQmlChannel::joinRefChanged), LinkJoinRef},
    };
    quint16 links = 0;
    for (const auto &entry : table) {
        if (signal.isValid() ? signal == entry.signal : isSignalConnected(entry.signal))
            links |= entry.link;
    }
    return links;
}

void PhoenixQmlChannel::link(quint16 wanted, bool fromNow)
{
    PhoenixChannel *channel = m_channel;
    const quint16 missing = wanted & ~m_links;
    if (!channel || !missing)
        return;
    m_links |= missing;
    if (missing & LinkJoined)
        connect(channel, &PhoenixChannel::joined, this, &PhoenixQmlChannel::joined);
    if (missing & LinkJoinFailed)
        connect(channel, &PhoenixChannel::joinFailed, this, &PhoenixQmlChannel::joinFailed);
    if (missing & LinkBinary)
        connect(channel, &PhoenixChannel::binaryMessageReceived, this,
                &PhoenixQmlChannel::binaryMessageReceived);
    if (missing & LinkReply)
        connect(channel, &PhoenixChannel::replyReceived, this, &PhoenixQmlChannel::replyReceived);
    if (missing & LinkClosed)
        connect(channel, &PhoenixChannel::closed, this, &PhoenixQmlChannel::closed);
    if (missing & LinkErrorOccurred)
        connect(channel, &PhoenixChannel::errorOccurred, this, &PhoenixQmlChannel::errorOccurred);
    if (missing & LinkRejoin)
        connect(channel, &PhoenixChannel::rejoinScheduled, this, &PhoenixQmlChannel::rejoinScheduled);
    // A new listener: what was told last (nothing, maybe long ago) is what it sees now.
    if (missing & LinkState) {
        if (fromNow)
            m_state = state();
        connect(channel, &PhoenixChannel::stateChanged, this, &PhoenixQmlChannel::updateState);
    }
    if (missing & LinkError) {
        if (fromNow) {
            m_error = error();
            m_errorString = errorString();
        }
        connect(channel, &PhoenixChannel::errorChanged, this, &PhoenixQmlChannel::updateError);
    }
    if (missing & LinkJoinRef) {
        if (fromNow)
            m_joinRef = joinRef();
        connect(channel, &PhoenixChannel::joinRefChanged, this, &PhoenixQmlChannel::updateJoinRef);
    }
}

void PhoenixQmlChannel::maybeJoin()
{
    if (m_channel && m_joinWanted && !m_joinRequested && m_socket && m_socket->isConnected()) {
        m_joinRequested = true;
        qCDebug(lcPhoenixQml) << "channel item: joining" << m_topic;
        m_channel->join();
    }
    // The socket item's connectedChanged() is followed only while a join waits for it: once asked
    // to join, the C++ channel rejoins by itself. (With 10,000 items that connection was 700 bytes
    // an item in the benchmarks.)
    const bool wait = m_channel && m_joinWanted && !m_joinRequested && m_socket;
    if (wait == bool(m_socketWait))
        return;
    if (wait)
        m_socketWait =
            connect(m_socket, &PhoenixQmlSocket::connectedChanged, this, &PhoenixQmlChannel::maybeJoin);
    else
        disconnect(m_socketWait);
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
    m_links = 0;
    PhoenixMessageObserver::install(channel, nullptr);
    channel->setParamsProvider({}); // it may outlive this item while it leaves
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
    const PhoenixChannel::State newState = m_channel ? m_channel->state() : PhoenixChannel::State::Closed;
    if (newState == m_state)
        return;
    const bool wasJoined = m_state == PhoenixChannel::State::Joined;
    m_state = newState;
    Q_EMIT stateChanged();
    if (wasJoined != (newState == PhoenixChannel::State::Joined))
        Q_EMIT joinedChanged();
}

void PhoenixQmlChannel::updateError()
{
    if (m_destroying)
        return;
    const PhoenixChannel::Error newError = m_channel ? m_channel->error() : PhoenixChannel::Error::NoError;
    const QString newString = m_channel ? m_channel->errorString() : QString();
    if (newError == m_error && newString == m_errorString)
        return;
    const bool stringChanged = newString != m_errorString;
    m_error = newError;
    m_errorString = newString;
    Q_EMIT errorChanged();
    if (stringChanged)
        Q_EMIT errorStringChanged();
}

void PhoenixQmlChannel::updateJoinRef()
{
    if (m_destroying)
        return;
    const QString newRef = m_channel ? m_channel->joinRef() : QString();
    if (newRef == m_joinRef)
        return;
    m_joinRef = newRef;
    Q_EMIT joinRefChanged();
}
