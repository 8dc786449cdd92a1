import Foundation
import NIOPosix
import Testing

/// `http-request` and `http-response` rules, `option forwardfor`, `monitor-uri` and `errorfile`, seen from a client
/// and from the server behind the proxy.
@Suite("HTTPE2E: request and response rules", .serialized, .timeLimit(.minutes(2)))
struct HTTPE2ERulesTests {
    let group = MultiThreadedEventLoopGroup.singleton

    /// The values of the fields named `name` (any case) of a request the server received.
    private func values(_ name: String, in request: TestHTTPBackend.Request?) -> [String] {
        request?.headers.filter { $0.0.lowercased() == name.lowercased() }.map(\.1) ?? []
    }

    private func values(_ name: String, in response: TestHTTPResponse) -> [String] {
        response.headers.filter { $0.0.lowercased() == name.lowercased() }.map(\.1)
    }

    private func oneBackendProxy(frontend: String, backend: String = "", _ body: (ProxyHarness, TestHTTPBackend) async throws -> Void) async throws {
        let config = { (backends: [TestHTTPBackend]) in
            switchingConfig(a: backends[0].port, b: backends[1].port, frontend: frontend, backendA: backend)
        }
        try await withHTTPBackends(["a", "b"], group: group, config: config) { proxy, backends in
            try await body(proxy, backends[0])
        }
    }

    @Test func headerAndPathRulesEditTheRequestTheServerSees() async throws {
        try await oneBackendProxy(frontend: """
            http-request set-header X-Set set-value
            http-request add-header X-Add added
            http-request del-header X-Secret
            http-request set-path /rewritten if { path_beg /old }
            http-request set-header X-Was-Post yes if { method POST }
            """) { proxy, backend in
            let client = try TestSocket(port: proxy.port(of: "web"))
            let response = try client.get("/old/page?q=1", headers: ["X-Set: from-client", "X-Add: from-client", "X-Secret: s3cr3t"])
            #expect(response.status == 200)
            let request = backend.requests.last
            #expect(request?.target == "/rewritten?q=1")
            #expect(values("x-set", in: request) == ["set-value"])
            #expect(values("x-add", in: request) == ["from-client", "added"])
            #expect(values("x-secret", in: request).isEmpty)
            #expect(values("x-was-post", in: request).isEmpty)
            try client.send(rawRequest("POST /other HTTP/1.1", "Host: e2e.test", "Content-Length: 2", body: "hi"))
            #expect(try client.readResponse(within: 10).body == "a POST /other 2\n")
            #expect(values("x-was-post", in: backend.requests.last) == ["yes"])
        }
    }

    @Test func denyAnswers403OrTheDenyStatusAndClosesWithoutTheServer() async throws {
        try await oneBackendProxy(frontend: """
            http-request deny if { path_beg /private }
            http-request deny deny_status 429 if { path_beg /limited }
            """) { proxy, backend in
            for (target, status) in [("/private/x", 403), ("/limited", 429)] {
                let client = try TestSocket(port: proxy.port(of: "web"))
                #expect(try client.get(target).status == status, "\(target)")
                #expect(client.closes(), "\(target): the connection stayed open")
            }
            #expect(try TestSocket(port: proxy.port(of: "web")).get("/public").status == 200)
            #expect(backend.requests.map(\.target) == ["/public"])
        }
    }

    @Test func returnAnswersFromTheProxyAndKeepsTheConnection() async throws {
        try await oneBackendProxy(frontend: """
            http-request return status 200 content-type text/plain string "hello from ferry" if { path /hello }
            http-request return status 404 if { path /gone }
            """) { proxy, backend in
            let client = try TestSocket(port: proxy.port(of: "web"))
            let hello = try client.get("/hello")
            #expect(hello.status == 200 && hello.body == "hello from ferry")
            #expect(hello.header("content-type") == "text/plain")
            #expect(try client.get("/gone").status == 404)
            #expect(try client.get("/next").body == "a GET /next 0\n")
            #expect(backend.requests.map(\.target) == ["/next"])
        }
    }

    @Test func redirectsCarryTheirCodeAndLocation() async throws {
        try await oneBackendProxy(frontend: """
            http-request redirect location https://example.test/new code 301 if { path /loc }
            http-request redirect prefix https://www.example.test code 302 if { path_beg /pre }
            http-request redirect scheme https code 303 if { path_beg /sch }
            http-request redirect location /temporary code 307 if { path /t }
            http-request redirect prefix /v2 code 308 if { path_beg /perm }
            http-request redirect location /default if { path /d }
            http-request redirect prefix https://dq.example.test drop-query if { path_beg /dq }
            """) { proxy, backend in
            let cases: [(target: String, status: Int, location: String)] = [
                ("/loc", 301, "https://example.test/new"),
                ("/pre/x?q=1", 302, "https://www.example.test/pre/x?q=1"),
                ("/sch/y?z=2", 303, "https://e2e.test/sch/y?z=2"),
                ("/t", 307, "/temporary"),
                ("/perm/a", 308, "/v2/perm/a"),
                ("/d", 302, "/default"),
                ("/dq/p?drop=1", 302, "https://dq.example.test/dq/p"),
            ]
            // All on one connection: a redirect does not end it.
            let client = try TestSocket(port: proxy.port(of: "web"))
            for expected in cases {
                let response = try client.get(expected.target)
                #expect(response.status == expected.status, "\(expected.target)")
                #expect(response.header("location") == expected.location, "\(expected.target)")
            }
            #expect(backend.requests.isEmpty)
        }
    }

    @Test func responseRulesEditWhatTheClientGets() async throws {
        try await oneBackendProxy(frontend: """
            http-response set-header X-Served-By ferry
            http-response set-header x-echo-X-Override forced
            http-response del-header x-echo-X-Drop
            http-response add-header X-Extra one
            http-response set-header X-Local yes if { src 127.0.0.1 }
            http-response set-header X-Remote yes unless { src 127.0.0.1 }
            """, backend: "http-response add-header X-Backend-Rule a") { proxy, _ in
            let client = try TestSocket(port: proxy.port(of: "web"))
            let response = try client.get("/resp", headers: ["X-Override: original", "X-Drop: 1", "X-Keep: 1"])
            #expect(response.status == 200 && response.body == "a GET /resp 0\n")
            #expect(values("x-served-by", in: response) == ["ferry"])
            #expect(values("x-echo-x-override", in: response) == ["forced"])
            #expect(values("x-echo-x-drop", in: response).isEmpty)
            #expect(values("x-echo-x-keep", in: response) == ["1"])
            #expect(values("x-extra", in: response) == ["one"])
            #expect(values("x-local", in: response) == ["yes"])
            #expect(values("x-remote", in: response).isEmpty)
            #expect(values("x-backend-rule", in: response) == ["a"])
        }
    }

    struct ForwardForCase: Sendable, CustomStringConvertible {
        var option: String
        var sent: [String] = []
        var header = "x-forwarded-for"
        var expected: [String]

        var description: String { "\(option) \(sent)" }
    }

    @Test(arguments: [
        ForwardForCase(option: "option forwardfor", expected: ["127.0.0.1"]),
        ForwardForCase(option: "option forwardfor except 127.0.0.0/8", expected: []),
        ForwardForCase(option: "option forwardfor header X-Client-IP", header: "x-client-ip", expected: ["127.0.0.1"]),
        ForwardForCase(option: "option forwardfor", sent: ["X-Forwarded-For: 192.0.2.1"], expected: ["192.0.2.1", "127.0.0.1"]),
        ForwardForCase(option: "option forwardfor if-none", sent: ["X-Forwarded-For: 192.0.2.1"], expected: ["192.0.2.1"]),
    ])
    func forwardForTellsTheServerTheClientAddress(_ forward: ForwardForCase) async throws {
        try await oneBackendProxy(frontend: forward.option) { proxy, backend in
            let response = try TestSocket(port: proxy.port(of: "web")).get("/ff", headers: forward.sent)
            #expect(values(forward.header, in: backend.requests.last) == forward.expected, "\(forward)")
            // The backend echoes what it got: the client sees the same through `x-echo-` fields.
            #expect(values("x-echo-\(forward.header)", in: response) == forward.expected, "\(forward)")
            if forward.header != "x-forwarded-for" {
                #expect(values("x-forwarded-for", in: backend.requests.last).isEmpty)
            }
        }
    }

    @Test func monitorURIAnswersWithoutAnyServer() async throws {
        let refused = try refusedPort()
        let b = try await TestHTTPBackend.start(name: "b", group: group)
        try await withProxy(switchingConfig(a: refused, b: b.port, frontend: "monitor-uri /healthz", backendA: "retries 0")) { proxy in
            let client = try TestSocket(port: proxy.port(of: "web"))
            #expect(try client.get("/healthz").status == 200)
            // The monitor answer keeps the connection; other requests still go to the (down) server.
            #expect(try client.get("/healthz").status == 200)
            #expect(try client.get("/other").status == 503)
            #expect(b.requests.isEmpty)
        }
        await b.stop()
    }

    @Test func errorfilesReplaceTheProxysOwnPages() async throws {
        let page503 = try temporaryConfig(
            "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nX-Page: custom\r\n\r\ncustom sorry page\n", name: "503.http")
        let page403 = try temporaryConfig(
            "HTTP/1.1 403 Forbidden\nContent-Type: text/plain\n\nnot for you\n", name: "403.http")
        let refused = try refusedPort()
        let b = try await TestHTTPBackend.start(name: "b", group: group)
        let config = switchingConfig(
            a: refused, b: b.port, frontend: "errorfile 503 \(page503)\nerrorfile 403 \(page403)\nhttp-request deny if { path /deny }",
            backendA: "retries 0")
        try await withProxy(config) { proxy in
            let unavailable = try TestSocket(port: proxy.port(of: "web")).get("/down")
            #expect(unavailable.status == 503)
            #expect(unavailable.body == "custom sorry page\n")
            #expect(unavailable.header("x-page") == "custom")
            let denied = try TestSocket(port: proxy.port(of: "web")).get("/deny")
            #expect(denied.status == 403 && denied.body == "not for you\n")
        }
        await b.stop()
    }
}
