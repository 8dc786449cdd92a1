import Foundation
import NIOPosix
import Testing

@testable import FerryRuntime

@Suite("Start-up, bind failures and graceful stop", .serialized, .timeLimit(.minutes(1)))
struct LifecycleTests {
    let group = MultiThreadedEventLoopGroup.singleton

    @Test func aStopLetsTheSessionInFlightFinish() async throws {
        let backend = try await TestBackend.start(.echo, group: group)
        let proxy = try await ProxyHarness(config: tcpConfig(["    server s1 127.0.0.1:\(backend.port)"]))
        let port = proxy.port(of: "relay")
        let client = try TestSocket(port: port)
        try client.send("before")
        _ = try client.read(exactly: 6)
        let stopping = Task { await proxy.runtime.stop() }
        // The listener closes at once: new connections are refused...
        #expect(await eventually { (try? TestSocket(port: port)) == nil })
        // ...while the established session goes on.
        try client.send("during")
        #expect(String(bytes: try client.read(exactly: 6)) == "during")
        client.shutdownWrite()
        _ = try client.readToEnd()
        await stopping.value
        #expect(proxy.logLines.contains { $0.contains("ferry stopped: drained") }, "log: \(proxy.logLines)")
        await backend.stop()
    }

    @Test func sigtermDrainsTheSessionThenExitsZero() async throws {
        let backend = try await TestBackend.start(.echo, group: group)
        let config = try temporaryConfig(tcpConfig(["    server s1 127.0.0.1:\(backend.port)"]))
        let ferry = try FerryProcess(["run", "-f", config])
        let started = try #require(await ferry.waitForOutput(containing: "ferry started"), "stderr: \(ferry.standardError)")
        let port = try #require(listeningPort(in: started, frontend: "relay"))
        let client = try TestSocket(port: port)
        try client.send("one")
        _ = try client.read(exactly: 3)
        ferry.signal(SIGTERM)
        #expect(await ferry.waitForOutput(containing: "ferry stopping") != nil)
        #expect(await eventually { (try? TestSocket(port: port)) == nil })
        try client.send("two")
        #expect(String(bytes: try client.read(exactly: 3)) == "two")
        #expect(await ferry.waitForExit(within: 0.2) == nil, "ferry exited with a session in flight")
        client.shutdownWrite()
        _ = try client.readToEnd()
        #expect(await ferry.waitForExit() == 0)
        #expect(ferry.standardOutput.contains("ferry stopped: drained"), "output: \(ferry.standardOutput)")
        await backend.stop()
    }

    @Test func aSecondSigintStopsAtOnce() async throws {
        let backend = try await TestBackend.start(.silent, group: group)
        let config = try temporaryConfig(tcpConfig(["    server s1 127.0.0.1:\(backend.port)"]))
        let ferry = try FerryProcess(["run", "-f", config])
        let started = try #require(await ferry.waitForOutput(containing: "ferry started"))
        let client = try TestSocket(port: try #require(listeningPort(in: started, frontend: "relay")))
        try client.send("x")
        #expect(await eventually { backend.connectionCount == 1 })
        ferry.signal(SIGINT)
        #expect(await ferry.waitForOutput(containing: "ferry stopping") != nil)
        #expect(await ferry.waitForExit(within: 0.3) == nil)
        ferry.signal(SIGINT)
        #expect(await ferry.waitForExit(within: 5) == 0)
        #expect(ferry.standardOutput.contains("second SIGINT"), "output: \(ferry.standardOutput)")
        #expect(client.waitForClose(within: 5) != nil)
        await backend.stop()
    }

    @Test func hardStopAfterBoundsTheDrain() async throws {
        let backend = try await TestBackend.start(.silent, group: group)
        let config = try temporaryConfig(tcpConfig(["    server s1 127.0.0.1:\(backend.port)"]).replacingOccurrences(
            of: "    nbthread 2", with: "    nbthread 2\n    hard-stop-after 300ms"
        ))
        let ferry = try FerryProcess(["run", "-f", config])
        let started = try #require(await ferry.waitForOutput(containing: "ferry started"), "stderr: \(ferry.standardError)")
        let client = try TestSocket(port: try #require(listeningPort(in: started, frontend: "relay")))
        try client.send("x")
        #expect(await eventually { backend.connectionCount == 1 })
        let signalled = ContinuousClock.now
        ferry.signal(SIGTERM)
        #expect(await ferry.waitForExit(within: 5) == 0)
        #expect(ContinuousClock.now - signalled >= .milliseconds(250))
        #expect(ferry.standardOutput.contains("hard-stop-after expired"), "output: \(ferry.standardOutput)")
        #expect(client.waitForClose(within: 5) != nil)
        await backend.stop()
    }

    @Test func aBindFailureNamesTheAddressAndLineAndExitsOne() async throws {
        let busy = try await TestBackend.start(.echo, group: group)
        let config = try temporaryConfig("""
            defaults
                mode tcp
                timeout connect 1s
                timeout client 1s
                timeout server 1s
            listen busy
                bind 127.0.0.1:\(busy.port)
                server s1 127.0.0.1:9
            """)
        let ferry = try FerryProcess(["run", "-f", config])
        #expect(await ferry.waitForExit() == 1)
        let message = "ferry: cannot bind 127.0.0.1:\(busy.port) for frontend 'busy' (\(config):7:10): address already in use\n"
        #expect(ferry.standardError == message)
        #expect(!ferry.standardOutput.contains("ferry started"))
        await busy.stop()
    }

    @Test func anInvalidConfigIsRefusedWithTheDiagnosticsOfCheck() async throws {
        let config = try temporaryConfig("""
            listen broken
                mode tcp
                bind 127.0.0.1:0
                default_backend missing
            """)
        let ferry = try FerryProcess(["run", "-f", config, "--color", "never"])
        #expect(await ferry.waitForExit() == 1)
        #expect(ferry.standardError.contains("error[E0201]"), "stderr: \(ferry.standardError)")
        #expect(ferry.standardOutput.isEmpty)
    }
}
