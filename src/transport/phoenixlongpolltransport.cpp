// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// Phoenix's LongPoll transport (Phoenix.Transports.LongPoll, phoenix.js longpoll.js) over
// QNetworkAccessManager. See the class documentation for the protocol and the failure policy.
#include "phoenixlongpolltransport.h"

#include "phoenixlogging_p.h"
#include "phoenixlongpollnetwork_p.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QIODevice>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QPointer>
#include <QtCore/QTimer>
#include <QtNetwork/QNetworkAccessManager>
#include <QtNetwork/QNetworkReply>
#include <QtNetwork/QNetworkRequest>

#include <algorithm>
#include <climits>
#include <deque>
#include <utility>

using namespace Qt::StringLiterals;

namespace {

constexpr int CloseGraceMs = 2000;  // how long a requested close waits for the last POST
constexpr int DeliveryBatch = 64;   // most messages delivered in one turn of the event loop
constexpr int DeliveryBudgetMs = 5; // longest a batch may take before the event loop runs again
// Close codes, as phoenix.js's LongPoll reports them.
constexpr int NoStatusClose = 1005;    // a request timed out
constexpr int AbnormalClose = 1006;    // aborted
constexpr int ForbiddenClose = 1008;   // status 403
constexpr int TooBigClose = 1009;      // an answer over maxMessageSize
constexpr int ServerErrorClose = 1011; // status 500, a network error, an unreadable answer
constexpr int SessionGoneClose = 3410; // status 410 for an existing session

PhoenixLongPollNetwork::Factory &testNetworkFactory()
{
    static PhoenixLongPollNetwork::Factory factory;
    return factory;
}

} // namespace

void PhoenixLongPollNetwork::setFactoryForTesting(Factory factory)
{
    testNetworkFactory() = std::move(factory);
}

QNetworkAccessManager *PhoenixLongPollNetwork::create(QObject *parent)
{
    if (const Factory &factory = testNetworkFactory()) {
        if (QNetworkAccessManager *network = factory(parent))
            return network;
    }
    return new QNetworkAccessManager(parent);
}

class PhoenixLongPollTransportPrivate
{
public:
    //! Why a connection ends: what the transport reports before reportClosed().
    struct Failure
    {
        PhoenixTransport::Error error = PhoenixTransport::Error::UnknownError;
        QString message;
        int code = ServerErrorClose;
        QString reason;
    };

    //! One frame waiting for a POST.
    struct Outgoing
    {
        QByteArray data;    // the ndjson line (a text frame, or a binary frame in base64)
        bool alone = false; // cannot be an ndjson line: goes alone as the whole body of a POST
    };

    explicit PhoenixLongPollTransportPrivate(PhoenixLongPollTransport *q)
        : q(q)
    {
    }

    QNetworkRequest makeRequest() const;
    void setSessionToken(const QString &token);
    void startPoll();
    void onPollFinished(QNetworkReply *reply);
    void onPollAnswer(const QJsonObject &answer);
    void scheduleDelivery();
    void deliverSome();
    void scheduleFlush();
    void startPost();
    void onPostFinished(QNetworkReply *reply);
    void onTimeout(bool poll);
    //! Reads \a reply's HTTP result into \a answer; false (and \a failure filled) if there is none.
    bool readAnswer(QNetworkReply *reply, const QByteArray &body, QJsonObject *answer,
                    Failure *failure) const;
    Failure statusFailure(int status) const;
    Failure tooLarge() const;
    Failure timedOut() const;
    //! The network or server ended the connection: deliver what arrived, then report \a failure.
    void end(const Failure &failure);
    //! The frames handed to send() that will never go out: ends \a failure's message with their count.
    Failure withLostFrames(Failure failure, int inFlight) const;
    //! Completes a close() the application asked for.
    void finishClose(bool clean);
    //! Aborts both requests without hearing from them again.
    void stopRequests();
    void release(QPointer<QNetworkReply> *reply);
    //! \a reply's error text without its query (params, session token).
    QString detail(QNetworkReply *reply) const;

    PhoenixLongPollTransport *const q;
    QNetworkAccessManager *network = nullptr; // created by open(); see ~PhoenixLongPollTransport()
    QTimer *pollTimer = nullptr;
    QTimer *postTimer = nullptr;
    QTimer *closeTimer = nullptr;
    QUrl endpoint;   // http(s) with the connect query: never printed
    QUrl requestUrl; // endpoint plus the session token: never printed
    QString printableUrl;
    QString sessionToken;
    PhoenixTransportOptions options; // as open() got them: headers, token, TLS, limits
    QByteArray authToken;            // options.authToken as the header carries it
    QPointer<QNetworkReply> poll;
    QPointer<QNetworkReply> post;
    int postCount = 0; // frames in the POST in flight
    std::deque<QByteArray> incoming;
    std::deque<Outgoing> outgoing;
    int callbackDepth = 0; // > 0 while a reply's signal is being handled
    bool deliveryScheduled = false;
    bool flushScheduled = false;
    bool hasSession = false;
    bool ended = false; // the end was reported or is being reported
    bool closeRequested = false;
    int closeCode = 1000;
    QString closeReason;
};

namespace {

//! Counts the reply callbacks on the stack, so the destructor knows whether it may delete the
//! network access manager (and its replies) at once.
class CallbackScope
{
public:
    explicit CallbackScope(int *depth)
        : m_depth(depth)
    {
        ++*m_depth;
    }
    ~CallbackScope() { --*m_depth; }
    CallbackScope(const CallbackScope &) = delete;
    CallbackScope &operator=(const CallbackScope &) = delete;

private:
    int *m_depth;
};

/*!
 * The body of one POST, readable once. Qt's HTTP stack sends a request again on a new connection
 * when the connection closed before the answer, if it can rewind the body. A POST's messages must
 * reach the server at most once (Phoenix would run each handle_in again: a chat message posted
 * twice), so this body cannot be rewound: such a POST fails (ContentReSendError), and the transport
 * reports a lost connection, as phoenix.js does when a POST fails.
 */
class OneShotBody final : public QIODevice
{
public:
    OneShotBody(QByteArray data, QObject *parent)
        : QIODevice(parent)
        , m_data(std::move(data))
    {
        QIODevice::open(QIODevice::ReadOnly);
    }
    bool isSequential() const override { return true; }
    bool reset() override { return false; } // the one thing Qt asks before a replay: never
    qint64 size() const override { return m_data.size(); }
    qint64 bytesAvailable() const override { return m_data.size() - m_read + QIODevice::bytesAvailable(); }
    bool atEnd() const override { return m_read >= m_data.size() && QIODevice::bytesAvailable() == 0; }

protected:
    qint64 readData(char *data, qint64 maxSize) override
    {
        const qint64 n = qMin(maxSize, qint64(m_data.size()) - m_read);
        if (n <= 0)
            return m_read >= m_data.size() ? -1 : 0;
        std::copy_n(m_data.constData() + m_read, n, data);
        m_read += n;
        return n;
    }
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    const QByteArray m_data;
    qint64 m_read = 0;
};

bool isHttpHeaderSafe(const QByteArray &value)
{
    return !value.contains('\r') && !value.contains('\n') && !value.contains('\0');
}

} // namespace

// ---- requests --------------------------------------------------------------------------------------

QNetworkRequest PhoenixLongPollTransportPrivate::makeRequest() const
{
    QNetworkRequest request(requestUrl);
    for (const auto &header : options.headers)
        request.setRawHeader(header.first, header.second);
#ifndef QT_NO_SSL
    if (options.hasSslConfiguration)
        request.setSslConfiguration(options.sslConfiguration);
#endif
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    return request;
}

void PhoenixLongPollTransportPrivate::setSessionToken(const QString &token)
{
    if (token.isEmpty() || token == sessionToken)
        return;
    sessionToken = token;
    // phoenix.js 1.8 appends the session token to the connect query (Ajax.appendParams); Phoenix
    // reads the last `token` param, so a connect param of that name does not get in the way.
    QString query = endpoint.query(QUrl::FullyEncoded);
    if (!query.isEmpty())
        query += u'&';
    query += u"token="_s + QString::fromLatin1(QUrl::toPercentEncoding(token));
    requestUrl = endpoint;
    requestUrl.setQuery(query, QUrl::StrictMode);
}

void PhoenixLongPollTransportPrivate::release(QPointer<QNetworkReply> *reply)
{
    QNetworkReply *r = reply->data();
    *reply = nullptr;
    if (!r)
        return;
    r->disconnect(q); // nothing of ours hears its finished() any more
    // Deleting a reply stops its request. Not abort(): a reply whose error is on its way (the server
    // died) would report a second one, which Qt warns about ("Internal problem, this method must only
    // be called once"). From the event loop: we may be inside one of its signals.
    r->deleteLater();
}

void PhoenixLongPollTransportPrivate::stopRequests()
{
    release(&poll);
    release(&post);
    postCount = 0;
    if (pollTimer)
        pollTimer->stop();
    if (postTimer)
        postTimer->stop();
}

QString PhoenixLongPollTransportPrivate::detail(QNetworkReply *reply) const
{
    QString text = reply->errorString();
    // Qt puts the URL into some messages: never print what the query holds, encoded or not.
    for (const QUrl &url : {reply->url(), requestUrl, endpoint}) {
        for (const QString &query : {url.query(QUrl::FullyEncoded), url.query(QUrl::FullyDecoded)}) {
            if (!query.isEmpty())
                text.replace(query, u"…"_s);
        }
    }
    if (!sessionToken.isEmpty())
        text.replace(sessionToken, u"…"_s);
    return text;
}

// ---- polling ---------------------------------------------------------------------------------------

void PhoenixLongPollTransportPrivate::startPoll()
{
    if (!network || poll || ended || closeRequested)
        return;
    QNetworkRequest request = makeRequest();
    request.setRawHeader("Accept", "application/json");
    // phoenix.js sends the auth token with every poll; Phoenix reads it when the session opens.
    if (!authToken.isEmpty())
        request.setRawHeader("X-Phoenix-AuthToken", authToken);
    QNetworkReply *reply = network->get(request);
    poll = reply;
    // The body stays in the reply's buffer until it is complete; it may not grow beyond the limit
    // (a Content-Length over it fails at once).
    const auto checkSize = [this, reply] {
        if (reply != poll)
            return;
        const CallbackScope scope(&callbackDepth);
        const qint64 announced = reply->header(QNetworkRequest::ContentLengthHeader).toLongLong();
        if (announced > options.maxMessageSize || reply->bytesAvailable() > options.maxMessageSize) {
            release(&poll);
            end(tooLarge());
        }
    };
    QObject::connect(reply, &QNetworkReply::metaDataChanged, q, checkSize);
    QObject::connect(reply, &QNetworkReply::readyRead, q, checkSize);
    QObject::connect(reply, &QNetworkReply::finished, q, [this, reply] {
        const CallbackScope scope(&callbackDepth);
        onPollFinished(reply);
    });
    if (options.requestTimeout > 0)
        pollTimer->start(options.requestTimeout);
}

void PhoenixLongPollTransportPrivate::onPollFinished(QNetworkReply *reply)
{
    if (reply != poll)
        return;
    poll = nullptr;
    pollTimer->stop();
    reply->deleteLater();
    const QByteArray body = reply->readAll();
    if (body.size() > options.maxMessageSize) {
        end(tooLarge());
        return;
    }
    QJsonObject answer;
    Failure failure;
    if (!readAnswer(reply, body, &answer, &failure)) {
        end(failure);
        return;
    }
    onPollAnswer(answer);
}

void PhoenixLongPollTransportPrivate::onPollAnswer(const QJsonObject &answer)
{
    using E = PhoenixTransport::Error;
    const int status = answer.value(u"status"_s).toInt(-1);
    const QString token = answer.value(u"token"_s).toString();
    if (!hasSession) {
        // The first GET opens the session: 410 with a token (phoenix.js reads it as "open").
        if (status == 410 && !token.isEmpty()) {
            hasSession = true;
            setSessionToken(token);
            qCDebug(lcPhoenixSocket).noquote() << "longpoll session opened at" << printableUrl;
            startPoll();
            q->reportOpened(); // last: a slot may close or delete this transport
            return;
        }
        if (status == 410 || status == 200 || status == 204) {
            end({E::ProtocolError,
                 PhoenixLongPollTransport::tr("The server at %1 answered the first LongPoll request with "
                                              "status %2 and no session.")
                     .arg(printableUrl)
                     .arg(status),
                 ServerErrorClose, u"internal server error"_s});
            return;
        }
        end(statusFailure(status));
        return;
    }
    switch (status) {
    case 200: {
        const QJsonArray messages = answer.value(u"messages"_s).toArray();
        for (const QJsonValue &message : messages) {
            if (!message.isString()) {
                end({E::ProtocolError,
                     PhoenixLongPollTransport::tr("The server at %1 sent a LongPoll message that is not a "
                                                  "string.")
                         .arg(printableUrl),
                     ServerErrorClose, u"internal server error"_s});
                return;
            }
        }
        for (const QJsonValue &message : messages)
            incoming.push_back(message.toString().toUtf8());
        setSessionToken(token);
        startPoll();
        scheduleDelivery();
        return;
    }
    case 204:
        setSessionToken(token);
        startPoll();
        return;
    default:
        end(statusFailure(status));
        return;
    }
}

void PhoenixLongPollTransportPrivate::onTimeout(bool isPoll)
{
    if (isPoll) {
        if (!poll)
            return;
        release(&poll);
        end(timedOut());
        return;
    }
    if (!post)
        return;
    const int inFlight = std::exchange(postCount, 0);
    release(&post);
    if (closeRequested) {
        finishClose(false);
        return;
    }
    end(withLostFrames(timedOut(), inFlight));
}

// ---- delivering ------------------------------------------------------------------------------------

void PhoenixLongPollTransportPrivate::scheduleDelivery()
{
    if (deliveryScheduled || incoming.empty())
        return;
    deliveryScheduled = true;
    // From the event loop, never from within the reply's signal. The call is dropped if this
    // transport is deleted first.
    QMetaObject::invokeMethod(
        q,
        [this] {
            deliveryScheduled = false;
            deliverSome();
        },
        Qt::QueuedConnection);
}

void PhoenixLongPollTransportPrivate::deliverSome()
{
    // One message at a time, each its own frameReceived, as QWebSocket delivers the frames that
    // arrived together; a slot may close or delete this transport at any point. After a batch the
    // event loop runs again (a huge answer never blocks it; timers and input get their turn).
    const QPointer<PhoenixLongPollTransport> self(q);
    QElapsedTimer clock;
    clock.start();
    int delivered = 0;
    while (!incoming.empty() && !ended && !closeRequested && q->state() == PhoenixTransport::State::Open) {
        const QByteArray message = std::move(incoming.front());
        incoming.pop_front();
        q->reportFrame(message, PhoenixTransport::FrameType::Text);
        if (!self)
            return;
        if (++delivered >= DeliveryBatch || clock.elapsed() >= DeliveryBudgetMs)
            break;
    }
    scheduleDelivery(); // the rest on a later turn
}

// ---- sending ---------------------------------------------------------------------------------------

void PhoenixLongPollTransportPrivate::scheduleFlush()
{
    if (flushScheduled || post)
        return;
    flushScheduled = true;
    // Frames sent in this turn of the event loop go out together (phoenix.js: setTimeout 0).
    QMetaObject::invokeMethod(
        q,
        [this] {
            flushScheduled = false;
            startPost();
        },
        Qt::QueuedConnection);
}

void PhoenixLongPollTransportPrivate::startPost()
{
    if (!network || post || outgoing.empty() || ended)
        return;
    QByteArray body;
    QByteArray contentType;
    int count = 0;
    if (outgoing.front().alone) {
        body = std::move(outgoing.front().data);
        outgoing.pop_front();
        contentType = "application/json"; // Phoenix reads any other content type as one text message
        count = 1;
    } else {
        while (!outgoing.empty() && !outgoing.front().alone &&
               count < PhoenixLongPollTransport::MaxBatchSize) {
            if (count > 0)
                body += '\n';
            body += outgoing.front().data;
            outgoing.pop_front();
            ++count;
        }
        contentType = "application/x-ndjson";
    }
    QNetworkRequest request = makeRequest();
    request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    request.setRawHeader("Accept", "application/json");
    // With its length known and buffering off, Qt streams the body from the device instead of keeping a
    // copy it could replay (see OneShotBody).
    request.setHeader(QNetworkRequest::ContentLengthHeader, body.size());
    request.setAttribute(QNetworkRequest::DoNotBufferUploadDataAttribute, true);
    auto *upload = new OneShotBody(std::move(body), q);
    QNetworkReply *reply = network->post(request, upload);
    upload->setParent(reply); // lives as long as the request
    post = reply;
    postCount = count;
    QObject::connect(reply, &QNetworkReply::finished, q, [this, reply] {
        const CallbackScope scope(&callbackDepth);
        onPostFinished(reply);
    });
    if (options.requestTimeout > 0)
        postTimer->start(options.requestTimeout);
}

void PhoenixLongPollTransportPrivate::onPostFinished(QNetworkReply *reply)
{
    if (reply != post)
        return;
    post = nullptr;
    postTimer->stop();
    reply->deleteLater();
    const int inFlight = std::exchange(postCount, 0);
    QJsonObject answer;
    Failure failure;
    bool ok = readAnswer(reply, reply->read(64 * 1024), &answer, &failure);
    if (ok && answer.value(u"status"_s).toInt(-1) != 200) {
        failure = statusFailure(answer.value(u"status"_s).toInt(-1));
        ok = false;
    }
    if (closeRequested) {
        if (ok && !outgoing.empty())
            startPost();
        else
            finishClose(ok);
        return;
    }
    if (!ok) {
        end(withLostFrames(failure, inFlight));
        return;
    }
    startPost(); // the frames sent while this POST was in flight
}

PhoenixLongPollTransportPrivate::Failure PhoenixLongPollTransportPrivate::withLostFrames(Failure failure,
                                                                                         int inFlight) const
{
    const int lost = inFlight + int(outgoing.size());
    if (lost > 0) {
        failure.message += u' ' + PhoenixLongPollTransport::tr(
                                      "%n message(s) sent to the server may not have arrived; they are "
                                      "not sent again (pushes among them end with their timeout).",
                                      nullptr, lost);
    }
    return failure;
}

// ---- answers and failures --------------------------------------------------------------------------

bool PhoenixLongPollTransportPrivate::readAnswer(QNetworkReply *reply, const QByteArray &body,
                                                 QJsonObject *answer, Failure *failure) const
{
    using E = PhoenixTransport::Error;
    const QVariant httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    const bool opened = hasSession;
    if (reply->error() != QNetworkReply::NoError && (!httpStatus.isValid() || httpStatus.toInt() == 200)) {
        failure->code = ServerErrorClose;
        failure->reason = u"internal server error"_s;
        if (opened && reply->error() != QNetworkReply::SslHandshakeFailedError) {
            // The session was open: whatever happened (the server went away, the network), it is lost.
            failure->error = E::ConnectionLostError;
            failure->message = PhoenixLongPollTransport::tr("The connection to %1 was lost: %2")
                                   .arg(printableUrl, detail(reply));
            return false;
        }
        switch (reply->error()) {
        case QNetworkReply::ConnectionRefusedError:
            failure->error = E::ConnectionRefusedError;
            failure->message = PhoenixLongPollTransport::tr("The server at %1 refused the connection: %2")
                                   .arg(printableUrl, detail(reply));
            break;
        case QNetworkReply::HostNotFoundError:
            failure->error = E::HostNotFoundError;
            failure->message =
                PhoenixLongPollTransport::tr("The host of %1 was not found.").arg(printableUrl);
            break;
        case QNetworkReply::SslHandshakeFailedError:
        case QNetworkReply::InsecureRedirectError:
            failure->error = E::SslError;
            failure->message = PhoenixLongPollTransport::tr("TLS error while connecting to %1: %2")
                                   .arg(printableUrl, detail(reply));
            break;
        default:
            failure->error = E::UnknownError;
            failure->message =
                PhoenixLongPollTransport::tr("Network error on %1: %2").arg(printableUrl, detail(reply));
            break;
        }
        return false;
    }
    const int status = httpStatus.toInt();
    if (status != 200) {
        // Phoenix answers every LongPoll request with HTTP 200; anything else comes from elsewhere
        // (no LongPoll at this path, a proxy, a crash).
        failure->code = ServerErrorClose;
        failure->reason = u"internal server error"_s;
        if (!opened) {
            failure->error = E::ConnectionRefusedError;
            failure->message =
                PhoenixLongPollTransport::tr("The server at %1 refused the connection (HTTP %2).")
                    .arg(printableUrl)
                    .arg(status);
        } else {
            failure->error = E::UnknownError;
            failure->message = PhoenixLongPollTransport::tr("The server at %1 answered HTTP %2.")
                                   .arg(printableUrl)
                                   .arg(status);
        }
        return false;
    }
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject() ||
        !document.object().value(u"status"_s).isDouble()) {
        failure->error = E::ProtocolError;
        failure->message =
            PhoenixLongPollTransport::tr("The server at %1 sent an answer that is not LongPoll "
                                         "JSON.")
                .arg(printableUrl);
        failure->code = ServerErrorClose;
        failure->reason = u"internal server error"_s;
        return false;
    }
    *answer = document.object();
    return true;
}

PhoenixLongPollTransportPrivate::Failure PhoenixLongPollTransportPrivate::statusFailure(int status) const
{
    using E = PhoenixTransport::Error;
    switch (status) {
    case 403:
        return {E::ConnectionRefusedError,
                PhoenixLongPollTransport::tr("The server at %1 refused the connection (LongPoll status 403).")
                    .arg(printableUrl),
                ForbiddenClose, u"forbidden"_s};
    case 410:
        return {E::ConnectionLostError,
                PhoenixLongPollTransport::tr("The LongPoll session at %1 is gone: the server restarted or "
                                             "ended it.")
                    .arg(printableUrl),
                SessionGoneClose, u"session_gone"_s};
    default:
        return {E::UnknownError,
                PhoenixLongPollTransport::tr("The server at %1 answered with LongPoll status %2.")
                    .arg(printableUrl)
                    .arg(status),
                ServerErrorClose, u"internal server error"_s};
    }
}

PhoenixLongPollTransportPrivate::Failure PhoenixLongPollTransportPrivate::tooLarge() const
{
    return {PhoenixTransport::Error::MessageTooLargeError,
            PhoenixLongPollTransport::tr("A LongPoll answer larger than %n byte(s) arrived; the connection "
                                         "was closed.",
                                         nullptr, int(std::min<qint64>(options.maxMessageSize, INT_MAX))),
            TooBigClose, u"message too big"_s};
}

PhoenixLongPollTransportPrivate::Failure PhoenixLongPollTransportPrivate::timedOut() const
{
    return {PhoenixTransport::Error::TimeoutError,
            PhoenixLongPollTransport::tr("A LongPoll request to %1 got no answer within %2 ms.")
                .arg(printableUrl)
                .arg(options.requestTimeout),
            NoStatusClose, u"timeout"_s};
}

void PhoenixLongPollTransportPrivate::end(const Failure &failure)
{
    if (ended || q->state() == PhoenixTransport::State::Closed)
        return;
    if (closeRequested) {
        finishClose(false); // failures while we close on purpose are noise
        return;
    }
    ended = true;
    const int lost = postCount + int(outgoing.size());
    stopRequests();
    outgoing.clear();
    if (lost > 0)
        qCDebug(lcPhoenixSocket) << "longpoll transport drops" << lost << "unsent message(s)";
    // What arrived before the end reaches the socket first, as on a WebSocket. A slot may close or
    // delete this transport meanwhile.
    const QPointer<PhoenixLongPollTransport> self(q);
    while (!incoming.empty() && q->state() == PhoenixTransport::State::Open) {
        const QByteArray message = std::move(incoming.front());
        incoming.pop_front();
        q->reportFrame(message, PhoenixTransport::FrameType::Text);
        if (!self)
            return;
    }
    incoming.clear();
    if (q->state() == PhoenixTransport::State::Closed)
        return;
    qCDebug(lcPhoenixSocket).noquote() << "longpoll transport error:" << failure.message;
    q->reportError(failure.error, failure.message);
    if (!self)
        return;
    q->reportClosed(failure.code, failure.reason, false);
}

void PhoenixLongPollTransportPrivate::finishClose(bool clean)
{
    stopRequests();
    incoming.clear();
    outgoing.clear();
    if (closeTimer)
        closeTimer->stop();
    ended = true;
    q->reportClosed(closeCode, closeReason, clean);
}

// ---- PhoenixLongPollTransport ----------------------------------------------------------------------

PhoenixLongPollTransport::PhoenixLongPollTransport(QObject *parent)
    : PhoenixTransport(parent)
    , d(std::make_unique<PhoenixLongPollTransportPrivate>(this))
{
}

PhoenixLongPollTransport::~PhoenixLongPollTransport()
{
    d->stopRequests();
    if (QNetworkAccessManager *network = std::exchange(d->network, nullptr)) {
        // Deleting the manager deletes its replies: not while one of them is emitting a signal.
        if (d->callbackDepth > 0) {
            network->setParent(nullptr);
            network->deleteLater();
        } else {
            delete network;
        }
    }
}

QString PhoenixLongPollTransport::name() const
{
    return u"longpoll"_s;
}

bool PhoenixLongPollTransport::needsHeartbeat() const
{
    return false;
}

QUrl PhoenixLongPollTransport::longPollUrl(const QUrl &endpoint)
{
    QUrl url = endpoint;
    if (url.scheme() == u"ws"_s)
        url.setScheme(u"http"_s);
    else if (url.scheme() == u"wss"_s)
        url.setScheme(u"https"_s);
    const QString path = url.path();
    static const QString webSocket = u"/websocket"_s;
    if (path.endsWith(webSocket))
        url.setPath(path.left(path.size() - webSocket.size()) + u"/longpoll"_s);
    return url;
}

void PhoenixLongPollTransport::open(const PhoenixTransportOptions &options)
{
    if (state() != State::Idle)
        return;
    reportOpening();
    d->endpoint = longPollUrl(options.url);
    d->requestUrl = d->endpoint;
    d->printableUrl = redactedUrl(d->endpoint);
    d->options = options;
    d->authToken = options.authToken.toUtf8();

    // Failures found before anything is sent are reported from the event loop (never from open()).
    const auto failLater = [this](Error error, const QString &message) {
        d->ended = true;
        QMetaObject::invokeMethod(
            this,
            [this, error, message] {
                qCDebug(lcPhoenixSocket).noquote() << "longpoll transport error:" << message;
                reportError(error, message);
                reportClosed(AbnormalClose, QString(), false);
            },
            Qt::QueuedConnection);
    };
    if (!d->endpoint.isValid() || (d->endpoint.scheme() != u"http"_s && d->endpoint.scheme() != u"https"_s) ||
        d->endpoint.host().isEmpty()) {
        failLater(Error::InvalidUrlError,
                  tr("The URL \"%1\" cannot be used for LongPoll: it needs an http(s):// or ws(s):// URL "
                     "with a host.")
                      .arg(d->printableUrl));
        return;
    }
    if (!isHttpHeaderSafe(d->authToken)) {
        failLater(Error::InvalidAuthTokenError,
                  tr("The auth token cannot be sent to %1: it contains a line break or a NUL character, "
                     "which an HTTP header cannot carry. Nothing was sent.")
                      .arg(d->printableUrl));
        return;
    }
    d->network = PhoenixLongPollNetwork::create(this); // deleted by the destructor
    d->pollTimer = new QTimer(this);
    d->postTimer = new QTimer(this);
    d->closeTimer = new QTimer(this);
    for (QTimer *timer : {d->pollTimer, d->postTimer, d->closeTimer})
        timer->setSingleShot(true);
    connect(d->pollTimer, &QTimer::timeout, this, [this] { d->onTimeout(true); });
    connect(d->postTimer, &QTimer::timeout, this, [this] { d->onTimeout(false); });
    connect(d->closeTimer, &QTimer::timeout, this, [this] {
        if (state() == State::Closing)
            d->finishClose(false);
    });
    qCDebug(lcPhoenixSocket).noquote() << "longpoll transport opening" << d->printableUrl;
    d->startPoll();
}

void PhoenixLongPollTransport::send(const QByteArray &frame, FrameType type)
{
    if (state() != State::Open || d->ended || d->closeRequested)
        return;
    PhoenixLongPollTransportPrivate::Outgoing outgoing;
    if (type == FrameType::Binary) {
        outgoing.data = frame.toBase64(); // Phoenix decodes lines that do not start with "[" as base64
    } else {
        outgoing.data = frame;
        outgoing.alone = !frame.startsWith('[') || frame.contains('\n') || frame.contains('\r');
    }
    d->outgoing.push_back(std::move(outgoing));
    d->scheduleFlush();
}

void PhoenixLongPollTransport::close(int code, const QString &reason)
{
    if (state() == State::Closed || state() == State::Closing)
        return;
    if (state() != State::Open || d->ended) {
        abort();
        return;
    }
    d->closeRequested = true;
    d->closeCode = code;
    d->closeReason = reason;
    reportClosing();
    // LongPoll has no close message: stop polling, let what was sent go out, then it is over.
    d->release(&d->poll);
    d->pollTimer->stop();
    d->incoming.clear();
    if (!d->post && d->outgoing.empty()) {
        d->finishClose(true);
        return;
    }
    d->startPost();
    d->closeTimer->start(CloseGraceMs);
}

void PhoenixLongPollTransport::abort()
{
    if (state() == State::Closed)
        return;
    d->ended = true;
    d->stopRequests();
    d->incoming.clear();
    d->outgoing.clear();
    if (d->closeTimer)
        d->closeTimer->stop();
    reportClosed(AbnormalClose, QString(), false);
}
