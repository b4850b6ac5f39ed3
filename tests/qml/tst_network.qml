// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// The QML socket's proxy string and its tls group: what reaches the C++ socket, and TLS connections
// to dev servers serving the test certificates (pins, a private CA, client certificates from files,
// verification switched off).
import QtQuick
import QtTest
import Phoenix

TestCase {
    id: testCase
    name: "PhoenixSocketNetwork"

    Component {
        id: socketComponent
        PhoenixSocket {
            url: devServer.url
            reconnectAfter: () => 50
        }
    }
    Component {
        id: spyComponent
        SignalSpy {}
    }

    function init() {
        failOnWarning(/^(file|qrc):/)
    }

    function makeSocket(properties) {
        const socket = createTemporaryObject(socketComponent, testCase, properties || {})
        verify(socket)
        return socket
    }

    function spy(target, signalName) {
        return createTemporaryObject(spyComponent, testCase, { target: target, signalName: signalName })
    }

    function test_proxyStringsReachTheSocket() {
        const socket = makeSocket()
        const changed = spy(socket, "proxyChanged")
        compare(socket.proxy, "")
        compare(devServer.socketProxy(socket).type, devServer.proxyType("DefaultProxy"))

        socket.proxy = "http://ada:s%40cret@127.0.0.1:3128"
        let proxy = devServer.socketProxy(socket)
        compare(proxy.type, devServer.proxyType("HttpProxy"))
        compare(proxy.host, "127.0.0.1")
        compare(proxy.port, 3128)
        compare(proxy.user, "ada")
        compare(proxy.password, "s@cret")
        compare(socket.proxy, "http://ada:s%40cret@127.0.0.1:3128")
        compare(changed.count, 1)

        socket.proxy = "socks5://127.0.0.1:1080"
        proxy = devServer.socketProxy(socket)
        compare(proxy.type, devServer.proxyType("Socks5Proxy"))
        compare(proxy.port, 1080)
        compare(proxy.user, "")
        compare(socket.proxy, "socks5://127.0.0.1:1080")

        socket.proxy = "none"
        compare(devServer.socketProxy(socket).type, devServer.proxyType("NoProxy"))
        compare(socket.proxy, "none")
        socket.proxy = ""
        compare(devServer.socketProxy(socket).type, devServer.proxyType("DefaultProxy"))
        compare(changed.count, 4)
    }

    function test_aProxyStringThatIsNoProxyIsReportedWithoutItsPassword() {
        const socket = makeSocket({ proxy: "none" })
        const errors = spy(socket, "errorOccurred")
        ignoreWarning(/PhoenixSocket.proxy: not a proxy/)
        socket.proxy = "https://ada:t0p-s3cret@proxy.example:3128"
        compare(errors.count, 1)
        compare(errors.signalArguments[0][0], PhoenixSocket.ProxyError)
        verify(errors.signalArguments[0][1].indexOf("proxy.example") >= 0)
        verify(errors.signalArguments[0][1].indexOf("t0p-s3cret") < 0)
        compare(devServer.socketProxy(socket).type, devServer.proxyType("DefaultProxy"))
    }

    function test_pinsAndAPrivateCaConnect() {
        const socket = makeSocket({
            url: devServer.tlsUrl("server", false),
            "tls.caCertificates": ["file://" + devServer.certsDir() + "/ca.pem"],
            "tls.publicKeyPins": [devServer.pin("ca")],
            active: true
        })
        tryCompare(socket, "connected", true)
        compare(socket.tls.publicKeyPins, [devServer.pin("ca")])
        compare(devServer.socketProperty(socket, "publicKeyPins"), [devServer.pin("ca")])
        compare(devServer.socketTls(socket).caCertificates > 0, true)
    }

    function test_aPinMismatchIsReported() {
        const socket = makeSocket({
            url: devServer.tlsUrl("server", false),
            "tls.caCertificates": [devServer.certsDir() + "/ca.pem"],
            "tls.publicKeyPins": [devServer.pin("selfsigned")],
            autoReconnect: false
        })
        const errors = spy(socket, "errorOccurred")
        socket.active = true
        errors.wait()
        compare(errors.signalArguments[0][0], PhoenixSocket.PublicKeyPinMismatchError)
        compare(socket.error, PhoenixSocket.PublicKeyPinMismatchError)
        compare(socket.connected, false)
    }

    function test_clientCertificateFromFiles() {
        const socket = makeSocket({
            url: devServer.tlsUrl("server", true),
            "tls.caCertificates": [devServer.certsDir() + "/ca.pem"],
            "tls.clientCertificate": devServer.certsDir() + "/client.pem",
            "tls.clientKey": "file://" + devServer.certsDir() + "/client.key",
            active: true
        })
        tryCompare(socket, "connected", true)
        compare(devServer.socketTls(socket).clientCertificate, "PhoenixQt test client")
    }

    function test_anUnusableClientCertificateIsReported() {
        const socket = makeSocket()
        const errors = spy(socket, "errorOccurred")
        ignoreWarning(/missing\.pem/)
        // One after the other: applied together, so no complaint about a key without certificate.
        socket.tls.clientKey = devServer.certsDir() + "/client.key"
        socket.tls.clientCertificate = devServer.certsDir() + "/missing.pem"
        errors.wait()
        compare(errors.count, 1)
        compare(errors.signalArguments[0][0], PhoenixSocket.ClientCertificateError)
        verify(errors.signalArguments[0][1].indexOf("missing.pem") >= 0)
    }

    function test_ignoreSslErrorsIsExplicit() {
        const socket = makeSocket({ url: devServer.tlsUrl("selfsigned", false) })
        compare(devServer.socketTls(socket).verifyNone, false)
        socket.tls.ignoreSslErrors = true
        tryVerify(() => devServer.socketTls(socket).verifyNone)
        socket.active = true
        tryCompare(socket, "connected", true)
    }
}
