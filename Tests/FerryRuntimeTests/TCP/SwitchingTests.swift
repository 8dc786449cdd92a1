import NIOPosix
import Testing

@testable import FerryRuntime

@Suite("use_backend in mode tcp", .serialized, .timeLimit(.minutes(1)))
struct SwitchingTests {
    let group = MultiThreadedEventLoopGroup.singleton

    private func config(rules: String, chosen: Int, fallback: Int) -> String {
        """
        defaults
            mode tcp
            timeout connect 2s
            timeout client 1m
            timeout server 1m
        frontend entry
            bind 127.0.0.1:0
            option tcplog
            acl from_docs src 192.0.2.0/24
        \(rules)
            default_backend fallback
        backend chosen
            server c1 127.0.0.1:\(chosen)
        backend fallback
            server f1 127.0.0.1:\(fallback)
        """
    }

    private func backendOfOneSession(_ rules: String) async throws -> String? {
        let chosen = try await TestBackend.start(.echo, group: group)
        let fallback = try await TestBackend.start(.echo, group: group)
        let proxy = try await ProxyHarness(config: config(rules: rules, chosen: chosen.port, fallback: fallback.port))
        let client = try TestSocket(port: proxy.port(of: "entry"))
        try client.send("x")
        _ = try client.read(exactly: 1)
        client.shutdownWrite()
        _ = try client.readToEnd()
        let line = await proxy.waitForLog(containing: "entry ")
        await proxy.stop()
        await chosen.stop()
        await fallback.stop()
        if line?.contains(" chosen/c1 ") == true { return "chosen" }
        if line?.contains(" fallback/f1 ") == true { return "fallback" }
        return nil
    }

    @Test func predefinedLocalhostMatchesALoopbackClient() async throws {
        #expect(try await backendOfOneSession("    use_backend chosen if LOCALHOST") == "chosen")
    }

    @Test func aNetworkThatDoesNotContainTheClientFallsThrough() async throws {
        #expect(try await backendOfOneSession("    use_backend chosen if from_docs") == "fallback")
    }

    @Test func unlessAndNegationInvertTheResult() async throws {
        #expect(try await backendOfOneSession("    use_backend chosen unless from_docs") == "chosen")
        #expect(try await backendOfOneSession("    use_backend chosen if !LOCALHOST") == "fallback")
    }

    @Test func anonymousDestinationPortRangeAndOr() async throws {
        #expect(try await backendOfOneSession("    use_backend chosen if { dst_port 1:65535 } from_docs || LOCALHOST") == "chosen")
        #expect(try await backendOfOneSession("    use_backend chosen if { dst_port 1:65535 } from_docs") == "fallback")
    }
}
