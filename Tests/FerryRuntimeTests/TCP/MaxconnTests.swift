import NIOPosix
import Testing

@testable import FerryRuntime

@Suite("Frontend and global maxconn", .serialized, .timeLimit(.minutes(1)))
struct MaxconnTests {
    let group = MultiThreadedEventLoopGroup.singleton

    private func holdsTheThirdConnectionInTheBacklog(config: String, backend: TestBackend) async throws {
        let proxy = try await ProxyHarness(config: config)
        let port = proxy.port(of: "relay")
        let first = try TestSocket(port: port)
        let second = try TestSocket(port: port)
        try first.send("1")
        try second.send("2")
        #expect(await eventually { backend.connectionCount == 2 })
        // The kernel completes the third handshake, but Ferry does not accept it while two are open.
        let third = try TestSocket(port: port)
        try third.send("3")
        #expect(third.read(within: 0.3) == .timedOut)
        #expect(backend.connectionCount == 2)
        #expect(proxy.runtime.activeConnections == 2)
        // One closes: the third is accepted and relayed.
        first.hangUp()
        #expect(await eventually { backend.connectionCount == 3 })
        #expect(String(bytes: try third.read(exactly: 1)) == "3")
        second.hangUp()
        third.hangUp()
        await proxy.stop()
    }

    @Test func frontendMaxconnStopsAcceptingAndResumes() async throws {
        let backend = try await TestBackend.start(.echo, group: group)
        try await holdsTheThirdConnectionInTheBacklog(
            config: tcpConfig(["    server s1 127.0.0.1:\(backend.port)"], extra: "    maxconn 2"), backend: backend
        )
        await backend.stop()
    }

    @Test func globalMaxconnStopsAcceptingAndResumes() async throws {
        let backend = try await TestBackend.start(.echo, group: group)
        let config = tcpConfig(["    server s1 127.0.0.1:\(backend.port)"])
            .replacingOccurrences(of: "    nbthread 2", with: "    nbthread 2\n    maxconn 2")
        try await holdsTheThirdConnectionInTheBacklog(config: config, backend: backend)
        await backend.stop()
    }
}
