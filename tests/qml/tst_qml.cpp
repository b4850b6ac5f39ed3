// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// Runs the tst_*.qml files of this directory (Qt Quick Test) with a dev server in the process,
// exposed to them as the context property `devServer`.

#include <phoenixdevserver.h>

#include <QtCore/QJsonObject>
#include <QtCore/QObject>
#include <QtQml/QQmlContext>
#include <QtQml/QQmlEngine>
#include <QtQuickTest/quicktest.h>

#include <memory>

using namespace Qt::StringLiterals;

/*!
 * The dev server as the QML tests see it: its URL and what it knows about joined channels.
 */
class DevServerHandle : public QObject
{
    Q_OBJECT
    //! ws://127.0.0.1:<port>/socket/websocket
    Q_PROPERTY(QString url READ url CONSTANT)

public:
    explicit DevServerHandle(PhoenixDevServer *server, QObject *parent = nullptr)
        : QObject(parent)
        , m_server(server)
    {
    }

    QString url() const { return m_server->url().toString(); }

    //! Channels joined on \a topic over all connections.
    Q_INVOKABLE int joinedCount(const QString &topic) const { return m_server->joinedCount(topic); }
    //! Open WebSocket connections.
    Q_INVOKABLE int connectionCount() const { return m_server->connectionCount(); }
    //! Broadcasts \a event with \a payload to the members of \a topic.
    Q_INVOKABLE void broadcast(const QString &topic, const QString &event, const QJsonObject &payload)
    {
        m_server->broadcast(topic, event, payload);
    }
    //! Makes every channel on \a topic crash (phx_error).
    Q_INVOKABLE void crashTopic(const QString &topic) { m_server->crashTopic(topic); }
    //! Aborts every connection (clients see a connection loss and reconnect).
    Q_INVOKABLE void dropAllConnections() { m_server->dropAllConnections(); }

private:
    PhoenixDevServer *m_server;
};

class Setup : public QObject
{
    Q_OBJECT

public Q_SLOTS:
    void applicationAvailable()
    {
        m_server = std::make_unique<PhoenixDevServer>();
        if (!m_server->listen(QHostAddress::LocalHost, 0))
            qFatal("dev server: %s", qPrintable(m_server->errorString()));
        m_handle = std::make_unique<DevServerHandle>(m_server.get());
    }

    void qmlEngineAvailable(QQmlEngine *engine)
    {
        engine->addImportPath(QStringLiteral(PHOENIXQT_QML_IMPORT_DIR));
        engine->rootContext()->setContextProperty(u"devServer"_s, m_handle.get());
    }

    void cleanupTestCase()
    {
        m_handle.reset();
        m_server.reset();
    }

private:
    std::unique_ptr<PhoenixDevServer> m_server;
    std::unique_ptr<DevServerHandle> m_handle;
};

QUICK_TEST_MAIN_WITH_SETUP(qml, Setup)

#include "tst_qml.moc"
