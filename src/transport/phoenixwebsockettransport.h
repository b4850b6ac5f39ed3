// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

#include "phoenixtransport.h"

class PhoenixWebSocketTransportPrivate;

/*!
 * \brief The default PhoenixTransport: Phoenix's WebSocket transport over QWebSocket.
 *
 * Opens `ws(s)://host/.../websocket?params&vsn=...` (an http(s):// endpoint is mapped to
 * ws(s)://), sends the extra headers with the upgrade request and the auth token as the
 * `Sec-WebSocket-Protocol` entry `base64url.bearer.phx.<token>` next to `phoenix`, exactly as
 * phoenix.js does.
 *
 * \section websocket_token The auth token rule
 * Phoenix (1.8) decodes the entry with `Base.decode64(padding: false)`: the token's UTF-8 bytes
 * in the standard base64 alphabet without `=`. A subprotocol entry may not contain `/`, so a
 * token whose base64 contains one (bytes 0x3F or 0xFF in certain positions, e.g. `"???"`) cannot
 * travel intact: open() then fails with InvalidAuthTokenError and sends nothing (browsers refuse
 * such a token the same way). Phoenix.Token tokens and JWTs never contain such bytes.
 *
 * A graceful close() that the peer does not answer within 2 s is turned into an abort(), so a
 * dead peer never keeps a close pending.
 *
 * Lives in its socket's thread; owned by the socket that created it.
 */
class PHOENIXQT_EXPORT PhoenixWebSocketTransport : public PhoenixTransport
{
    Q_OBJECT

public:
    //! Creates an idle transport owned by \a parent.
    explicit PhoenixWebSocketTransport(QObject *parent = nullptr);
    //! Aborts an open connection (without emitting further signals).
    ~PhoenixWebSocketTransport() override;

    void open(const PhoenixTransportOptions &options) override;
    void send(const QByteArray &frame, PhoenixTransport::FrameType type) override;
    void close(int code = 1000, const QString &reason = QString()) override;
    void abort() override;
    //! Returns "websocket".
    QString name() const override;

    /*!
     * The `Sec-WebSocket-Protocol` entry that carries \a token, or an empty string when the
     * token cannot be carried intact (see "The auth token rule").
     */
    static QString authTokenProtocol(const QString &token);
    //! \a endpoint with http(s):// mapped to ws(s)://; other URLs are returned unchanged.
    static QUrl webSocketUrl(const QUrl &endpoint);

private:
    Q_DISABLE_COPY_MOVE(PhoenixWebSocketTransport)
    friend class PhoenixWebSocketTransportPrivate; // its own pimpl reports through the protected API
    std::unique_ptr<PhoenixWebSocketTransportPrivate> d;
};
