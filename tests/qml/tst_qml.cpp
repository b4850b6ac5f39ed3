// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// Runs the tst_*.qml files of this directory (Qt Quick Test) with a dev server in the process,
// exposed to them as the context property `devServer`, which also lets them look behind the items at
// the C++ objects they forward to.

#include <phoenixdevserver.h>

#include <PhoenixQt/PhoenixChannel>
#include <PhoenixQt/PhoenixPresence>
#include <PhoenixQt/PhoenixPush>
#include <PhoenixQt/PhoenixSocket>

#include <QtCore/QFile>
#include <QtCore/QJsonObject>
#include <QtCore/QMetaEnum>
#include <QtCore/QObject>
#include <QtCore/QTemporaryDir>
#include <QtGui/QGuiApplication>
#include <QtNetwork/QNetworkProxy>
#include <QtNetwork/QSslCertificate>
#include <QtNetwork/QSslConfiguration>
#include <QtNetwork/QSslSocket>
#include <QtQml/QJSValue>
#include <QtQml/QQmlContext>
#include <QtQml/QQmlEngine>
#include <QtQuickTest/quicktest.h>

#include <map>
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
    //! Switches the dev server's presence tracking on "room:*" topics on or off (on by default).
    Q_INVOKABLE void setPresenceEnabled(bool enabled) { m_server->setPresenceEnabled(enabled); }
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
    //! Deletes the C++ channel on \a topic of the PhoenixSocket \a item, as C++ code may; false without one.
    Q_INVOKABLE bool deleteChannel(QObject *item, const QString &topic)
    {
        PhoenixChannel *channel = cppChannel(item, topic);
        delete channel;
        return channel != nullptr;
    }
    // ---- proxies and TLS (tst_network.qml) ----
    //! The test certificates' directory (tests/shared/certs).
    Q_INVOKABLE QString certsDir() const { return QStringLiteral(PHOENIXQT_TEST_CERTS_DIR); }
    //! The pin openssl computed for the test certificate \a name (ca, server, selfsigned).
    Q_INVOKABLE QString pin(const QString &name) const
    {
        QFile file(certsDir() + u'/' + name + u".pin"_s);
        return file.open(QIODevice::ReadOnly) ? QString::fromLatin1(file.readAll()).trimmed() : QString();
    }
    /*!
     * wss:// URL of a second dev server serving the test certificate \a certificate (server,
     * selfsigned), made on first use; with \a requireClientCertificate it wants one signed by the test CA.
     */
    Q_INVOKABLE QString tlsUrl(const QString &certificate, bool requireClientCertificate)
    {
        const QString key = certificate + (requireClientCertificate ? u"+mtls"_s : QString());
        std::unique_ptr<PhoenixDevServer> &server = m_tlsServers[key];
        if (!server) {
            server = std::make_unique<PhoenixDevServer>();
            QSslConfiguration tls = PhoenixDevServer::sslConfigurationFromPem(
                certsDir() + u'/' + certificate + u".pem"_s, certsDir() + u'/' + certificate + u".key"_s);
            if (requireClientCertificate) {
                tls.setCaCertificates(QSslCertificate::fromPath(certsDir() + u"/ca.pem"_s));
                tls.setPeerVerifyMode(QSslSocket::VerifyPeer);
            }
            server->setSslConfiguration(tls);
            if (!server->listen(QHostAddress::LocalHost, 0))
                qFatal("tls dev server: %s", qPrintable(server->errorString()));
        }
        return server->url().toString();
    }
    //! The C++ socket's proxy as {type (QNetworkProxy::ProxyType), host, port, user, password}.
    Q_INVOKABLE QVariantMap socketProxy(QObject *item) const
    {
        PhoenixSocket *socket = cppSocket(item);
        if (!socket)
            return {};
        const QNetworkProxy proxy = socket->proxy();
        return {{u"type"_s, int(proxy.type())},
                {u"host"_s, proxy.hostName()},
                {u"port"_s, int(proxy.port())},
                {u"user"_s, proxy.user()},
                {u"password"_s, proxy.password()}};
    }
    //! What the C++ socket's sslConfiguration holds: {verifyNone, caCertificates (count), clientCertificate
    //! (CN)}.
    Q_INVOKABLE QVariantMap socketTls(QObject *item) const
    {
        PhoenixSocket *socket = cppSocket(item);
        if (!socket)
            return {};
        const QSslConfiguration tls = socket->sslConfiguration();
        return {{u"verifyNone"_s, tls.peerVerifyMode() == QSslSocket::VerifyNone},
                {u"caCertificates"_s, int(tls.caCertificates().size())},
                {u"clientCertificate"_s,
                 tls.localCertificate().subjectInfo(QSslCertificate::CommonName).value(0)}};
    }
    //! The C++ value of QNetworkProxy::ProxyType \a name (NoProxy, DefaultProxy, HttpProxy, Socks5Proxy).
    Q_INVOKABLE int proxyType(const QString &name) const
    {
        const QVariantMap types{{u"NoProxy"_s, int(QNetworkProxy::NoProxy)},
                                {u"DefaultProxy"_s, int(QNetworkProxy::DefaultProxy)},
                                {u"HttpProxy"_s, int(QNetworkProxy::HttpProxy)},
                                {u"Socks5Proxy"_s, int(QNetworkProxy::Socks5Proxy)}};
        return types.value(name, -1).toInt();
    }

    //! How many C++ channels the PhoenixSocket \a item has (the items' channels, also those still leaving).
    Q_INVOKABLE int cppChannelCount(QObject *item) const
    {
        PhoenixSocket *socket = cppSocket(item);
        return socket ? int(socket->channels().size()) : -1;
    }

    /*!
     * How many PhoenixPresence trackers the C++ channel on \a topic of the PhoenixSocket \a item has
     * (the channel item makes one only when a presence model or a presence event asks for it); -1
     * without such a channel.
     */
    Q_INVOKABLE int presenceTrackerCount(QObject *item, const QString &topic) const
    {
        const PhoenixChannel *channel = cppChannel(item, topic);
        return channel ? int(channel->findChildren<PhoenixPresence *>().size()) : -1;
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
    std::map<QString, std::unique_ptr<PhoenixDevServer>> m_tlsServers;
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
