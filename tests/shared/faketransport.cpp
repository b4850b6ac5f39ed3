// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#include "faketransport.h"

#include <QtCore/QJsonDocument>

using namespace Qt::StringLiterals;

namespace PhoenixTest {

// ---- FakeTransport ---------------------------------------------------------------------------------

void FakeTransport::open(const PhoenixTransportOptions &options)
{
    m_options = options;
    reportOpening();
    Q_EMIT openRequested();
}

void FakeTransport::send(const QByteArray &frame, FrameType type)
{
    m_sent.append(frame);
    m_sentTypes.append(type);
    Q_EMIT frameSent(frame, type);
}

void FakeTransport::close(int code, const QString &reason)
{
    ++m_closeCalls;
    m_closeCode = code;
    reportClosing();
    Q_EMIT closeRequested(code, reason);
    switch (m_closeMode) {
    case CloseMode::Immediately:
        reportClosed(code, reason, true);
        break;
    case CloseMode::Queued:
        QMetaObject::invokeMethod(
            this, [this, code, reason] { reportClosed(code, reason, true); }, Qt::QueuedConnection);
        break;
    case CloseMode::Never:
        break;
    }
}

void FakeTransport::abort()
{
    ++m_abortCalls;
    reportClosed(1006, QString(), false);
}

void FakeTransport::accept()
{
    reportOpened();
}

void FakeTransport::refuse(Error error, const QString &message)
{
    // As a real transport: a slot of the error may delete the socket, and this transport with it.
    const QPointer<FakeTransport> self(this);
    reportError(error, message);
    if (self)
        reportClosed(1006, QString(), false);
}

void FakeTransport::receive(const QByteArray &frame, FrameType type)
{
    reportFrame(frame, type);
}

void FakeTransport::receive(const QJsonArray &frame)
{
    reportFrame(QJsonDocument(frame).toJson(QJsonDocument::Compact), FrameType::Text);
}

void FakeTransport::serverClose(int code, const QString &reason)
{
    reportClosed(code, reason, true);
}

void FakeTransport::drop()
{
    reportClosed(1006, QString(), false);
}

void FakeTransport::completeClose()
{
    reportClosed(m_closeCode, QString(), true);
}

QList<QJsonArray> FakeTransport::sentJson() const
{
    QList<QJsonArray> result;
    for (qsizetype i = 0; i < m_sent.size(); ++i) {
        if (m_sentTypes.at(i) == FrameType::Text)
            result.append(QJsonDocument::fromJson(m_sent.at(i)).array());
    }
    return result;
}

// ---- FakeTransportFactory --------------------------------------------------------------------------

FakeTransportFactory::FakeTransportFactory(PhoenixSocket *socket)
{
    socket->setTransportFactory([this](PhoenixSocket::Transport kind, QObject *parent) -> PhoenixTransport * {
        auto *transport = new FakeTransport(parent); // owned by the socket
        m_transports.append(transport);
        m_kinds.append(kind);
        if (setup)
            setup(transport);
        Q_EMIT transportCreated(transport);
        return transport;
    });
}

// ---- FakeServer ------------------------------------------------------------------------------------

FakeServer::FakeServer(PhoenixSocket *socket)
    : m_factory(socket)
{
    connect(&m_factory, &FakeTransportFactory::transportCreated, this, &FakeServer::onTransport);
}

void FakeServer::onTransport(FakeTransport *transport)
{
    connect(transport, &FakeTransport::openRequested, this, [this, transport] {
        if (!acceptConnections)
            return;
        QPointer<FakeTransport> guard(transport);
        QMetaObject::invokeMethod(
            this,
            [guard] {
                if (guard && guard->state() == PhoenixTransport::State::Opening)
                    guard->accept();
            },
            Qt::QueuedConnection);
    });
    connect(transport, &FakeTransport::frameSent, this,
            [this](const QByteArray &frame, PhoenixTransport::FrameType type) {
                if (type == PhoenixTransport::FrameType::Text)
                    onFrame(QJsonDocument::fromJson(frame).array());
            });
}

void FakeServer::onFrame(const QJsonArray &frame)
{
    m_frames.append(frame);
    Q_EMIT frameReceived(frame);
    const QString topic = frame.at(2).toString();
    const QString event = frame.at(3).toString();
    // Answers go out from the event loop, like a real server's.
    const auto later = [this](std::function<void()> answer) {
        QMetaObject::invokeMethod(this, std::move(answer), Qt::QueuedConnection);
    };
    if (topic == u"phoenix"_s && event == u"heartbeat"_s) {
        if (answerHeartbeats)
            later([this, frame] { reply(frame); });
    } else if (event == u"phx_join"_s) {
        if (onJoin)
            later([this, frame] { onJoin(frame); });
        else if (answerJoins)
            later([this, frame] { reply(frame); });
    } else if (event == u"phx_leave"_s) {
        if (answerLeaves) {
            later([this, frame] {
                reply(frame);
                const QJsonValue joinRef = frame.at(0);
                send(QJsonArray{joinRef, joinRef, frame.at(2), u"phx_close"_s, QJsonObject()});
            });
        }
    } else if (answerPushes) {
        later([this, frame] { reply(frame, u"ok"_s, frame.at(4).toObject()); });
    }
}

QList<QJsonArray> FakeServer::frames(const QString &topic, const QString &event) const
{
    QList<QJsonArray> result;
    for (const QJsonArray &frame : m_frames) {
        if (frame.at(2).toString() == topic && frame.at(3).toString() == event)
            result.append(frame);
    }
    return result;
}

QJsonArray FakeServer::last(const QString &topic, const QString &event) const
{
    const QList<QJsonArray> all = frames(topic, event);
    return all.isEmpty() ? QJsonArray() : all.last();
}

void FakeServer::send(const QJsonArray &frame)
{
    if (FakeTransport *t = transport(); t && t->state() == PhoenixTransport::State::Open)
        t->receive(frame);
}

void FakeServer::reply(const QJsonArray &request, const QString &status, const QJsonObject &response)
{
    send(QJsonArray{request.at(0), request.at(1), request.at(2), u"phx_reply"_s,
                    QJsonObject{{u"status"_s, status}, {u"response"_s, response}}});
}

void FakeServer::push(const QString &joinRef, const QString &topic, const QString &event,
                      const QJsonObject &payload)
{
    send(QJsonArray{joinRef, QJsonValue(QJsonValue::Null), topic, event, payload});
}

void FakeServer::broadcast(const QString &topic, const QString &event, const QJsonObject &payload)
{
    send(QJsonArray{QJsonValue(QJsonValue::Null), QJsonValue(QJsonValue::Null), topic, event, payload});
}

} // namespace PhoenixTest
