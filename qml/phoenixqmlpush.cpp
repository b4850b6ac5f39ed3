// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#include "phoenixqmlpush.h"

#include "phoenixqmllogging_p.h"

#include <phoenixpush.h>

#include <QtCore/QJsonObject>
#include <QtQml/QJSEngine>

using namespace Qt::StringLiterals;

PhoenixQmlPush::PhoenixQmlPush(const QString &event, PhoenixPush *push, QJSEngine *engine, QObject *parent,
                               const QString &failure)
    : QObject(parent)
    , m_event(event)
    , m_push(push)
    , m_engine(engine)
{
    if (!push) {
        // Reported from the event loop, so that QML can chain receive() first.
        QMetaObject::invokeMethod(
            this,
            [this, failure] {
                m_status = u"error"_s;
                m_errorString = failure;
                m_response = QJsonObject{{u"reason"_s, failure}};
                Q_EMIT errorOccurred(failure);
                finish();
            },
            Qt::QueuedConnection);
        return;
    }
    connect(push, &PhoenixPush::replied, this, [this](const QString &status, const QJsonValue &response) {
        m_status = status;
        m_response = response.isUndefined() || response.isNull() ? QJsonValue(QJsonObject{}) : response;
        Q_EMIT replied(status, m_response);
    });
    connect(push, &PhoenixPush::timedOut, this, [this] {
        m_status = u"timeout"_s;
        m_response = QJsonObject{};
        Q_EMIT timedOut();
    });
    connect(push, &PhoenixPush::errorOccurred, this,
            [this](PhoenixPush::Error error, const QString &message) {
                m_errorString = message;
                if (m_status.isEmpty()) {
                    // A local failure: nothing was answered.
                    m_status = error == PhoenixPush::Error::TimeoutError ? u"timeout"_s : u"error"_s;
                    m_response = QJsonObject{{u"reason"_s, message}};
                }
                Q_EMIT errorOccurred(message);
            });
    connect(push, &PhoenixPush::finished, this, &PhoenixQmlPush::finish);
    // The channel (and its pushes) may be deleted before an answer came: fail instead of hanging.
    connect(push, &QObject::destroyed, this, [this] {
        if (m_finished)
            return;
        m_status = u"error"_s;
        m_errorString = tr("The channel was closed before the server answered.");
        m_response = QJsonObject{{u"reason"_s, m_errorString}};
        Q_EMIT errorOccurred(m_errorString);
        finish();
    });
}

PhoenixQmlPush::~PhoenixQmlPush() = default;

QString PhoenixQmlPush::event() const
{
    return m_event;
}

QString PhoenixQmlPush::status() const
{
    return m_status;
}

QJsonValue PhoenixQmlPush::response() const
{
    return m_response;
}

bool PhoenixQmlPush::isFinished() const
{
    return m_finished;
}

QString PhoenixQmlPush::errorString() const
{
    return m_errorString;
}

PhoenixQmlPush *PhoenixQmlPush::receive(const QString &status, const QJSValue &callback)
{
    if (!callback.isCallable()) {
        qCWarning(lcPhoenixQml) << "PhoenixPush.receive: the handler for" << status << "is not a function";
        return this;
    }
    if (m_finished) {
        if (status == m_status)
            call(callback);
    } else {
        m_handlers.append({status, callback});
    }
    return this;
}

void PhoenixQmlPush::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    if (m_status.isEmpty())
        m_status = u"error"_s;
    const QList<Handler> handlers = std::exchange(m_handlers, {});
    for (const Handler &handler : handlers) {
        if (handler.status == m_status)
            call(handler.callback);
    }
    Q_EMIT finished();
    deleteLater();
}

void PhoenixQmlPush::call(QJSValue callback)
{
    const QJSValue argument = m_engine ? m_engine->toScriptValue(m_response) : QJSValue();
    const QJSValue result = callback.call({argument});
    if (result.isError()) {
        qCWarning(lcPhoenixQml).noquote()
            << "PhoenixPush.receive handler for" << m_status << "threw:" << result.toString() << "at line"
            << result.property(u"lineNumber"_s).toInt();
    }
}
