import Dispatch
import NIOPosix
import Testing

/// `Upgrade: websocket` through the proxy: after the server's `101` the connection is a tunnel of opaque bytes.
@Suite("HTTPE2E: WebSocket upgrade", .serialized, .timeLimit(.minutes(2)))
struct HTTPE2EUpgradeTests {
    let group = MultiThreadedEventLoopGroup.singleton

    static let switching = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n"
    static let upgradeRequest = rawRequest(
        "GET /chat HTTP/1.1", "Host: e2e.test", "Upgrade: websocket", "Connection: Upgrade",
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13")

    private func echoServer() async throws -> ScriptedBackend {
        try await ScriptedBackend.start([.send(Self.switching), .echo], group: group)
    }

    /// Runs a proxy in front of `server` (with `timeout tunnel`), sends the upgrade request and then `early` from a new
    /// client, and runs `body` with the proxy, the client and the response it read; stops the proxy and `server` after.
    private func upgrade(
        through server: some TestServer, timeoutTunnel: String = "1m", then early: [UInt8] = [],
        _ body: (ProxyHarness, TestSocket, TestHTTPResponse) async throws -> Void
    ) async throws {
        let config = httpConfig(server: "ws", port: server.port, backend: "    timeout tunnel \(timeoutTunnel)")
        try await withProxy(config, stopping: [server]) { proxy in
            let client = try TestSocket(port: proxy.port(of: "web"))
            try client.send(Self.upgradeRequest + early)
            try await body(proxy, client, try client.readResponse(within: 10))
        }
    }

    @Test func theUpgradeIsForwardedAndBytesEchoBothWays() async throws {
        let server = try await echoServer()
        try await upgrade(through: server) { _, client, response in
            #expect(response.status == 101)
            #expect(response.header("upgrade")?.lowercased() == "websocket")
            #expect(response.header("connection")?.lowercased() == "upgrade")
            #expect(response.header("sec-websocket-accept") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
            let head = try #require(server.heads.first).lowercased()
            #expect(head.contains("\r\nupgrade: websocket\r\n"), "\(head)")
            #expect(head.contains("\r\nconnection: upgrade\r\n"), "\(head)")
            #expect(head.contains("sec-websocket-key: dghlihnhbxbszsbub25jzq=="), "\(head)")
            // A masked text frame, then bytes that look like HTTP: in a tunnel nothing is parsed.
            let messages: [[UInt8]] = [
                [0x81, 0x85, 0x37, 0xFA, 0x21, 0x3D, 0x7F, 0x9F, 0x4D, 0x51, 0x58],
                Array("GET /not-a-request HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n".utf8),
                [0x00, 0x0D, 0x0A, 0x0D, 0x0A, 0xFF],
            ]
            for message in messages {
                try client.send(message)
                #expect(try client.read(exactly: message.count, within: 10) == message)
            }
            #expect(server.heads.count == 1, "the proxy parsed tunnel bytes as a request: \(server.heads)")
        }
    }

    @Test func aMegabyteEchoesThroughTheTunnelWhileBothSidesSend() async throws {
        try await upgrade(through: echoServer()) { _, client, response in
            #expect(response.status == 101)
            let size = 1 << 20
            // Written from another thread: the echo comes back while the rest is still being sent.
            DispatchQueue.global().async {
                var sent = 0
                while sent < size {
                    let count = min(BytePattern.maxSlice, size - sent)
                    guard (try? client.send(Array(BytePattern.slice(at: sent, count: count)))) != nil else { return }
                    sent += count
                }
            }
            var check = PatternCheck()
            while check.count < size {
                guard case .bytes(let bytes) = client.read(within: 10, max: size - check.count) else { break }
                bytes.withUnsafeBytes { check.check($0) }
            }
            #expect(check.count == size && check.firstMismatch == nil, "\(check.summary)")
        }
    }

    @Test func bytesSentRightBehindTheUpgradeRequestReachTheServerAfterThe101() async throws {
        try await upgrade(through: echoServer(), then: Array("early-bytes".utf8)) { _, client, response throws in
            #expect(response.status == 101)
            #expect(String(bytes: try client.read(exactly: 11, within: 10)) == "early-bytes")
        }
    }

    @Test func closingTheTunnelOnOneSideClosesTheOther() async throws {
        let server = try await echoServer()
        try await upgrade(through: server) { proxy, client, response in
            #expect(response.status == 101)
            try client.send("ping")
            #expect(String(bytes: try client.read(exactly: 4, within: 10)) == "ping")
            client.hangUp()
            #expect(await eventually(within: 10) { server.openConnections == 0 }, "the server side of the tunnel stayed open")
            // The request is logged once its tunnel has ended, with its 101.
            let logged = await proxy.waitForLog(containing: "\"GET /chat HTTP/1.1\"", within: 10)
            #expect(logged?.contains(" 101 ") == true, "no log line for the upgraded request: \(proxy.logLines)")
        }
    }

    @Test func aServerClosingTheTunnelClosesTheClientConnection() async throws {
        let server = try await ScriptedBackend.start([.send(Self.switching), .waitForProceed, .close], group: group)
        try await upgrade(through: server) { _, client, response in
            #expect(response.status == 101)
            server.proceed()
            #expect(client.closes(within: 10), "the client was not told that the server closed the tunnel")
        }
    }

    @Test func anIdleTunnelEndsAfterTimeoutTunnel() async throws {
        let server = try await echoServer()
        try await upgrade(through: server, timeoutTunnel: "300ms") { _, client, response in
            #expect(response.status == 101)
            try client.send("ping")
            #expect(String(bytes: try client.read(exactly: 4, within: 10)) == "ping")
            // Then nothing either way: `timeout tunnel` (not `timeout client`/`server`, a minute here) ends it.
            #expect(client.waitForClose(within: 10) != nil, "the idle tunnel outlived timeout tunnel")
            #expect(await eventually(within: 10) { server.openConnections == 0 })
        }
    }

    @Test func aServerThatDeclinesTheUpgradeKeepsTheConnectionHTTP() async throws {
        try await upgrade(through: TestHTTPBackend.start(name: "a", group: group)) { _, client, declined throws in
            #expect(declined.status == 200 && declined.body == "a GET /chat 0\n")
            #expect(declined.header("x-echo-Upgrade") == "websocket")
            #expect(try client.get("/after").body == "a GET /after 0\n")
        }
    }
}
