// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#include "phoenixwebsockettransport.h"

#include "phoenixlogging_p.h"

#include <QtCore/QPointer>
#include <QtCore/QStringEncoder>
#include <QtCore/QTimer>
#include <QtNetwork/QNetworkRequest>
#include <QtWebSockets/QWebSocket>
#include <QtWebSockets/QWebSocketHandshakeOptions>

#include <algorithm>
#include <climits>

using namespace Qt::StringLiterals;

namespace {

constexpr int CloseGraceMs = 2000;  // how long a requested close may take before the connection is aborted
constexpr int AbnormalClose = 1006; // RFC 6455: closed without a close frame

// RFC 7230 tchar: what a Sec-WebSocket-Protocol entry may consist of (Qt drops any other entry).
bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

} // namespace

class PhoenixWebSocketTransportPrivate
{
public:
    explicit PhoenixWebSocketTransportPrivate(PhoenixWebSocketTransport *q)
        : q(q)
    {
    }

    void onError(QAbstractSocket::SocketError error);
    void onUnconnected();
    void onTextMessage(const QString &message);
    QString detail() const;
    //! Reports \a error unless one was reported already: one failure, one report.
    void fail(PhoenixTransport::Error error, const QString &message);

    PhoenixWebSocketTransport *const q;
    QPointer<QWebSocket> ws;
    QUrl url; // with its query: never printed
    QString printableUrl;
    qint64 maxMessageSize = 0;
    bool errorReported = false;
    bool closeRequested = false;
    bool closeHandshake = false; // a close frame was sent or received: the close is clean
    bool deliveringText = false; // textFrame is being delivered (a nested event loop gets its own)
    QByteArray textFrame;        // the UTF-8 of the latest text message, its buffer reused
};

QString PhoenixWebSocketTransportPrivate::detail() const
{
    QString text = ws ? ws->errorString() : QString();
    // Never print what the query holds (params, tokens), encoded or not.
    for (const QString &query : {url.query(QUrl::FullyEncoded), url.query(QUrl::FullyDecoded)}) {
        if (!query.isEmpty())
            text.replace(query, u"…"_s);
    }
    return text;
}

void PhoenixWebSocketTransportPrivate::fail(PhoenixTransport::Error error, const QString &message)
{
    if (errorReported)
        return;
    errorReported = true;
    qCDebug(lcPhoenixSocket).noquote() << "websocket transport error:" << message;
    q->reportError(error, message);
}

void PhoenixWebSocketTransportPrivate::onError(QAbstractSocket::SocketError error)
{
    if (closeRequested)
        return; // errors while we close on purpose are noise
    if (q->state() == PhoenixTransport::State::Open && error == QAbstractSocket::RemoteHostClosedError)
        return; // the close itself (with its code) tells the socket
    using E = PhoenixTransport::Error;
    switch (error) {
    case QAbstractSocket::ConnectionRefusedError:
        fail(E::ConnectionRefusedError,
             PhoenixWebSocketTransport::tr("The server at %1 refused the connection: %2")
                 .arg(printableUrl, detail()));
        break;
    case QAbstractSocket::HostNotFoundError:
        fail(E::HostNotFoundError,
             PhoenixWebSocketTransport::tr("The host of %1 was not found.").arg(printableUrl));
        break;
    case QAbstractSocket::RemoteHostClosedError:
        fail(E::ConnectionRefusedError,
             PhoenixWebSocketTransport::tr("The server at %1 closed the connection.").arg(printableUrl));
        break;
    case QAbstractSocket::SslHandshakeFailedError:
    case QAbstractSocket::SslInternalError:
    case QAbstractSocket::SslInvalidUserDataError:
        fail(E::SslError, PhoenixWebSocketTransport::tr("TLS error while connecting to %1: %2")
                              .arg(printableUrl, detail()));
        break;
    case QAbstractSocket::SocketTimeoutError:
        fail(E::TimeoutError,
             PhoenixWebSocketTransport::tr("Network error on %1: %2").arg(printableUrl, detail()));
        break;
    default:
        fail(E::UnknownError,
             PhoenixWebSocketTransport::tr("Network error on %1: %2").arg(printableUrl, detail()));
        break;
    }
}

void PhoenixWebSocketTransportPrivate::onUnconnected()
{
    QWebSocket *socket = ws;
    if (!socket)
        return;
    // Without a close handshake QWebSocket keeps its default code (1000): report a dropped connection as
    // 1006.
    const int code = closeHandshake ? int(socket->closeCode()) : AbnormalClose;
    const QString reason = closeHandshake ? socket->closeReason() : QString();
    const bool wasOpen =
        q->state() == PhoenixTransport::State::Open || q->state() == PhoenixTransport::State::Closing;
    if (!wasOpen && !closeRequested && !errorReported) {
        // A failed attempt may end without (or before) its error signal.
        onError(socket->error() == QAbstractSocket::UnknownSocketError
                    ? QAbstractSocket::ConnectionRefusedError
                    : socket->error());
    }
    if (code == QWebSocketProtocol::CloseCodeTooMuchData && !closeRequested) {
        fail(PhoenixTransport::Error::MessageTooLargeError,
             PhoenixWebSocketTransport::tr(
                 "A message larger than %n byte(s) arrived; the connection was closed.", nullptr,
                 int(std::min<qint64>(maxMessageSize, INT_MAX))));
    }
    socket->disconnect(q);
    socket->deleteLater();
    ws = nullptr;
    q->reportClosed(wasOpen ? code : AbnormalClose, wasOpen ? reason : QString(), wasOpen && closeHandshake);
}

void PhoenixWebSocketTransportPrivate::onTextMessage(const QString &message)
{
    // QWebSocket hands text frames over decoded; the socket reads UTF-8. Encoding into one reused
    // buffer saves an allocation per message (what a slot keeps of it is copied on its next write).
    if (deliveringText) {
        q->reportFrame(message.toUtf8(), PhoenixTransport::FrameType::Text);
        return;
    }
    constexpr qsizetype KeptCapacity = 64 * 1024; // a larger buffer is not kept for the next message
    QStringEncoder encoder(QStringEncoder::Utf8);
    textFrame.resize(encoder.requiredSpace(message.size()));
    textFrame.truncate(encoder.appendToBuffer(textFrame.data(), message) - textFrame.constData());
    const QPointer<PhoenixWebSocketTransport> self(q);
    deliveringText = true;
    q->reportFrame(textFrame, PhoenixTransport::FrameType::Text);
    if (!self)
        return; // deleted by a slot (not by the socket, which deletes transports from the event loop)
    deliveringText = false;
    if (textFrame.capacity() > KeptCapacity)
        textFrame = QByteArray();
}

PhoenixWebSocketTransport::PhoenixWebSocketTransport(QObject *parent)
    : PhoenixTransport(parent)
    , d(std::make_unique<PhoenixWebSocketTransportPrivate>(this))
{
}

PhoenixWebSocketTransport::~PhoenixWebSocketTransport()
{
    if (d->ws) {
        d->ws->disconnect(this);
        d->ws->abort();
    }
}

QString PhoenixWebSocketTransport::name() const
{
    return u"websocket"_s;
}

QString PhoenixWebSocketTransport::authTokenProtocol(const QString &token)
{
    const QByteArray encoded =
        token.toUtf8().toBase64(QByteArray::Base64Encoding | QByteArray::OmitTrailingEquals);
    if (!std::all_of(encoded.begin(), encoded.end(), isTokenChar))
        return {};
    return u"base64url.bearer.phx."_s + QString::fromLatin1(encoded);
}

QUrl PhoenixWebSocketTransport::webSocketUrl(const QUrl &endpoint)
{
    QUrl url = endpoint;
    if (url.scheme() == u"http"_s)
        url.setScheme(u"ws"_s);
    else if (url.scheme() == u"https"_s)
        url.setScheme(u"wss"_s);
    return url;
}

void PhoenixWebSocketTransport::open(const PhoenixTransportOptions &options)
{
    if (state() != State::Idle)
        return;
    reportOpening();
    d->url = webSocketUrl(options.url);
    d->printableUrl = redactedUrl(d->url);
    d->maxMessageSize = options.maxMessageSize;

    // Failures found before anything is sent are reported from the event loop (never from open()).
    const auto failLater = [this](Error error, const QString &message) {
        QMetaObject::invokeMethod(
            this,
            [this, error, message] {
                d->fail(error, message);
                reportClosed(AbnormalClose, QString(), false);
            },
            Qt::QueuedConnection);
    };
    if (!d->url.isValid() || (d->url.scheme() != u"ws"_s && d->url.scheme() != u"wss"_s) ||
        d->url.host().isEmpty()) {
        failLater(Error::InvalidUrlError,
                  tr("The URL \"%1\" is not a valid ws:// or wss:// URL.").arg(d->printableUrl));
        return;
    }
    QWebSocketHandshakeOptions handshake;
    if (!options.authToken.isEmpty()) {
        const QString protocol = authTokenProtocol(options.authToken);
        if (protocol.isEmpty()) {
            failLater(
                Error::InvalidAuthTokenError,
                tr("The auth token cannot be sent to %1: its base64 form contains \"/\", which a WebSocket "
                   "subprotocol cannot carry. Nothing was sent.")
                    .arg(d->printableUrl));
            return;
        }
        handshake.setSubprotocols({u"phoenix"_s, protocol});
    }
    QNetworkRequest request(d->url);
    for (const auto &header : options.headers)
        request.setRawHeader(header.first, header.second);

    auto *ws = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this); // owned by this transport
    d->ws = ws;
    ws->setMaxAllowedIncomingMessageSize(quint64(options.maxMessageSize));
    ws->setMaxAllowedIncomingFrameSize(quint64(options.maxMessageSize));
#ifndef QT_NO_SSL
    if (options.hasSslConfiguration)
        ws->setSslConfiguration(options.sslConfiguration);
    connect(ws, &QWebSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
        QStringList texts;
        for (const QSslError &e : errors)
            texts << e.errorString();
        d->fail(Error::SslError,
                tr("TLS error while connecting to %1: %2").arg(d->printableUrl, texts.join(u"; "_s)));
    });
#endif
    connect(ws, &QWebSocket::connected, this, [this] { reportOpened(); });
    connect(ws, &QWebSocket::aboutToClose, this, [this] {
        if (state() == State::Open || state() == State::Closing)
            d->closeHandshake = true;
    });
    connect(ws, &QWebSocket::stateChanged, this, [this](QAbstractSocket::SocketState s) {
        if (s == QAbstractSocket::UnconnectedState)
            d->onUnconnected();
    });
    connect(ws, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this,
            [this](QAbstractSocket::SocketError e) { d->onError(e); });
    connect(ws, &QWebSocket::textMessageReceived, this,
            [this](const QString &message) { d->onTextMessage(message); });
    connect(ws, &QWebSocket::binaryMessageReceived, this,
            [this](const QByteArray &message) { reportFrame(message, FrameType::Binary); });
    ws->open(request, handshake);
}

void PhoenixWebSocketTransport::send(const QByteArray &frame, FrameType type)
{
    if (!d->ws || state() != State::Open)
        return;
    if (type == FrameType::Binary)
        d->ws->sendBinaryMessage(frame);
    else
        d->ws->sendTextMessage(QString::fromUtf8(frame));
}

void PhoenixWebSocketTransport::close(int code, const QString &reason)
{
    if (state() == State::Closed)
        return;
    d->closeRequested = true;
    QWebSocket *ws = d->ws;
    if (!ws || ws->state() != QAbstractSocket::ConnectedState) {
        abort();
        return;
    }
    reportClosing();
    ws->close(QWebSocketProtocol::CloseCode(code), reason);
    // A dead peer never answers the close handshake: do not wait for it forever.
    if (d->ws)
        QTimer::singleShot(CloseGraceMs, this, [this] { abort(); });
}

void PhoenixWebSocketTransport::abort()
{
    if (state() == State::Closed)
        return;
    d->closeRequested = true;
    if (QWebSocket *ws = d->ws) {
        ws->abort(); // may report the close from within
        if (d->ws == ws) {
            ws->disconnect(this);
            ws->deleteLater();
            d->ws = nullptr;
        }
    }
    reportClosed(AbnormalClose, QString(), false);
}
