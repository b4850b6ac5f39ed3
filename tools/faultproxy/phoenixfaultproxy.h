// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors

#ifndef PHOENIXFAULTPROXY_H
#define PHOENIXFAULTPROXY_H

#include <QtCore/QObject>
#include <QtCore/QString>
#include <QtNetwork/QHostAddress>

#include <memory>

class PhoenixFaultProxyPrivate;

/*!
    \brief A TCP proxy that injects network faults between a client and a server, for tests.

    PhoenixFaultProxy listens on a local port and forwards every connection it accepts to an upstream
    \c host:port, byte for byte, in both directions. It knows nothing about WebSocket, HTTP or TLS, so
    \c ws://, \c wss:// and LongPoll traffic all pass through it unchanged. No kernel feature (tc,
    iptables, network namespaces) is needed; it runs in-process in a test or as the
    \c phoenix-faultproxy command-line tool.

    Faults, each usable at any time and combinable:
    \list
    \li \b Latency and \b jitter (setLatency(), setJitter()): every chunk read from one side is held
        for \c latency plus a random 0..\c jitter milliseconds before it is written to the other side.
        Order is preserved in each direction (a chunk is never delivered before the one read before
        it), and so is a close: the other side is closed only after every chunk before the close.
    \li \b Drop (dropAllConnections()): every proxied connection is aborted on both sides at once, as a
        NAT or load balancer that loses its state; in-flight data is lost. New connections work.
    \li \b Black hole (blackHole(), heal()): nothing is forwarded in either direction, as a path that
        loses every packet. Connections stay open and new ones are accepted by the kernel but get no
        upstream connection: a client's TCP connect succeeds and then hears nothing (no WebSocket
        upgrade answer). Unread data stays in the socket buffers (TCP flow control pushes back on the
        sender), and closes are not passed on either. On heal() (or when the given time is over)
        everything held is delivered in order, as TCP retransmission would, and connections that arrived
        during the hole are connected upstream; one whose client gave up meanwhile is forgotten, its
        server never hears of it.
    \endlist

    \b Threading: lives in the thread that created it and needs a running event loop there. Not
    thread-safe: call it from its own thread only.

    \b Ownership: a plain QObject, owned by its parent (if any). Every socket it opens is its own and
    is destroyed with it (or by close()).

    \b Logging: category \c{phoenix.faultproxy} (connections and faults at info level, per-chunk
    details at debug level). Payload bytes are never logged.
*/
class PhoenixFaultProxy : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PhoenixFaultProxy)
    /*! Base delay of every chunk, in milliseconds (default 0). */
    Q_PROPERTY(int latency READ latency WRITE setLatency NOTIFY latencyChanged)
    /*! Random extra delay of every chunk, 0..jitter milliseconds, uniform (default 0). */
    Q_PROPERTY(int jitter READ jitter WRITE setJitter NOTIFY jitterChanged)
    /*! Whether traffic is black-holed right now. */
    Q_PROPERTY(bool blackHoled READ isBlackHoled NOTIFY blackHoledChanged)
    /*! Number of proxied connections open right now (those held by a black hole included). */
    Q_PROPERTY(int connectionCount READ connectionCount NOTIFY connectionCountChanged)

public:
    /*! The direction of a chunk of data. */
    enum class Direction {
        ToUpstream, //!< from the client that connected to the proxy, to the upstream server
        ToClient    //!< from the upstream server back to the client
    };
    Q_ENUM(Direction)

    /*! Creates a proxy (not listening, no upstream yet) with the given \a parent. */
    explicit PhoenixFaultProxy(QObject *parent = nullptr);
    /*! Stops listening and aborts every connection. */
    ~PhoenixFaultProxy() override;

    /*!
        Sets the server every accepted connection is forwarded to. Takes effect for connections
        accepted from now on. \a host is a name or an address, resolved on each connection.
    */
    void setUpstream(const QString &host, quint16 port);
    /*! Returns the upstream host set by setUpstream() (empty if none). */
    QString upstreamHost() const;
    /*! Returns the upstream port set by setUpstream() (0 if none). */
    quint16 upstreamPort() const;

    /*!
        Starts listening on \a address and \a port (0 = let the OS pick a free port). Returns true on
        success; otherwise errorString() says why. Listening again after close() on the same port works.
    */
    bool listen(const QHostAddress &address = QHostAddress::LocalHost, quint16 port = 0);
    /*! Returns true while the proxy listens. */
    bool isListening() const;
    /*! Returns the port the proxy listens on (0 if not listening). */
    quint16 serverPort() const;
    /*! Returns the address the proxy listens on. */
    QHostAddress serverAddress() const;
    /*! Returns the error of the last failed listen(). */
    QString errorString() const;
    /*! Stops listening and aborts every connection (as dropAllConnections()). Ends a black hole. */
    void close();

    /*! Returns the latency in milliseconds. */
    int latency() const;
    /*! Sets the base delay of every chunk read from now on to \a msecs (negative counts as 0). */
    void setLatency(int msecs);
    /*! Returns the jitter in milliseconds. */
    int jitter() const;
    /*! Sets the random extra delay of every chunk read from now on to 0..\a msecs (negative counts as 0). */
    void setJitter(int msecs);
    /*! Seeds the random generator of the jitter, for reproducible runs (default: a random seed). */
    void setRandomSeed(quint32 seed);

    /*! Returns whether traffic is black-holed. */
    bool isBlackHoled() const;
    /*! Returns the number of proxied connections open right now. */
    int connectionCount() const;
    /*! Returns how many bytes have been delivered in \a direction since construction, over all connections.
     */
    qint64 bytesForwarded(Direction direction) const;

public Q_SLOTS:
    /*!
        Aborts every proxied connection on both sides at once; data in flight is lost. Emits
        connectionClosed() for each. Listening goes on.
    */
    void dropAllConnections();
    /*!
        Cuts every proxied connection on the way, as a route that died after the server closed (a
        suspended laptop's NAT entry expired, a close lost): the upstream side is aborted (the server
        sees the connection end), the client side stays open and hears nothing more, not even a close;
        what the client sends is swallowed. The client must find out by itself. The connection is
        forgotten when the client closes it. Connections accepted afterwards work normally.
    */
    void severAllConnections();
    /*!
        Black-holes all traffic for \a msecs milliseconds, then heals by itself; a negative \a msecs
        (the default) black-holes until heal(). Calling it while black-holed restarts the time.
    */
    void blackHole(int msecs = -1);
    /*! Ends a black hole at once: everything held is delivered in order. Does nothing if not black-holed. */
    void heal();

Q_SIGNALS:
    /*! Emitted when the proxy accepted a connection from a client; \a id is unique per proxy. */
    void connectionAccepted(quint64 id);
    /*! Emitted when connection \a id reached the upstream server. */
    void upstreamConnected(quint64 id);
    /*! Emitted when connection \a id is over, on both sides (closed by either side, dropped, or the
        upstream server could not be reached). */
    void connectionClosed(quint64 id);
    /*!
        Emitted after a chunk of \a bytes was written to the other side in \a direction of connection
        \a id. \a heldMsecs is how long the proxy held it (latency, jitter, waiting behind an earlier
        chunk, a black hole).
    */
    void chunkForwarded(quint64 id, PhoenixFaultProxy::Direction direction, qint64 bytes, qint64 heldMsecs);
    /*! Notifies a change of latency. */
    void latencyChanged(int msecs);
    /*! Notifies a change of jitter. */
    void jitterChanged(int msecs);
    /*! Emitted when a black hole starts (true) and when it heals (false), before anything held is delivered.
     */
    void blackHoledChanged(bool blackHoled);
    /*! Notifies a change of connectionCount. */
    void connectionCountChanged(int count);

private:
    friend class PhoenixFaultProxyPrivate;
    std::unique_ptr<PhoenixFaultProxyPrivate> d;
};

#endif // PHOENIXFAULTPROXY_H
