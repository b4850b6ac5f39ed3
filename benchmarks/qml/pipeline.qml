// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// The pipeline scenario in QML: one PhoenixChannel item keeps --window echo pushes in flight.
import QtQml
import Phoenix
import BenchHost
import "pipeline.js" as Pipeline

QtObject {
    id: root

    property PhoenixSocket socket: PhoenixSocket {
        url: BenchHost.url
        timeout: 60000
        active: true
        onConnected: BenchHost.markConnected()
        onErrorOccurred: (error, message) => BenchHost.fail("socket: " + message)
    }

    property PhoenixChannel channel: PhoenixChannel {
        socket: root.socket
        topic: "bench:0"
        onJoined: Pipeline.start(BenchHost, root.channel)
    }
}
