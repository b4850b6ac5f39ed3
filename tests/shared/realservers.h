// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// Real proxies and TLS servers from Debian's packages, started by a test on free loopback ports:
// squid (an HTTP proxy: CONNECT tunnels and plain forwarding, Basic authentication through its
// basic_ncsa_auth helper and an htpasswd file made here), microsocks (SOCKS5, with or without a user
// name) and stunnel4 (TLS in front of a plain dev server, optionally requiring a client certificate
// the way OpenSSL servers do). scripts/deps.sh installs them; a test whose program is missing skips
// with the reason (QSKIP), which happens only on a developer machine that did not run the script.
//
// Each server lives in its own temporary directory (configuration, logs) and is stopped by its
// destructor. Their logs prove that traffic went through them.
#pragma once

#include <QtCore/QCoreApplication>
#include <QtCore/QDir>
#include <QtCore/QElapsedTimer>
#include <QtCore/QFile>
#include <QtCore/QProcess>
#include <QtCore/QStandardPaths>
#include <QtCore/QTemporaryDir>
#include <QtCore/QThread>
#include <QtNetwork/QNetworkProxy>
#include <QtNetwork/QTcpServer>
#include <QtNetwork/QTcpSocket>
#include <QtTest/QTest>

#include <crypt.h>
#include <unistd.h>

namespace PhoenixTest {

using namespace Qt::StringLiterals;

//! A TCP port on 127.0.0.1 that was free a moment ago (the OS picked it), for a daemon to bind.
inline quint16 freeLoopbackPort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

//! The path of \a program in PATH or the sbin directories (daemons live there), or empty.
inline QString findServerProgram(const QString &program)
{
    const QString found = QStandardPaths::findExecutable(program);
    if (!found.isEmpty())
        return found;
    return QStandardPaths::findExecutable(program, {u"/usr/sbin"_s, u"/sbin"_s, u"/usr/lib/squid"_s});
}

//! Whether something accepts TCP connections on 127.0.0.1:\a port.
inline bool acceptsConnections(quint16 port)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    const bool ok = socket.waitForConnected(200);
    socket.abort();
    return ok;
}

/*!
 * One external server process: started with a configuration written into its temporary directory,
 * ready once it accepts connections on its port, stopped (SIGTERM, then SIGKILL) when destroyed.
 */
class ExternalServer
{
public:
    ExternalServer() { m_dir.setAutoRemove(true); }
    virtual ~ExternalServer() { stop(); }
    ExternalServer(const ExternalServer &) = delete;
    ExternalServer &operator=(const ExternalServer &) = delete;

    //! Empty when the program is installed; else why the test cannot run (for QSKIP).
    QString missing() const { return m_missing; }
    //! Why start() failed (with the end of the server's output).
    QString problem() const { return m_problem; }
    quint16 port() const { return m_port; }
    //! What the process wrote to stdout and stderr so far.
    QString output()
    {
        m_output += QString::fromLocal8Bit(m_process.readAll());
        return m_output;
    }
    QString path(const QString &name) const { return m_dir.filePath(name); }

    void stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.terminate();
        if (!m_process.waitForFinished(3000)) {
            m_process.kill();
            m_process.waitForFinished(3000);
        }
    }

protected:
    bool findProgram(const QString &program, const QString &package)
    {
        m_program = findServerProgram(program);
        if (m_program.isEmpty()) {
            m_missing = QStringLiteral("%1 is not installed (Debian package %2; scripts/deps.sh installs it "
                                       "and CI runs this test)")
                            .arg(program, package);
            return false;
        }
        return true;
    }

    //! Writes what the server needs (configure(port)) and starts it with arguments(port); a port
    //! taken meanwhile by someone else is retried with another one.
    bool launch()
    {
        if (m_program.isEmpty())
            return false;
        // Daemons that drop root privileges (squid runs as "proxy") must read and write here.
        QFile::setPermissions(m_dir.path(),
                              QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner |
                                  QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup |
                                  QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther);
        for (int attempt = 0; attempt < 3; ++attempt) {
            m_port = freeLoopbackPort();
            if (!configure(m_port))
                return false;
            m_process.setProcessChannelMode(QProcess::MergedChannels);
            m_process.setWorkingDirectory(m_dir.path());
            m_process.start(m_program, arguments(m_port));
            if (!m_process.waitForStarted(5000)) {
                m_problem = m_process.errorString();
                return false;
            }
            QElapsedTimer clock;
            clock.start();
            while (clock.elapsed() < 10000 && m_process.state() == QProcess::Running) {
                if (acceptsConnections(m_port))
                    return true;
                m_process.waitForReadyRead(20);
            }
            stop();
            m_problem = output().right(2000);
        }
        return false;
    }

    virtual bool configure(quint16 port) = 0;
    virtual QStringList arguments(quint16 port) const = 0;

    static bool writeFile(const QString &path, const QByteArray &contents)
    {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return false;
        file.write(contents);
        file.close();
        return file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup |
                                   QFileDevice::ReadOther);
    }

    QTemporaryDir m_dir;
    QProcess m_process;
    QString m_program;
    QString m_missing;
    QString m_problem;
    QString m_output;
    quint16 m_port = 0;
};

/*!
 * squid as an HTTP proxy on 127.0.0.1: CONNECT to any port, plain forwarding of http:// requests,
 * no cache. With a user name it requires Basic authentication (basic_ncsa_auth and an htpasswd file
 * with that user's password, hashed with crypt(3)). \a hosts are names only the proxy can resolve
 * (its hosts_file): a client that reaches a server by such a name must have gone through the proxy.
 */
class SquidProxy : public ExternalServer
{
public:
    explicit SquidProxy(const QString &user = QString(), const QString &password = QString(),
                        const QStringList &hostsOnlyTheProxyKnows = {})
        : m_user(user)
        , m_password(password)
        , m_hosts(hostsOnlyTheProxyKnows)
    {
        if (findProgram(u"squid"_s, u"squid"_s) && !user.isEmpty()) {
            m_helper = findServerProgram(u"basic_ncsa_auth"_s);
            if (m_helper.isEmpty())
                m_missing = u"squid's basic_ncsa_auth helper is missing (Debian package squid)"_s;
        }
    }

    bool start() { return m_missing.isEmpty() && launch(); }

    //! The proxy as a QNetworkProxy (HttpProxy), with \a user and \a password (none by default).
    QNetworkProxy proxy(const QString &user = QString(), const QString &password = QString()) const
    {
        return QNetworkProxy(QNetworkProxy::HttpProxy, u"127.0.0.1"_s, m_port, user, password);
    }
    //! The access log: one line per request (a CONNECT tunnel when it closed).
    QString accessLog() const
    {
        QFile file(path(u"access.log"_s));
        return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
    }

protected:
    bool configure(quint16 port) override
    {
        QByteArray conf;
        conf += "http_port 127.0.0.1:" + QByteArray::number(port) + "\n";
        conf += "pid_filename none\npinger_enable off\ncache deny all\ncache_mem 1 MB\n"
                "shutdown_lifetime 0 seconds\nlogfile_rotate 0\ncache_store_log none\n"
                "forwarded_for delete\nvia off\n";
        conf += "access_log stdio:" + path(u"access.log"_s).toUtf8() + "\n";
        conf += "cache_log " + path(u"cache.log"_s).toUtf8() + "\n";
        conf += "coredump_dir " + m_dir.path().toUtf8() + "\n";
        QByteArray hosts = "127.0.0.1 localhost\n";
        for (const QString &host : m_hosts)
            hosts += "127.0.0.1 " + host.toUtf8() + "\n";
        if (!writeFile(path(u"hosts"_s), hosts))
            return false;
        conf += "hosts_file " + path(u"hosts"_s).toUtf8() + "\n";
        if (!m_user.isEmpty()) {
            const QByteArray salt = "$6$phoenixqt" + QByteArray::number(port) + "$";
            const char *hash = crypt(m_password.toUtf8().constData(), salt.constData());
            if (!hash || hash[0] == '*')
                return false;
            if (!writeFile(path(u"htpasswd"_s), m_user.toUtf8() + ':' + QByteArray(hash) + '\n'))
                return false;
            conf +=
                "auth_param basic program " + m_helper.toUtf8() + ' ' + path(u"htpasswd"_s).toUtf8() + "\n";
            conf += "auth_param basic children 2 startup=1 idle=1\nauth_param basic realm phoenixqt-test\n"
                    "acl authenticated proxy_auth REQUIRED\nhttp_access allow authenticated\n";
        } else {
            conf += "http_access allow localhost\n";
        }
        conf += "http_access deny all\n";
        return writeFile(path(u"squid.conf"_s), conf);
    }
    QStringList arguments(quint16 port) const override
    {
        // -N: no daemon; -n: a service name of its own, so that parallel test runs never share anything.
        return {u"-N"_s, u"-n"_s, u"phoenixqt%1x%2"_s.arg(QCoreApplication::applicationPid()).arg(port),
                u"-f"_s, path(u"squid.conf"_s)};
    }

private:
    QString m_user;
    QString m_password;
    QStringList m_hosts;
    QString m_helper;
};

//! microsocks as a SOCKS5 proxy on 127.0.0.1, with or without a user name. It logs every tunnel
//! ("client[n] 127.0.0.1: connected to host:port") to its output.
class Socks5Proxy : public ExternalServer
{
public:
    explicit Socks5Proxy(const QString &user = QString(), const QString &password = QString())
        : m_user(user)
        , m_password(password)
    {
        findProgram(u"microsocks"_s, u"microsocks"_s);
    }

    bool start() { return m_missing.isEmpty() && launch(); }
    QNetworkProxy proxy(const QString &user = QString(), const QString &password = QString()) const
    {
        return QNetworkProxy(QNetworkProxy::Socks5Proxy, u"127.0.0.1"_s, m_port, user, password);
    }

protected:
    bool configure(quint16) override { return true; }
    QStringList arguments(quint16 port) const override
    {
        QStringList args{u"-i"_s, u"127.0.0.1"_s, u"-p"_s, QString::number(port)};
        if (!m_user.isEmpty())
            args << u"-u"_s << m_user << u"-P"_s << m_password;
        return args;
    }

private:
    QString m_user;
    QString m_password;
};

/*!
 * stunnel4 terminating TLS on 127.0.0.1 in front of a plain server on \a targetPort, with the
 * certificate \a certificate / \a key. With \a clientCa it requires a client certificate signed by
 * that CA and refuses a handshake without one the way OpenSSL servers do (a "certificate required"
 * alert), unlike a QSslSocket server, which just closes.
 */
class TlsTerminator : public ExternalServer
{
public:
    TlsTerminator(quint16 targetPort, const QString &certificate, const QString &key,
                  const QString &clientCa = QString())
        : m_target(targetPort)
        , m_certificate(certificate)
        , m_key(key)
        , m_clientCa(clientCa)
    {
        findProgram(u"stunnel4"_s, u"stunnel4"_s);
    }

    bool start() { return m_missing.isEmpty() && launch(); }

protected:
    bool configure(quint16 port) override
    {
        QByteArray conf = "foreground = yes\npid =\ndebug = notice\n[phoenix]\n";
        conf += "accept = 127.0.0.1:" + QByteArray::number(port) + "\n";
        conf += "connect = 127.0.0.1:" + QByteArray::number(m_target) + "\n";
        conf += "cert = " + m_certificate.toUtf8() + "\nkey = " + m_key.toUtf8() + "\n";
        if (!m_clientCa.isEmpty())
            conf += "CAfile = " + m_clientCa.toUtf8() + "\nverifyChain = yes\nrequireCert = yes\n";
        return writeFile(path(u"stunnel.conf"_s), conf);
    }
    QStringList arguments(quint16) const override { return {path(u"stunnel.conf"_s)}; }

private:
    quint16 m_target;
    QString m_certificate;
    QString m_key;
    QString m_clientCa;
};

} // namespace PhoenixTest
