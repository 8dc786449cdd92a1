import Foundation
import NIOConcurrencyHelpers
import NIOPosix
import Testing

@testable import FerryRuntime

/// A `listen` section in mode tcp in front of the given servers, with `extra` lines added to it.
func tcpConfig(_ servers: [String], extra: String = "", defaults: String = "") -> String {
    """
    global
        nbthread 2
    defaults
        mode tcp
        timeout connect 2s
        timeout client 1m
        timeout server 1m
    \(defaults)
    listen relay
        bind 127.0.0.1:0
        option tcplog
    \(extra)
    \(servers.joined(separator: "\n"))
    """
}

/// Deterministic pseudo-random bytes, so a bulk transfer can be checked without keeping a copy.
struct ByteStream {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next(_ count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        for index in 0..<count {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            bytes[index] = UInt8(truncatingIfNeeded: state >> 56)
        }
        return bytes
    }
}

@Suite("TCP relay over real sockets", .serialized, .timeLimit(.minutes(1)))
struct RelayTests {
    let group = MultiThreadedEventLoopGroup.singleton

    @Test func echoesThroughTheRelay() async throws {
        let backend = try await TestBackend.start(.echo, group: group)
        let proxy = try await ProxyHarness(config: tcpConfig(["    server s1 127.0.0.1:\(backend.port)"]))
        let client = try TestSocket(port: proxy.port(of: "relay"))
        try client.send("hello, ferry\n")
        #expect(String(bytes: try client.read(exactly: 13)) == "hello, ferry\n")
        client.shutdownWrite()
        #expect(try client.readToEnd().isEmpty)
        let line = await proxy.waitForLog(containing: "relay relay/s1")
        #expect(line?.contains(" 13 -- ") == true, "tcplog line: \(line ?? "none")")
        await proxy.stop()
        await backend.stop()
    }

    @Test func bulkTransferArrivesIntactBothWays() async throws {
        let backend = try await TestBackend.start(.echo, group: group)
        let proxy = try await ProxyHarness(config: tcpConfig(["    server s1 127.0.0.1:\(backend.port)"]))
        let client = try TestSocket(port: proxy.port(of: "relay"))
        let total = 64 * 1024 * 1024
        let chunk = 256 * 1024
        // The writer runs on a Dispatch thread, not on a task: this test blocks a cooperative thread while it
        // reads, and with the whole suite running no other cooperative thread may be free to run a writer task.
        let writerFailure = NIOLockedValueBox<String?>(nil)
        let writerDone = NIOLockedValueBox(false)
        DispatchQueue.global().async {
            var stream = ByteStream(seed: 42)
            do {
                for _ in 0..<(total / chunk) { try client.send(stream.next(chunk)) }
            } catch {
                writerFailure.withLockedValue { $0 = "\(error)" }
            }
            client.shutdownWrite()
            writerDone.withLockedValue { $0 = true }
        }
        var expected = ByteStream(seed: 42)
        var received = 0
        var mismatch: Int?
        while received < total {
            guard case .bytes(let bytes) = client.read(within: 10, max: chunk) else { break }
            if mismatch == nil, bytes != expected.next(bytes.count) { mismatch = received }
            received += bytes.count
        }
        #expect(await eventually { writerDone.withLockedValue { $0 } })
        #expect(writerFailure.withLockedValue { $0 } == nil)
        #expect(received == total, "log: \(proxy.logLines)")
        #expect(mismatch == nil, "first corrupted chunk at byte \(mismatch ?? -1)")
        #expect(client.waitForClose(within: 5) != nil)
        await proxy.stop()
        await backend.stop()
    }

    @Test func clientHalfCloseReachesTheServerAndTheAnswerComesBack() async throws {
        let backend = try await TestBackend.start(.replyOnEnd("answer after your FIN"), group: group)
        let proxy = try await ProxyHarness(config: tcpConfig(["    server s1 127.0.0.1:\(backend.port)"]))
        let client = try TestSocket(port: proxy.port(of: "relay"))
        try client.send("question")
        client.shutdownWrite()
        #expect(String(bytes: try client.readToEnd()) == "answer after your FIN")
        #expect(backend.connections.first?.sawEnd == true)
        #expect(String(bytes: backend.connections.first?.received ?? []) == "question")
        await proxy.stop()
        await backend.stop()
    }

    @Test func serverHalfCloseReachesTheClientWhichCanStillSend() async throws {
        let backend = try await TestBackend.start(.bannerThenHalfClose("banner"), group: group)
        let proxy = try await ProxyHarness(config: tcpConfig(["    server s1 127.0.0.1:\(backend.port)"]))
        let client = try TestSocket(port: proxy.port(of: "relay"))
        // Bytes sent before the server has spoken are held until the relay is up, then delivered.
        try client.send("early ")
        #expect(String(bytes: try client.read(exactly: 6)) == "banner")
        #expect(client.read(within: 5) == .end)
        try client.send("late words")
        #expect(await eventually { String(bytes: backend.connections.first?.received ?? []) == "early late words" })
        client.shutdownWrite()
        #expect(await eventually { backend.connections.first?.open == false })
        await proxy.stop()
        await backend.stop()
    }

    @Test func connectTimeoutOnABlackHoledPort() async throws {
        let blackHole = try BlackHole()
        let proxy = try await ProxyHarness(config: tcpConfig(
            ["    server s1 127.0.0.1:\(blackHole.port)"],
            extra: "    retries 0\n    timeout connect 200ms"
        ))
        let client = try TestSocket(port: proxy.port(of: "relay"))
        let closedAfter = client.waitForClose(within: 5)
        #expect(closedAfter != nil)
        #expect(closedAfter.map { $0 >= .milliseconds(150) } == true, "closed after \(closedAfter.map { "\($0)" } ?? "-")")
        let line = await proxy.waitForLog(containing: " sC ")
        #expect(line != nil, "log: \(proxy.logLines)")
        await proxy.stop()
    }

    @Test func clientIdleTimeoutClosesAQuietSession() async throws {
        let backend = try await TestBackend.start(.silent, group: group)
        let proxy = try await ProxyHarness(config: tcpConfig(
            ["    server s1 127.0.0.1:\(backend.port)"], extra: "    timeout client 200ms"
        ))
        let client = try TestSocket(port: proxy.port(of: "relay"))
        try client.send("x")
        let closedAfter = client.waitForClose(within: 5)
        #expect(closedAfter.map { $0 >= .milliseconds(150) && $0 < .seconds(3) } == true)
        #expect(await proxy.waitForLog(containing: " cD ") != nil, "log: \(proxy.logLines)")
        // The silent server never closes by itself, but it sees the proxy end the connection.
        #expect(await eventually { backend.connections.first?.sawEnd == true })
        await proxy.stop()
        await backend.stop()
    }

    @Test func serverIdleTimeoutClosesAQuietSession() async throws {
        let backend = try await TestBackend.start(.silent, group: group)
        let proxy = try await ProxyHarness(config: tcpConfig(
            ["    server s1 127.0.0.1:\(backend.port)"], extra: "    timeout server 200ms"
        ))
        let client = try TestSocket(port: proxy.port(of: "relay"))
        try client.send("x")
        let closedAfter = client.waitForClose(within: 5)
        #expect(closedAfter.map { $0 >= .milliseconds(150) && $0 < .seconds(3) } == true)
        #expect(await proxy.waitForLog(containing: " sD ") != nil, "log: \(proxy.logLines)")
        await proxy.stop()
        await backend.stop()
    }

    @Test func tunnelTimeoutReplacesClientAndServerTimeouts() async throws {
        let backend = try await TestBackend.start(.echo, group: group)
        let proxy = try await ProxyHarness(config: tcpConfig(
            ["    server s1 127.0.0.1:\(backend.port)"],
            extra: "    timeout client 100ms\n    timeout server 100ms\n    timeout tunnel 600ms"
        ))
        let client = try TestSocket(port: proxy.port(of: "relay"))
        try client.send("ping")
        _ = try client.read(exactly: 4)
        let closedAfter = client.waitForClose(within: 5)
        #expect(closedAfter.map { $0 >= .milliseconds(450) } == true, "closed after \(closedAfter.map { "\($0)" } ?? "-")")
        await proxy.stop()
        await backend.stop()
    }

    @Test func retriesThenRedispatchWhenAServerRefuses() async throws {
        let backend = try await TestBackend.start(.echo, group: group)
        let refused = try refusedPort()
        let proxy = try await ProxyHarness(config: tcpConfig(
            ["    server down 127.0.0.1:\(refused)", "    server up 127.0.0.1:\(backend.port)"],
            extra: "    balance first\n    retries 2\n    option redispatch\n    timeout connect 100ms"
        ))
        let client = try TestSocket(port: proxy.port(of: "relay"))
        try client.send("through")
        #expect(String(bytes: try client.read(exactly: 7)) == "through")
        client.shutdownWrite()
        _ = try client.readToEnd()
        let line = await proxy.waitForLog(containing: "relay relay/up")
        #expect(line?.contains("/+2 ") == true, "tcplog line: \(line ?? "none")")
        await proxy.stop()
        await backend.stop()
    }

    @Test func withoutRedispatchRetriesEndWithTheClientClosed() async throws {
        let refused = try refusedPort()
        let proxy = try await ProxyHarness(config: tcpConfig(
            ["    server down 127.0.0.1:\(refused)"], extra: "    retries 2\n    timeout connect 100ms"
        ))
        let client = try TestSocket(port: proxy.port(of: "relay"))
        #expect(client.waitForClose(within: 5) != nil)
        let line = await proxy.waitForLog(containing: " SC ")
        #expect(line?.contains("relay relay/down") == true && line?.contains("/2 ") == true, "log: \(proxy.logLines)")
        await proxy.stop()
    }
}
