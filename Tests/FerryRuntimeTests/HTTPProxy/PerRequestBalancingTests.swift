import NIOPosix
import Testing

/// `static-rr` and `random` in mode http: each request of one keep-alive connection is balanced on its own.
@Suite("Per-request balancing: static-rr and random", .serialized, .timeLimit(.minutes(1)))
struct PerRequestBalancingTests {
    let group = MultiThreadedEventLoopGroup.singleton

    private func namesServing(_ count: Int, balance: String) async throws -> [String] {
        var backends: [TestHTTPBackend] = []
        for name in ["s1", "s2", "s3"] { backends.append(try await TestHTTPBackend.start(name: name, group: group)) }
        let proxy = try await ProxyHarness(config: httpConfig(
            servers: backends.map { "    server \($0.name) 127.0.0.1:\($0.port) weight \($0.name == "s1" ? 2 : 1)" },
            backend: "    balance \(balance)"
        ))
        let client = try TestSocket(port: proxy.port(of: "web"))
        var names: [String] = []
        for index in 0..<count {
            try client.send("GET /b/\(index) HTTP/1.1\r\nHost: x\r\n\r\n")
            names.append(String(try client.readResponse().body.prefix { $0 != " " }))
        }
        await proxy.stop()
        for backend in backends { await backend.stop() }
        return names
    }

    @Test func staticRoundRobinFollowsTheWeightsPerRequest() async throws {
        let names = try await namesServing(40, balance: "static-rr")
        #expect(names.filter { $0 == "s1" }.count == 20, "\(names)")
        #expect(names.filter { $0 == "s2" }.count == 10)
        #expect(names.filter { $0 == "s3" }.count == 10)
    }

    @Test func randomReachesEveryServerPerRequest() async throws {
        let names = try await namesServing(60, balance: "random(2)")
        #expect(Set(names) == ["s1", "s2", "s3"], "\(names)")
    }
}
