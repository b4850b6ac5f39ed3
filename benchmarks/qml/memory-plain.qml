// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// The reference for the memory scenario: --channels plain QtObject items with the same bindings
// (socket, topic) made by the same Instantiator, so that what the Instantiator and the QML
// engine cost per item can be told from what a PhoenixChannel item costs. Nothing joins: the
// host prints the memory line once the items exist (--scenario memory-plain).
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
            channels.model = BenchHost.channels
            BenchHost.itemsMade(BenchHost.channels)
        }
        onErrorOccurred: (error, message) => BenchHost.fail("socket: " + message)
    }

    property Instantiator channels: Instantiator {
        model: 0
        delegate: QtObject {
            required property int index
            property PhoenixSocket socket: root.socket
            property string topic: "bench:" + index
        }
    }
}
