import NIOPosix
import Testing

@testable import FerryRuntime

@Suite("Server maxconn and the backend queue", .serialized, .timeLimit(.minutes(3)))
struct QueueTests {
    let group = MultiThreadedEventLoopGroup.singleton

    @Test func tenClientsShareTwoSlotsInArrivalOrder() async throws {
        let backend = try await TestBackend.start(.replyOnEnd("done"), group: group)
        // Long timeouts: with the whole suite running, CPU-bound suites can keep this test's polling off the
        // cooperative threads for seconds, and no session may time out meanwhile.
        let proxy = try await ProxyHarness(config: tcpConfig(
            ["    server s1 127.0.0.1:\(backend.port) maxconn 2"],
            extra: "    timeout queue 2m\n    timeout client 2m\n    timeout server 2m"
        ))
        let port = proxy.port(of: "relay")
        var clients: [TestSocket] = []
        for index in 0..<10 {
            let client = try TestSocket(port: port)
            try client.send("c\(index)")
            clients.append(client)
            // Wait until this client is either on the server or in the queue, so arrival order is known.
            let placed = await eventually {
                backend.connectionCount == min(index + 1, 2) && proxy.runtime.queueLength(backend: "relay") == max(0, index - 1)
            }
            #expect(placed, "client \(index): \(backend.connectionCount) on the server, \(proxy.runtime.queueLength(backend: "relay") ?? -1) queued")
        }
        // Finish the clients in order; each one that ends lets the head of the queue in.
        for (index, client) in clients.enumerated() {
            // Wait for the previous hand-over to reach the server, so that two can't race each other there.
            let expected = min(index + 2, 10)
            #expect(await eventually { backend.connections.count == expected && backend.connections[index].received.count == 2 })
            client.shutdownWrite()
            #expect(String(bytes: try client.readToEnd()) == "done")
        }
        let order = backend.connections.map { String(bytes: $0.received) }
        #expect(order == (0..<10).map { "c\($0)" }, "log: \(proxy.logLines)")
        #expect(backend.maxActiveConnections == 2)
        #expect(backend.connectionCount == 10)
        #expect(await eventually { proxy.logLines.filter { $0.contains("relay relay/s1") }.count == 10 }, "log: \(proxy.logLines)")
        await proxy.stop()
        await backend.stop()
    }

    @Test func queuedClientsAreClosedWhenTheQueueTimeoutExpires() async throws {
        let backend = try await TestBackend.start(.silent, group: group)
        let proxy = try await ProxyHarness(config: tcpConfig(
            ["    server s1 127.0.0.1:\(backend.port) maxconn 2"], extra: "    timeout queue 100ms"
        ))
        let port = proxy.port(of: "relay")
        let holders = try (0..<2).map { _ in try TestSocket(port: port) }
        #expect(await eventually { backend.connectionCount == 2 })
        let waiting = try (0..<3).map { _ in try TestSocket(port: port) }
        for client in waiting {
            let closedAfter = client.waitForClose(within: 5)
            #expect(closedAfter != nil)
        }
        // The first waiter was queued the longest: it must not have been closed before its 100 ms were up.
        let lines = await eventually { proxy.logLines.filter { $0.contains(" sQ ") }.count == 3 }
        #expect(lines, "log: \(proxy.logLines)")
        for line in proxy.logLines where line.contains(" sQ ") {
            // Tw/Tc/Tt: the time waited in the queue is at least the timeout and not far beyond it.
            let timers = line.split(separator: " ").first { $0.split(separator: "/").count == 3 && $0.first != "[" }
            let waited = timers.flatMap { Int($0.split(separator: "/")[0]) } ?? -1
            #expect((95...1500).contains(waited), "queue wait \(waited) ms in \(line)")
        }
        #expect(backend.connectionCount == 2)
        for holder in holders { holder.hangUp() }
        await proxy.stop()
        await backend.stop()
    }

    @Test func aFullQueueRefusesAtOnce() async throws {
        let backend = try await TestBackend.start(.silent, group: group)
        let proxy = try await ProxyHarness(config: tcpConfig(["    server s1 127.0.0.1:\(backend.port) maxconn 1 maxqueue 1"]))
        let port = proxy.port(of: "relay")
        let holder = try TestSocket(port: port)
        #expect(await eventually { backend.connectionCount == 1 })
        let queued = try TestSocket(port: port)
        #expect(await eventually { proxy.runtime.queueLength(backend: "relay") == 1 })
        let refused = try TestSocket(port: port)
        #expect(refused.waitForClose(within: 5) != nil)
        #expect(queued.read(within: 0.1) == .timedOut)
        holder.hangUp()
        queued.hangUp()
        await proxy.stop()
        await backend.stop()
    }
}
