// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// Runs the tst_*.qml files of this directory (Qt Quick Test) with a dev server in the process,
// exposed to them as the context property `devServer`, which also lets them look behind the items at
// the C++ objects they forward to.

#include <phoenixdevserver.h>

#include <PhoenixQt/PhoenixChannel>
#include <PhoenixQt/PhoenixPush>
#include <PhoenixQt/PhoenixSocket>

#include <QtCore/QJsonObject>
#include <QtCore/QMetaEnum>
#include <QtCore/QObject>
#include <QtCore/QTemporaryDir>
#include <QtGui/QGuiApplication>
#include <QtQml/QJSValue>
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
    //! Whether the server answers heartbeats (tests switch it off to make a connection look dead).
    Q_INVOKABLE void setHeartbeatRepliesEnabled(bool enabled)
    {
        m_server->setHeartbeatRepliesEnabled(enabled);
    }
    //! Refuses WebSocket upgrades (HTTP 400, as behind a proxy that breaks them) while \a refuse is true.
    Q_INVOKABLE void refuseWebSockets(bool refuse)
    {
        m_server->setWebSocketMode(refuse ? PhoenixDevServer::WebSocketMode::Refuse
                                          : PhoenixDevServer::WebSocketMode::Serve);
    }
    //! Open LongPoll sessions.
    Q_INVOKABLE int longPollConnectionCount() const
    {
        return m_server->connectionCount(PhoenixDevServer::Transport::LongPoll);
    }
    //! Sends a binary push \a event carrying the UTF-8 of \a text to the members of \a topic.
    Q_INVOKABLE void pushBinary(const QString &topic, const QString &event, const QString &text)
    {
        m_server->pushBinary(topic, event, text.toUtf8());
    }

    //! Emits QGuiApplication::applicationStateChanged(\a state), as the platform does when the
    //! application is suspended or becomes active again (Qt.application.state).
    Q_INVOKABLE void setApplicationState(int state)
    {
        Q_EMIT qGuiApp->applicationStateChanged(Qt::ApplicationState(state));
    }

    /*!
     * Every key of the C++ enums the QML types re-export, as "Type.Key" → value, read from the C++
     * meta objects (so a QML test can check that QML has each of them, with the same value).
     */
    Q_INVOKABLE QVariantMap cppEnums() const
    {
        QVariantMap result;
        const auto add = [&result](const char *type, const QMetaObject &meta) {
            for (int e = meta.enumeratorOffset(); e < meta.enumeratorCount(); ++e) {
                const QMetaEnum metaEnum = meta.enumerator(e);
                for (int k = 0; k < metaEnum.keyCount(); ++k)
                    result.insert(QLatin1StringView(type) + u'.' + QLatin1StringView(metaEnum.key(k)),
                                  metaEnum.value(k));
            }
        };
        add("PhoenixSocket", PhoenixSocket::staticMetaObject);
        add("PhoenixChannel", PhoenixChannel::staticMetaObject);
        add("PhoenixPush", PhoenixPush::staticMetaObject);
        return result;
    }

    //! A path for \a name in a temporary folder that is removed when the tests end (outbox databases).
    Q_INVOKABLE QString temporaryPath(const QString &name) const { return m_temporary.filePath(name); }
    //! How many effects the dev server's durable event made (see PhoenixDevServer::durableEffects()).
    Q_INVOKABLE int durableEffectCount() const { return int(m_server->durableEffects().size()); }
    //! The property \a name of the C++ PhoenixSocket behind the PhoenixSocket \a item (enums as numbers).
    Q_INVOKABLE QVariant socketProperty(QObject *item, const QString &name) const
    {
        return plain(cppSocket(item), name);
    }
    //! Sets the property \a name of the C++ PhoenixSocket behind \a item; false if it has no such property.
    Q_INVOKABLE bool setSocketProperty(QObject *item, const QString &name, const QVariant &value)
    {
        return assign(cppSocket(item), name, value);
    }
    //! The property \a name of the C++ channel on \a topic of the PhoenixSocket \a item (the newest one).
    Q_INVOKABLE QVariant channelProperty(QObject *item, const QString &topic, const QString &name) const
    {
        return plain(cppChannel(item, topic), name);
    }
    //! Sets the property \a name of the C++ channel on \a topic of the PhoenixSocket \a item.
    Q_INVOKABLE bool setChannelProperty(QObject *item, const QString &topic, const QString &name,
                                        const QVariant &value)
    {
        return assign(cppChannel(item, topic), name, value);
    }
    //! How many C++ channels the PhoenixSocket \a item has (the items' channels, also those still leaving).
    Q_INVOKABLE int cppChannelCount(QObject *item) const
    {
        PhoenixSocket *socket = cppSocket(item);
        return socket ? int(socket->channels().size()) : -1;
    }

private:
    static PhoenixSocket *cppSocket(QObject *item)
    {
        return item ? item->findChild<PhoenixSocket *>(QString(), Qt::FindDirectChildrenOnly) : nullptr;
    }
    static PhoenixChannel *cppChannel(QObject *item, const QString &topic)
    {
        PhoenixSocket *socket = cppSocket(item);
        if (!socket)
            return nullptr;
        const QList<PhoenixChannel *> channels = socket->channels();
        for (auto it = channels.crbegin(); it != channels.crend(); ++it) {
            if ((*it)->topic() == topic)
                return *it;
        }
        return nullptr;
    }
    //! Reads a property as QML compares it: enums as numbers, URLs as strings.
    static QVariant plain(const QObject *object, const QString &name)
    {
        if (!object)
            return {};
        const QVariant value = object->property(name.toUtf8().constData());
        if (value.metaType().flags().testFlag(QMetaType::IsEnumeration))
            return value.toInt();
        if (value.metaType() == QMetaType::fromType<QUrl>())
            return value.toUrl().toString();
        return value;
    }
    //! Writes a property with a value from QML (JS objects become QJsonObjects where the property is one).
    static bool assign(QObject *object, const QString &name, QVariant value)
    {
        if (!object)
            return false;
        if (value.metaType() == QMetaType::fromType<QJSValue>())
            value = value.value<QJSValue>().toVariant();
        const QMetaObject *meta = object->metaObject();
        const int index = meta->indexOfProperty(name.toUtf8().constData());
        if (index < 0)
            return false;
        if (meta->property(index).metaType() == QMetaType::fromType<QJsonObject>())
            value = QJsonObject::fromVariantMap(value.toMap());
        return meta->property(index).write(object, value);
    }

public:
private:
    PhoenixDevServer *m_server;
    QTemporaryDir m_temporary;
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
