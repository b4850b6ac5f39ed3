// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// The memory scenario in QML ("library only"): --channels PhoenixChannel items without any handler,
// made once the socket is connected; the host counts their join replies from the C++ socket (as
// bench-phoenixqt does) and prints the memory line once all are joined.
import QtQml
import QtQml.Models
import Phoenix
import BenchHost

QtObject {
    id: root

    property PhoenixSocket socket: PhoenixSocket {
        url: BenchHost.url
        timeout: 60000
        active: true
        onConnected: {
            if (channels.model > 0)
                return
            BenchHost.markConnected()
            BenchHost.countJoins(root.socket)
            channels.model = BenchHost.channels
        }
        onErrorOccurred: (error, message) => BenchHost.fail("socket: " + message)
    }

    property Instantiator channels: Instantiator {
        model: 0
        delegate: PhoenixChannel {
            required property int index
            socket: root.socket
            topic: "bench:" + index
        }
    }
}
