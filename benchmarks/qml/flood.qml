// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// The flood scenario in QML: one PhoenixSocket item, --channels PhoenixChannel items made by an
// Instantiator once the socket is connected; each handler reads one field of the payload.
import QtQml
import QtQml.Models
import Phoenix
import BenchHost
import "flood.js" as Flood

QtObject {
    id: root

    property PhoenixSocket socket: PhoenixSocket {
        url: BenchHost.url
        timeout: 60000
        active: true
        onConnected: {
            if (channels.model > 0)
                return // a reconnect: the items rejoin by themselves
            BenchHost.markConnected()
            Flood.init(BenchHost)
            channels.model = BenchHost.channels
        }
        onErrorOccurred: (error, message) => BenchHost.fail("socket: " + message)
    }

    property Instantiator channels: Instantiator {
        model: 0
        delegate: PhoenixChannel {
            id: item
            required property int index
            socket: root.socket
            topic: "bench:" + index
            onJoined: Flood.joined(item)
            onMessageReceived: (event, payload) => Flood.message(event, payload)
        }
    }
}
