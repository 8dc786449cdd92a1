import Foundation
import NIOPosix
import Testing

/// In `mode http` each request is balanced on its own, even on one keep-alive client connection.
@Suite("HTTPE2E: balancing per request", .serialized, .timeLimit(.minutes(2)))
struct HTTPE2EBalancingTests {
    let group = MultiThreadedEventLoopGroup.singleton

    private func withBalancing(
        _ balance: String, serverOptions: String = "", backend: String = "",
        _ body: (ProxyHarness, [TestHTTPBackend]) async throws -> Void
    ) async throws {
        try await withHTTPBackends(
            ["s1", "s2", "s3"], group: group,
            config: { balancingConfig($0, balance: balance, serverOptions: serverOptions, backend: backend) }, body)
    }

    /// The server that answered each request, sent one after the other on `client`.
    private func servers(for targets: [String], on client: TestSocket, headers: (String) -> [String] = { _ in [] }) throws -> [String] {
        try targets.map { target in
            let response = try client.get(target, headers: headers(target))
            #expect(response.status == 200, "\(target)")
            return response.servedBy
        }
    }

    @Test func roundRobinAlternatesOnOneConnection() async throws {
        try await withBalancing("roundrobin") { proxy, _ in
            let client = try TestSocket(port: proxy.port(of: "web"))
            let names = try servers(for: (0..<9).map { "/rr/\($0)" }, on: client)
            #expect(Set(names.prefix(3)).count == 3, "\(names)")
            #expect(names.indices.allSatisfy { names[$0] == names[$0 % 3] }, "\(names)")
        }
    }

    @Test(arguments: ["uri", "uri whole", "uri\nhash-type consistent"])
    func uriSendsTheSameURIToTheSameServer(_ balance: String) async throws {
        let lines = balance.split(separator: "\n")
        try await withBalancing(String(lines[0]), backend: lines.dropFirst().joined(separator: "\n")) { proxy, _ in
            let client = try TestSocket(port: proxy.port(of: "web"))
            let repeated = try servers(for: Array(repeating: "/docs/guide.html", count: 5), on: client)
            #expect(Set(repeated).count == 1, "\(repeated)")
            let spread = try servers(for: (0..<30).map { "/page/\($0)" }, on: client)
            #expect(Set(spread).count >= 2, "30 URIs all went to \(Set(spread))")
            // Asked again, interleaved with other URIs, each URI still finds its server.
            let again = try servers(for: (0..<30).map { "/page/\($0)" }, on: client)
            #expect(again == spread)
        }
    }

    @Test func urlParamHashesTheParameterAndRoundRobinsWithoutIt() async throws {
        try await withBalancing("url_param id") { proxy, _ in
            let client = try TestSocket(port: proxy.port(of: "web"))
            let sameId = try servers(for: ["/a?id=7", "/b?x=1&id=7", "/c?id=7&y=2", "/a?id=7"], on: client)
            #expect(Set(sameId).count == 1, "\(sameId)")
            let ids = try servers(for: (0..<30).map { "/item?id=\($0)" }, on: client)
            #expect(Set(ids).count >= 2, "30 ids all went to \(Set(ids))")
            let withoutId = try servers(for: (0..<6).map { "/none/\($0)" }, on: client)
            #expect(Set(withoutId).count == 3, "requests without the parameter are not spread: \(withoutId)")
        }
    }

    @Test func hdrHashesTheHeaderValue() async throws {
        try await withBalancing("hdr(X-User)") { proxy, _ in
            let client = try TestSocket(port: proxy.port(of: "web"))
            let alice = try servers(for: (0..<5).map { "/h/\($0)" }, on: client) { _ in ["X-User: alice"] }
            #expect(Set(alice).count == 1, "\(alice)")
            var users: [String] = []
            for index in 0..<30 {
                users += try servers(for: ["/u"], on: client) { _ in ["X-User: user-\(index)"] }
            }
            #expect(Set(users).count >= 2, "30 users all went to \(Set(users))")
            #expect(try servers(for: ["/again"], on: client) { _ in ["X-User: alice"] } == [alice[0]])
        }
    }

    @Test func sourceKeepsAClientOnOneServerAcrossConnections() async throws {
        try await withBalancing("source") { proxy, _ in
            var names: [String] = []
            let client = try TestSocket(port: proxy.port(of: "web"))
            names += try servers(for: (0..<3).map { "/same-conn/\($0)" }, on: client)
            for index in 0..<4 {
                names += try servers(for: ["/new-conn/\(index)"], on: try TestSocket(port: proxy.port(of: "web")))
            }
            #expect(Set(names).count == 1, "\(names)")
        }
    }

    @Test func leastconnAvoidsTheBusyServer() async throws {
        try await withBalancing("leastconn") { proxy, servers in
            let client = try TestSocket(port: proxy.port(of: "web"))
            // With equal loads the servers take turns.
            let idle = try self.servers(for: (0..<3).map { "/lc/\($0)" }, on: client)
            #expect(Set(idle).count == 3, "\(idle)")
            // A request that never gets its answer keeps one server busy: the next ones go to the other two.
            let hanging = try TestSocket(port: proxy.port(of: "web"))
            try hanging.send(rawRequest("GET /hang HTTP/1.1", "Host: e2e.test"))
            #expect(await eventually(within: 10) { servers.contains { $0.requests.contains { $0.target == "/hang" } } })
            let busy = try #require(servers.first { $0.requests.contains { $0.target == "/hang" } }).name
            let others = try self.servers(for: (0..<6).map { "/lc-busy/\($0)" }, on: client)
            #expect(!others.contains(busy), "\(others) while \(busy) is busy")
            #expect(Set(others).count == 2, "\(others)")
            hanging.hangUp()
        }
    }

    @Test func firstFillsServersInOrder() async throws {
        try await withBalancing("first", serverOptions: "maxconn 1") { proxy, servers in
            let client = try TestSocket(port: proxy.port(of: "web"))
            let names = try self.servers(for: (0..<4).map { "/first/\($0)" }, on: client)
            #expect(names == ["s1", "s1", "s1", "s1"])
            // Requests that never get their answer fill s1, then s2, up to their maxconn: the next goes to s3.
            var hanging: [TestSocket] = []
            for (index, server) in servers.prefix(2).enumerated() {
                let socket = try TestSocket(port: proxy.port(of: "web"))
                try socket.send(rawRequest("GET /hang HTTP/1.1", "Host: e2e.test"))
                hanging.append(socket)
                #expect(await eventually(within: 10) { server.requests.contains { $0.target == "/hang" } }, "hanging request \(index)")
            }
            #expect(try self.servers(for: ["/first/next"], on: client) == ["s3"])
            for socket in hanging { socket.hangUp() }
        }
    }
}
