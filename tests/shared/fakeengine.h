// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// A socket on a FakeServer with the fast test schedules: the engine without sockets, in one line.
#pragma once

#include "faketransport.h"
#include "testbed.h"

#include <PhoenixQt/PhoenixChannel>
#include <PhoenixQt/PhoenixSocket>

namespace PhoenixTest {

//! A socket on a FakeServer with fast schedules (configureFast()); nothing connected yet.
struct FakeEngine
{
    FakeEngine() { configureFast(socket); }

    [[nodiscard]] bool connect() { return connectSocket(socket); }
    //! A new channel on \a topic, joined (the server answers ok), or nullptr.
    PhoenixChannel *joined(const QString &topic)
    {
        PhoenixChannel *channel = socket.channel(topic);
        return joinChannel(channel) ? channel : nullptr;
    }

    PhoenixSocket socket{QUrl(QStringLiteral("ws://phoenix.test/socket/websocket"))};
    FakeServer server{&socket};
};

} // namespace PhoenixTest
