import Foundation
import NIOPosix
import Testing

/// One request of a content-switching case.
struct Probe: Sendable {
    var method = "GET"
    var target: String
    var headers: [String] = []

    /// The request, with `Host: e2e.test` unless `headers` name a host.
    var bytes: [UInt8] {
        let hasHost = headers.contains { $0.lowercased().hasPrefix("host:") }
        return rawRequest(["\(method) \(target) HTTP/1.1"] + (hasHost ? [] : ["Host: e2e.test"]) + headers)
    }
}

/// An ACL fetch driving `use_backend b`: requests that must reach `b`, and requests that must stay on `a`.
struct SwitchingCase: Sendable, CustomStringConvertible {
    var acl: String
    var toB: [Probe]
    var toA: [Probe]

    var description: String { acl }
}

enum SwitchingCases {
    static let all: [SwitchingCase] = [
        .init(acl: "path /exact", toB: [.init(target: "/exact"), .init(target: "/exact?with=query")],
              toA: [.init(target: "/exact/more"), .init(target: "/Exact")]),
        .init(acl: "path_beg /api/", toB: [.init(target: "/api/v1/users")], toA: [.init(target: "/apix"), .init(target: "/v1/api/")]),
        .init(acl: "path_end .jpg", toB: [.init(target: "/img/cat.jpg?size=2")], toA: [.init(target: "/img/cat.jpg.png")]),
        .init(acl: "path_sub /admin/", toB: [.init(target: "/site/admin/users")], toA: [.init(target: "/site/administrator")]),
        .init(acl: "path_reg ^/user/[0-9]+$", toB: [.init(target: "/user/42")], toA: [.init(target: "/user/42a"), .init(target: "/users/42")]),
        .init(acl: "path_dir static", toB: [.init(target: "/a/static/b.css"), .init(target: "/static")],
              toA: [.init(target: "/a/statics/b.css")]),
        .init(acl: "hdr(host) -i shop.example.com", toB: [.init(target: "/", headers: ["Host: SHOP.example.com"])],
              toA: [.init(target: "/", headers: ["Host: example.com"])]),
        .init(acl: "hdr_beg(host) api.", toB: [.init(target: "/", headers: ["Host: api.example.com"])],
              toA: [.init(target: "/", headers: ["Host: www.api.example.com"])]),
        .init(acl: "hdr_end(host) .internal", toB: [.init(target: "/", headers: ["Host: db.internal"])],
              toA: [.init(target: "/", headers: ["Host: internal.example"])]),
        .init(acl: "hdr_dom(host) example.com", toB: [.init(target: "/", headers: ["Host: www.example.com"])],
              toA: [.init(target: "/", headers: ["Host: www.notexample.com"])]),
        .init(acl: "hdr_sub(user-agent) curl", toB: [.init(target: "/", headers: ["User-Agent: my-curl/8.0"])],
              toA: [.init(target: "/", headers: ["User-Agent: Mozilla/5.0"]), .init(target: "/")]),
        .init(acl: "req.hdr(x-tenant) blue", toB: [.init(target: "/", headers: ["X-Tenant: blue"]), .init(target: "/", headers: ["X-Tenant: red, blue"])],
              toA: [.init(target: "/", headers: ["X-Tenant: bluegreen"]), .init(target: "/")]),
        .init(acl: "method POST PUT", toB: [.init(method: "PUT", target: "/m"), .init(method: "POST", target: "/m")],
              toA: [.init(target: "/m"), .init(method: "DELETE", target: "/m")]),
        .init(acl: "url_param(id) 42", toB: [.init(target: "/item?a=1&id=42")], toA: [.init(target: "/item?id=420"), .init(target: "/item/42")]),
        .init(acl: "query debug=1&x=2", toB: [.init(target: "/q?debug=1&x=2")], toA: [.init(target: "/q?debug=1"), .init(target: "/q")]),
    ]
}

@Suite("HTTPE2E: ACLs and content switching per request", .serialized, .timeLimit(.minutes(2)))
struct HTTPE2EContentSwitchingTests {
    let group = MultiThreadedEventLoopGroup.singleton

    /// Starts backends `a` and `b` and a proxy from `switchingConfig` with `frontend` lines, runs `body` with them, then
    /// stops them all.
    private func withSwitching(
        frontend: String, _ body: (ProxyHarness, TestHTTPBackend, TestHTTPBackend) async throws -> Void
    ) async throws {
        let config = { (backends: [TestHTTPBackend]) in switchingConfig(a: backends[0].port, b: backends[1].port, frontend: frontend) }
        try await withHTTPBackends(["a", "b"], group: group, config: config) { proxy, backends in
            try await body(proxy, backends[0], backends[1])
        }
    }

    @Test(arguments: SwitchingCases.all)
    func anACLFetchPicksTheBackendOfEachRequest(_ switching: SwitchingCase) async throws {
        try await withSwitching(frontend: "acl picked \(switching.acl)\nuse_backend b if picked") { proxy, a, b in
            // One keep-alive connection, the two kinds of request interleaved: each request is switched on its own.
            let client = try TestSocket(port: proxy.port(of: "web"))
            for index in 0..<max(switching.toB.count, switching.toA.count) {
                for (probes, expected) in [(switching.toB, "b"), (switching.toA, "a")] where index < probes.count {
                    try client.send(probes[index].bytes)
                    let response = try client.readResponse(within: 10)
                    #expect(response.servedBy == expected, "\(switching.acl): \(probes[index]) went to \(response.servedBy) (\(response.status))")
                }
            }
            // Each backend's server connection went back to the pool between requests and was taken again.
            #expect(a.connectionCount == 1 && b.connectionCount == 1, "a: \(a.connectionCount), b: \(b.connectionCount) connections")
        }
    }

    @Test func dstPortTellsTheListenersApart() async throws {
        let alternate = try freePort()
        let frontend = "bind 127.0.0.1:\(alternate)\nacl alternate dst_port \(alternate)\nuse_backend b if alternate"
        try await withSwitching(frontend: frontend) { proxy, _, _ in
            let ports = proxy.runtime.listeners.filter { $0.frontend == "web" }.compactMap { $0.address.port }
            #expect(ports.count == 2 && ports.contains(alternate))
            for port in ports {
                let response = try TestSocket(port: port).get("/port")
                #expect(response.servedBy == (port == alternate ? "b" : "a"), "port \(port)")
            }
        }
    }

    @Test func srcTellsClientAddressesApart() async throws {
        let curl = try #require(["/usr/bin/curl"].first { FileManager.default.isExecutableFile(atPath: $0) }, "curl is not installed; run scripts/setup --test")
        let frontend = "option forwardfor\nacl second_address src 127.0.0.2/32\nuse_backend b if second_address"
        try await withSwitching(frontend: frontend) { proxy, _, b in
            let port = proxy.port(of: "web")
            #expect(try TestSocket(port: port).get("/from-one").servedBy == "a")
            // curl connects from 127.0.0.2, another loopback address.
            let process = try FerryProcess(
                executable: curl, arguments: ["-s", "-m", "10", "--interface", "127.0.0.2", "http://127.0.0.1:\(port)/from-two"])
            #expect(await process.waitForExit(within: 15) == 0, "\(process.standardError)")
            #expect(process.standardOutput == "b GET /from-two 0\n")
            let forwardedFor = b.requests.last?.headers.filter { $0.0.lowercased() == "x-forwarded-for" }.map(\.1)
            #expect(forwardedFor == ["127.0.0.2"])
        }
    }

    @Test func conditionsCombineWithAndOrNegationAndAnonymousACLs() async throws {
        try await withSwitching(frontend: """
            acl api path_beg /api
            acl admin req.hdr(x-role) admin
            use_backend b if api admin
            use_backend b if { path /one } || { path /two }
            use_backend b if { method DELETE } !api
            use_backend b if { path /either } or { hdr(x-either) yes }
            """) { proxy, _, _ in
            let client = try TestSocket(port: proxy.port(of: "web"))
            let cases: [(Probe, String)] = [
                (Probe(target: "/api/x", headers: ["X-Role: admin"]), "b"),
                (Probe(target: "/api/x"), "a"),
                (Probe(target: "/x", headers: ["X-Role: admin"]), "a"),
                (Probe(target: "/one"), "b"),
                (Probe(target: "/two"), "b"),
                (Probe(target: "/three"), "a"),
                (Probe(method: "DELETE", target: "/thing"), "b"),
                (Probe(method: "DELETE", target: "/api/thing"), "a"),
                (Probe(target: "/elsewhere", headers: ["X-Either: yes"]), "b"),
                (Probe(target: "/either"), "b"),
            ]
            for (probe, expected) in cases {
                try client.send(probe.bytes)
                #expect(try client.readResponse(within: 10).servedBy == expected, "\(probe)")
            }
        }
    }

    @Test func noMatchingRuleAndNoDefaultBackendGives503() async throws {
        let config = { (backends: [TestHTTPBackend]) in
            """
            defaults
                mode http
                timeout connect 2s
                timeout client 1m
                timeout server 1m
            frontend web
                bind 127.0.0.1:0
                use_backend b if { path_beg /b/ }
            backend a
                server a 127.0.0.1:\(backends[0].port)
            backend b
                server b 127.0.0.1:\(backends[1].port)
            """
        }
        try await withHTTPBackends(["a", "b"], group: group, config: config) { proxy, backends in
            let a = backends[0]
            #expect(try TestSocket(port: proxy.port(of: "web")).get("/b/x").servedBy == "b")
            let client = try TestSocket(port: proxy.port(of: "web"))
            #expect(try client.get("/nowhere").status == 503)
            #expect(client.closes())
            #expect(a.requests.isEmpty)
        }
    }
}
