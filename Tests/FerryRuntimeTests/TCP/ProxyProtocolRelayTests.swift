import NIOCore
import NIOPosix
import Testing

@testable import FerryRuntime

@Suite("PROXY protocol in and out", .serialized, .timeLimit(.minutes(1)))
struct ProxyProtocolRelayTests {
    let group = MultiThreadedEventLoopGroup.singleton

    private func config(backend: Int, bindOptions: String = "", serverOptions: String = "") -> String {
        """
        defaults
            mode tcp
            timeout connect 2s
            timeout client 1m
            timeout server 1m
        listen relay
            bind 127.0.0.1:0 \(bindOptions)
            option tcplog
            server s1 127.0.0.1:\(backend) \(serverOptions)
        """
    }

    @Test func acceptProxyV1ReadsTheHeaderAndRelaysTheRest() async throws {
        let backend = try await TestBackend.start(.echo, group: group)
        let proxy = try await ProxyHarness(config: config(backend: backend.port, bindOptions: "accept-proxy"))
        let client = try TestSocket(port: proxy.port(of: "relay"))
        try client.send("PROXY TCP4 192.0.2.1 198.51.100.2 4321 80\r\nhello")
        #expect(String(bytes: try client.read(exactly: 5)) == "hello")
        client.shutdownWrite()
        _ = try client.readToEnd()
        #expect(String(bytes: backend.connections.first?.received ?? []) == "hello")
        #expect(await proxy.waitForLog(containing: "192.0.2.1:4321 [") != nil, "log: \(proxy.logLines)")
        await proxy.stop()
        await backend.stop()
    }

    @Test func acceptProxyV2InPieces() async throws {
        let backend = try await TestBackend.start(.echo, group: group)
        let proxy = try await ProxyHarness(config: config(backend: backend.port, bindOptions: "accept-proxy"))
        var header = ByteBuffer()
        ProxyHeader(version: 2, addresses: .inet(
            source: try SocketAddress(ipAddress: "2001:db8::7", port: 5555),
            destination: try SocketAddress(ipAddress: "2001:db8::1", port: 443)
        )).writeV2(into: &header)
        let bytes = Array(header.readableBytesView)
        let client = try TestSocket(port: proxy.port(of: "relay"))
        try client.send(Array(bytes[..<10]))
        try client.send(Array(bytes[10...]) + Array("v2 data".utf8))
        #expect(String(bytes: try client.read(exactly: 7)) == "v2 data")
        client.shutdownWrite()
        _ = try client.readToEnd()
        #expect(await proxy.waitForLog(containing: "2001:db8::7:5555 [") != nil, "log: \(proxy.logLines)")
        await proxy.stop()
        await backend.stop()
    }

    @Test func aBadHeaderClosesTheConnectionWithoutTouchingAServer() async throws {
        let backend = try await TestBackend.start(.echo, group: group)
        let proxy = try await ProxyHarness(config: config(backend: backend.port, bindOptions: "accept-proxy"))
        let client = try TestSocket(port: proxy.port(of: "relay"))
        try client.send("GET / HTTP/1.1\r\n\r\n")
        #expect(client.waitForClose(within: 5) != nil)
        #expect(await proxy.waitForLog(containing: "bad PROXY protocol header") != nil)
        #expect(backend.connectionCount == 0)
        await proxy.stop()
        await backend.stop()
    }

    @Test func sendProxyAnnouncesTheClientToTheServer() async throws {
        let backend = try await TestBackend.start(.replyOnEnd("ok"), group: group)
        let proxy = try await ProxyHarness(config: config(backend: backend.port, serverOptions: "send-proxy"))
        let port = proxy.port(of: "relay")
        let client = try TestSocket(port: port)
        try client.send("data")
        client.shutdownWrite()
        #expect(String(bytes: try client.readToEnd()) == "ok")
        let received = String(bytes: backend.connections.first?.received ?? [])
        #expect(received == "PROXY TCP4 127.0.0.1 127.0.0.1 \(client.localPort) \(port)\r\ndata")
        await proxy.stop()
        await backend.stop()
    }

    @Test func acceptProxyAndSendProxyPassTheOriginalClientOn() async throws {
        let backend = try await TestBackend.start(.replyOnEnd("ok"), group: group)
        let proxy = try await ProxyHarness(
            config: config(backend: backend.port, bindOptions: "accept-proxy", serverOptions: "send-proxy")
        )
        let client = try TestSocket(port: proxy.port(of: "relay"))
        try client.send("PROXY TCP6 2001:db8::7 2001:db8::1 5555 443\r\ndata")
        client.shutdownWrite()
        #expect(String(bytes: try client.readToEnd()) == "ok")
        let received = String(bytes: backend.connections.first?.received ?? [])
        #expect(received == "PROXY TCP6 2001:db8::7 2001:db8::1 5555 443\r\ndata")
        await proxy.stop()
        await backend.stop()
    }
}
