// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

#include "phoenixtransport.h"

class PhoenixLongPollTransportPrivate;

/*!
 * \brief Phoenix's LongPoll transport over HTTP(S) (QNetworkAccessManager), for networks that
 * break WebSockets.
 *
 * PhoenixSocket uses it when its \c transport is PhoenixSocket::Transport::LongPoll (set by the
 * application or by the \c longPollFallback). It speaks what Phoenix 1.8's
 * \c Phoenix.Transports.LongPoll serves and phoenix.js 1.8's \c LongPoll sends:
 *
 * - \b Address: the socket's endpoint with ws(s):// mapped to http(s):// and a path ending in
 *   \c /websocket changed to \c /longpoll (longPollUrl()); the connect params and \c vsn travel in
 *   the query of every request.
 * - \b Session: the first GET is answered with status 410 and a session token: the connection is
 *   open. Then exactly one GET poll is outstanding at a time, carrying the token as the \c token
 *   query parameter (as phoenix.js 1.8 does). Status 200 brings messages, 204 means the server's
 *   window passed without any (poll again).
 * - \b Incoming: the messages of a poll answer are delivered one by one, in order, each with its
 *   own frameReceived() from the event loop (never from within a network signal), as QWebSocket
 *   delivers frames that arrived together. A slot may delete a channel, push, disconnect or delete
 *   the socket at any point: the rest is delivered later, or dropped if the connection was closed
 *   meanwhile. After 64 messages (or 5 ms) the event loop runs before the next ones, so a large
 *   answer never blocks it. The next poll is already under way meanwhile.
 * - \b Outgoing: frames sent in one turn of the event loop go out together in one POST
 *   (\c application/x-ndjson, one message per line, at most 100 per POST); frames sent while a
 *   POST is in flight wait for it to be acknowledged and go in the next POSTs, in order. Binary
 *   frames travel as base64 lines. A text frame that cannot be an ndjson line (it contains a line
 *   break or does not start with "[", e.g. a V1 frame) is sent alone as the whole body of a
 *   POST, which Phoenix reads as one text message.
 * - \b Auth: PhoenixTransportOptions::authToken travels in the \c X-Phoenix-AuthToken header of
 *   every poll, never in the URL. PhoenixTransportOptions::headers go with every request;
 *   PhoenixTransportOptions::sslConfiguration applies to https://.
 * - \b Limits: PhoenixTransportOptions::maxMessageSize limits the body of one poll answer (which
 *   may carry several messages); a larger one is a MessageTooLargeError. No request may take
 *   longer than PhoenixTransportOptions::requestTimeout (keep it above the server's window, 10 s in
 *   Phoenix): a request over it means a dead connection (TimeoutError).
 * - needsHeartbeat() is false: the polls prove the connection alive (phoenix.js skips heartbeats
 *   too). PhoenixSocket::ping() still works through a round trip.
 *
 * \section ends How a connection ends
 * Every end is reported with reportError() (a translated message) and then reportClosed(), with
 * the close codes phoenix.js uses: status 403 refuses the connection (ConnectionRefusedError,
 * 1008); a 410 for an existing session means the session is gone, because the server restarted or
 * ended it (ConnectionLostError, 3410); status 500, any other HTTP status, a network error or an
 * answer that is not LongPoll JSON ends it with 1011; a request over the timeout with 1005
 * (TimeoutError). PhoenixSocket then reconnects on its normal schedule and its channels rejoin.
 * Messages already received are delivered before the end is reported.
 *
 * \section posts When a POST fails
 * A POST whose answer is anything but status 200 (an error status, a network error, a timeout)
 * has an unknown outcome: the server may have handled some of its lines. Sending them again could
 * deliver a push twice, so the transport never replays a POST: it ends the connection (as
 * phoenix.js does), with an error message that says how many messages were affected. Those
 * messages, and the ones waiting behind them, are not sent again by the transport: each push among
 * them ends with its reply if the server handled it, else with its timeout (PhoenixPush::timedOut()),
 * never silently. Channels rejoin on the next connection. Nothing is reordered.
 * Qt Network itself, like browsers, resends a request once when a reused keep-alive connection
 * closes before any byte of the answer arrived: a GET poll may go out twice that way (harmless),
 * a POST never does (its body cannot be read twice, so Qt reports ContentReSendError and the POST
 * fails as above).
 *
 * \section closing Closing
 * Phoenix's LongPoll has no message that ends a session: close() stops polling, lets a POST in
 * flight and the frames queued behind it go out (for at most 2 s), then reports the close as
 * clean. The server ends the session after its window passed without a poll. abort() stops every
 * request at once.
 *
 * Lives in its socket's thread; owned by the socket that created it. Never logs the query (params,
 * session token) or the auth token.
 */
class PHOENIXQT_EXPORT PhoenixLongPollTransport : public PhoenixTransport
{
    Q_OBJECT

public:
    //! Creates an idle transport owned by \a parent.
    explicit PhoenixLongPollTransport(QObject *parent = nullptr);
    //! Aborts every request (without emitting further signals).
    ~PhoenixLongPollTransport() override;

    void open(const PhoenixTransportOptions &options) override;
    void send(const QByteArray &frame, PhoenixTransport::FrameType type) override;
    void close(int code = 1000, const QString &reason = QString()) override;
    void abort() override;
    //! Returns false: LongPoll needs no Phoenix heartbeats.
    bool needsHeartbeat() const override;
    //! Returns "longpoll".
    QString name() const override;

    /*!
     * The LongPoll address of \a endpoint, as phoenix.js derives it: ws:// becomes http://, wss://
     * becomes https://, and a path ending in \c /websocket ends in \c /longpoll instead. The query
     * is kept; http(s):// endpoints and other paths are used as given.
     */
    static QUrl longPollUrl(const QUrl &endpoint);
    //! Most messages in one POST (phoenix.js MAX_LONGPOLL_BATCH_SIZE; Phoenix ignores the rest).
    static constexpr int MaxBatchSize = 100;

private:
    Q_DISABLE_COPY_MOVE(PhoenixLongPollTransport)
    friend class PhoenixLongPollTransportPrivate; // its own pimpl reports through the protected API
    std::unique_ptr<PhoenixLongPollTransportPrivate> d;
};
