import NIOPosix
import Testing

@testable import FerryRuntime

@Suite("timeout client-fin and server-fin", .serialized, .timeLimit(.minutes(1)))
struct FinTimeoutTests {
    let group = MultiThreadedEventLoopGroup.singleton

    @Test func clientFinBoundsAHalfClosedSessionWhoseServerStaysQuiet() async throws {
        let backend = try await TestBackend.start(.silent, group: group)
        let proxy = try await ProxyHarness(config: tcpConfig(
            ["    server s1 127.0.0.1:\(backend.port)"],
            extra: "    timeout client 1m\n    timeout server 1m\n    timeout client-fin 300ms"
        ))
        let client = try TestSocket(port: proxy.port(of: "relay"))
        try client.send("bye")
        client.shutdownWrite()
        let closedAfter = client.waitForClose(within: 10)
        #expect(closedAfter.map { $0 >= .milliseconds(250) && $0 < .seconds(5) } == true, "closed after \(closedAfter.map { "\($0)" } ?? "-")")
        #expect(await proxy.waitForLog(containing: " cL ") != nil, "log: \(proxy.logLines)")
        await proxy.stop()
        await backend.stop()
    }

    @Test func serverFinBoundsAHalfClosedSessionWhoseClientStaysQuiet() async throws {
        let backend = try await TestBackend.start(.bannerThenHalfClose("done"), group: group)
        let proxy = try await ProxyHarness(config: tcpConfig(
            ["    server s1 127.0.0.1:\(backend.port)"],
            extra: "    timeout client 1m\n    timeout server 1m\n    timeout server-fin 300ms"
        ))
        let client = try TestSocket(port: proxy.port(of: "relay"))
        #expect(String(bytes: try client.read(exactly: 4)) == "done")
        #expect(client.read(within: 5) == .end)
        // The client never closes its side; server-fin ends the session anyway.
        #expect(await proxy.waitForLog(containing: " sL ", within: 10) != nil, "log: \(proxy.logLines)")
        await proxy.stop()
        await backend.stop()
    }
}
