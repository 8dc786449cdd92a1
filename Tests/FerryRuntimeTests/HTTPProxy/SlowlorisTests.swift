import NIOPosix
import Testing

@testable import FerryRuntime

@Suite("Slow clients and stuck servers in mode http", .serialized, .timeLimit(.minutes(2)))
struct SlowlorisTests {
    let group = MultiThreadedEventLoopGroup.singleton

    @Test func aThousandTricklingClientsGet408AndDoNotStopOthers() async throws {
        let backend = try await TestHTTPBackend.start(name: "a", group: group)
        let proxy = try await ProxyHarness(config: httpConfig(
            servers: ["    server a 127.0.0.1:\(backend.port)"], frontend: "    timeout http-request 1s"
        ))
        let port = proxy.port(of: "web")
        var slow: [TestSocket] = []
        for index in 0..<1_000 {
            let client = try TestSocket(port: port)
            try client.send("GET /slow/\(index) HTTP/1.1\r\nHost: x\r\nX-Trickle: ")
            slow.append(client)
        }
        // Normal clients are served while the thousand hold their half-sent heads.
        for index in 0..<20 {
            let normal = try TestSocket(port: port)
            try normal.send("GET /normal/\(index) HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try normal.readResponse().body == "a GET /normal/\(index) 0\n")
        }
        // Then every slow client gets its 408 once `timeout http-request` is over.
        var statuses: [Int: Int] = [:]
        for client in slow {
            let status = (try? client.readResponse(within: 10).status) ?? -1
            statuses[status, default: 0] += 1
        }
        #expect(statuses == [408: 1_000], "\(statuses)")
        #expect(!backend.requests.contains { $0.target.hasPrefix("/slow/") })
        await proxy.stop()
        await backend.stop()
    }

    @Test func aStuckServerWithAFullQueueGives503AfterTheQueueTimeout() async throws {
        let backend = try await TestHTTPBackend.start(name: "a", group: group)
        let proxy = try await ProxyHarness(config: httpConfig(
            servers: ["    server a 127.0.0.1:\(backend.port) maxconn 1"], backend: "    timeout queue 200ms"
        ))
        let stuck = try TestSocket(port: proxy.port(of: "web"))
        try stuck.send("GET /hang HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(await eventually { backend.requests.count == 1 })
        let waiting = try TestSocket(port: proxy.port(of: "web"))
        try waiting.send("GET /queued HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try waiting.readResponse().status == 503)
        #expect(await proxy.waitForLog(containing: "\"GET /queued HTTP/1.1\"")?.contains(" 503 ") == true)
        stuck.hangUp()
        await proxy.stop()
        await backend.stop()
    }

    @Test func aServerClosingMidResponseClosesTheClientAndIsLogged() async throws {
        // A raw server that promises 100 bytes, sends 5, and closes.
        let liar = try await TestBackend.start(.bannerThenHalfClose("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nhello"), group: group)
        let proxy = try await ProxyHarness(config: httpConfig(servers: ["    server liar 127.0.0.1:\(liar.port)"]))
        let client = try TestSocket(port: proxy.port(of: "web"))
        try client.send("GET /short HTTP/1.1\r\nHost: x\r\n\r\n")
        let received = String(bytes: try client.readToEnd())
        #expect(received.hasPrefix("HTTP/1.1 200 OK"))
        #expect(received.hasSuffix("hello"))
        let line = await proxy.waitForLog(containing: "\"GET /short HTTP/1.1\"")
        #expect(line?.contains(" SD") == true, "log: \(line ?? "none")")
        await proxy.stop()
        await liar.stop()
    }
}
