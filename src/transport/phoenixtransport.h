// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

#include "phoenixglobal.h"

#include <QtCore/QByteArray>
#include <QtCore/QList>
#include <QtCore/QObject>
#include <QtCore/QPair>
#include <QtCore/QString>
#include <QtCore/QUrl>

#include <memory>

#ifndef QT_NO_NETWORKPROXY
#include <QtNetwork/QNetworkProxy>
#endif
#ifndef QT_NO_SSL
#include <QtNetwork/QSslConfiguration>
#endif

class QAuthenticator;
class PhoenixTransportPrivate;

/*!
 * \brief Everything a PhoenixTransport needs to open one connection.
 *
 * Filled in by PhoenixSocket before every connect and reconnect, from its properties (and its
 * params/token providers), and handed to PhoenixTransport::open(). A plain value type.
 *
 * \c url, \c authToken and the credentials of \c proxy hold secrets: a transport never prints
 * them (log PhoenixTransport::redactedUrl() and PhoenixTransport::redactedProxy() instead).
 */
struct PHOENIXQT_EXPORT PhoenixTransportOptions
{
    /*!
     * The endpoint with its connect query: the socket's url, normalised to end in
     * \c /websocket, plus the connect params and \c vsn, e.g.
     * `ws://host/socket/websocket?user=ada&vsn=2.0.0`. A transport derives its own address from it
     * (LongPoll: `http://host/socket/longpoll?...`); both ws(s):// and http(s):// schemes may arrive.
     */
    QUrl url;
    //! Extra HTTP headers for the handshake or every request, in order (name, value).
    QList<QPair<QByteArray, QByteArray>> headers;
    //! The auth token (Phoenix >= 1.8 \c auth_token), empty for none. Never put it in the URL.
    QString authToken;
#ifndef QT_NO_SSL
    //! TLS settings for wss:// and https:// (used when hasSslConfiguration is true).
    QSslConfiguration sslConfiguration;
    //! Whether sslConfiguration was set by the application (otherwise Qt's default applies).
    bool hasSslConfiguration = false;
    /*!
     * SHA-256 pins of the server's SubjectPublicKeyInfo, as PhoenixSocket::publicKeyPins holds them
     * (\c "sha256/<base64>" or the bare base64). When not empty, a TLS connection whose certificate
     * chain matches none of them is closed before anything is sent (PublicKeyPinMismatchError), and a
     * URL without TLS is refused (InvalidUrlError). Entries that are not SHA-256 pins never match.
     */
    QStringList publicKeyPins;
#endif
#ifndef QT_NO_NETWORKPROXY
    /*!
     * The proxy to connect through (PhoenixSocket::proxy). The default, QNetworkProxy::DefaultProxy,
     * means Qt's application proxy (QNetworkProxy::applicationProxy(), or the system's settings after
     * QNetworkProxyFactory::setUseSystemConfiguration(true)); QNetworkProxy::NoProxy connects directly.
     * Its user name and password, when set, are tried first when the proxy asks for credentials.
     */
    QNetworkProxy proxy;
#endif
    //! Largest incoming message accepted, in bytes; a larger one is a MessageTooLargeError.
    qint64 maxMessageSize = 64 * 1024 * 1024;
    //! Longest one HTTP request may take, in ms, for request-based transports (LongPoll).
    int requestTimeout = 20000;
};

/*!
 * \brief The seam between PhoenixSocket and the wire: one connection to a Phoenix endpoint.
 *
 * PhoenixSocket speaks the Phoenix Channels protocol (refs, joins, heartbeats, replies) and leaves
 * moving frames to a transport. PhoenixQt ships PhoenixWebSocketTransport (the default); an
 * application can plug its own with PhoenixSocket::setTransportFactory(), e.g. a WebSocket through
 * a proxy library, an in-process pipe for tests, or a recording transport.
 *
 * \section transport_contract The contract
 * - The socket creates one transport object per connection attempt (through its factory), calls
 *   open() once, and deletes the object after it reported closed() (or after it gave up on it).
 * - After open(), the transport reports exactly one of: reportOpened() (the connection is up), or
 *   reportClosed() (the attempt failed; report the reason with reportError() first).
 * - While open it delivers every incoming frame with reportFrame(), in arrival order, and sends
 *   what send() is given, in call order. A text frame is the UTF-8 bytes of the message.
 * - close() closes gracefully (WebSocket close handshake with \a code and \a reason); abort()
 *   drops the connection at once. Either ends with reportClosed(), possibly from within the call.
 * - reportClosed() is the last thing a transport reports. Calls after it are ignored, so do
 *   reports made before open() or after close.
 * - needsHeartbeat() says whether the socket must send Phoenix heartbeats over it (true for
 *   WebSocket; false for LongPoll, whose polls prove the connection alive).
 * - closeReachesServer() says whether close() tells the server that the client went away (true for
 *   WebSocket, whose close frame ends the server's channel processes at once; false for LongPoll,
 *   whose session the server ends only when its window expires). When false, the socket's
 *   disconnectFromServer() sends a leave for each joined channel just before close(), which must
 *   still deliver what was sent before it.
 *
 * Implementations emit nothing themselves: they call the protected report functions, which keep
 * state(), error() and errorString() right and emit the signals. The socket connects to the
 * signals; applications rarely need to.
 * - When the proxy asks for credentials, the transport reports it with
 *   reportProxyAuthenticationRequired() (at most once per connection attempt, after the credentials
 *   of PhoenixTransportOptions::proxy were refused or were missing); a proxy that still refuses ends
 *   the attempt with ProxyAuthenticationRequiredError.
 *
 * \section transport_threads Threads
 * A transport lives in its socket's thread and is used from it only.
 *
 * \section transport_secrets Secrets
 * Never log PhoenixTransportOptions::url, authToken or the proxy's credentials; redactedUrl() and
 * redactedProxy() give printable forms, and no error message may contain them either.
 */
class PHOENIXQT_EXPORT PhoenixTransport : public QObject
{
    Q_OBJECT
    //! Where the connection is in its life.
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
    //! The last error (NoError if none was reported).
    Q_PROPERTY(Error error READ error NOTIFY errorOccurred)
    //! Translated description of the last error.
    Q_PROPERTY(QString errorString READ errorString NOTIFY errorOccurred)

public:
    //! The life of one connection.
    enum class State {
        Idle,    //!< created, open() not called yet
        Opening, //!< open() was called, the connection is being established
        Open,    //!< frames flow both ways
        Closing, //!< close() was called, waiting for the peer
        Closed   //!< over: closed cleanly, dropped, or never opened
    };
    Q_ENUM(State)

    //! The two kinds of Phoenix frames.
    enum class FrameType {
        Text,  //!< a JSON message, as UTF-8 bytes
        Binary //!< a V2 binary message
    };
    Q_ENUM(FrameType)

    //! Why a connection failed or ended.
    enum class Error {
        NoError,                //!< no error reported
        InvalidUrlError,        //!< the URL cannot be used by this transport
        InvalidAuthTokenError,  //!< the auth token cannot travel over this transport intact
        ConnectionRefusedError, //!< nothing listens there, or the server refused the connection (e.g. HTTP
                                //!< 403)
        HostNotFoundError,      //!< the host name could not be resolved
        ConnectionLostError,    //!< an open connection was closed by the peer or the network
        SslError,               //!< TLS handshake or certificate failure
        TimeoutError,           //!< an operation took longer than allowed
        MessageTooLargeError,   //!< an incoming message exceeded PhoenixTransportOptions::maxMessageSize
        ProtocolError,          //!< the peer broke the transport's protocol
        UnknownError,           //!< any other failure
        ProxyError,             //!< the proxy could not be reached, or it could not or would not connect
                                //!< to the server
        ProxyAuthenticationRequiredError, //!< the proxy asked for credentials and refused the ones given
                                          //!< (or none were given)
        PublicKeyPinMismatchError, //!< the server's certificate chain matches none of the public-key pins:
                                   //!< the connection was closed before anything was sent
        ClientCertificateError     //!< the server requires a client certificate and none was sent, or it
                                   //!< refused the one sent
    };
    Q_ENUM(Error)

    //! Creates a transport in state Idle. \a parent owns it (PhoenixSocket reparents it to itself).
    explicit PhoenixTransport(QObject *parent = nullptr);
    //! Destroys the transport (PhoenixSocket deletes the transports it owns).
    ~PhoenixTransport() override;

    //! Returns the state property: where the connection is in its life.
    State state() const;
    //! Returns the error property: the last error (NoError if none was reported).
    Error error() const;
    //! Returns the errorString property: translated description of the last error.
    QString errorString() const;

    /*!
     * Starts connecting with \a options. Must not block and must not report synchronously from
     * within the call (queue it), so the caller can finish its bookkeeping first.
     */
    virtual void open(const PhoenixTransportOptions &options) = 0;
    //! Sends one frame; only called while state() is Open.
    virtual void send(const QByteArray &frame, PhoenixTransport::FrameType type) = 0;
    //! Closes gracefully with \a code and \a reason; ends with reportClosed().
    virtual void close(int code = 1000, const QString &reason = QString()) = 0;
    //! Drops the connection at once; ends with reportClosed() (clean = false).
    virtual void abort() = 0;
    //! Whether the socket must send Phoenix heartbeats over this transport (default true).
    virtual bool needsHeartbeat() const;
    //! Whether close() tells the server that the client went away (default true); see the contract.
    virtual bool closeReachesServer() const;
    //! A short name for logs, e.g. "websocket" or "longpoll".
    virtual QString name() const = 0;

    //! \a url without query, user info and fragment: safe to print.
    static QString redactedUrl(const QUrl &url);
#ifndef QT_NO_NETWORKPROXY
    //! \a proxy as "host:port" without its user name and password: safe to print.
    static QString redactedProxy(const QNetworkProxy &proxy);
#endif

Q_SIGNALS:
    //! Emitted once when the connection is open and frames may be sent.
    void opened();
    //! Emitted for every incoming frame while open, in arrival order.
    void frameReceived(const QByteArray &frame, PhoenixTransport::FrameType type);
    /*!
     * Emitted once when the connection is over: with the close \a code and \a reason the peer
     * sent (WebSocket) or a code describing the end (1006 for a dropped connection), and whether
     * the close was \a clean (a completed close handshake).
     */
    void closed(int code, const QString &reason, bool clean);
    //! Emitted when something failed, with a translated \a message; closed() follows if the
    //! connection cannot go on.
    void errorOccurred(PhoenixTransport::Error error, const QString &message);
    //! Emitted when the state property changes.
    void stateChanged(PhoenixTransport::State state);
#ifndef QT_NO_NETWORKPROXY
    /*!
     * Emitted when \a proxy asks for credentials that the transport does not have (or that it
     * refused): a slot fills in \a authenticator (owned by Qt Network, valid only during the call) to
     * retry with them. Emitted at most once per connection attempt, from within the network stack:
     * connect with a direct connection. PhoenixSocket forwards it as
     * PhoenixSocket::proxyAuthenticationRequired().
     */
    void proxyAuthenticationRequired(const QNetworkProxy &proxy, QAuthenticator *authenticator);
#endif

protected:
    //! Implementations call this when open() was called (state Opening). open() may call it.
    void reportOpening();
    //! The connection is open (state Open, emits opened()). Ignored unless Opening.
    void reportOpened();
    //! Delivers one incoming frame (emits frameReceived()). Ignored unless Open.
    void reportFrame(const QByteArray &frame, PhoenixTransport::FrameType type);
    //! A close was started (state Closing). Ignored once Closed.
    void reportClosing();
    //! Records an error (error(), errorString()) and emits errorOccurred(). Ignored once Closed.
    void reportError(PhoenixTransport::Error error, const QString &message);
    //! The connection is over (state Closed, emits closed()). Only the first call counts.
    void reportClosed(int code, const QString &reason, bool clean);
#ifndef QT_NO_NETWORKPROXY
    //! Asks for proxy credentials (emits proxyAuthenticationRequired()). Ignored once Closed.
    void reportProxyAuthenticationRequired(const QNetworkProxy &proxy, QAuthenticator *authenticator);
#endif

private:
    Q_DISABLE_COPY_MOVE(PhoenixTransport)
    std::unique_ptr<PhoenixTransportPrivate> d;
};
