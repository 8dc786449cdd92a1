import NIOPosix
import Testing

@testable import FerryRuntime

@Suite("Sticky sessions by cookie", .serialized, .timeLimit(.minutes(1)))
struct StickyCookieTests {
    let group = MultiThreadedEventLoopGroup.singleton

    private func request(_ client: TestSocket, _ target: String, cookie: String? = nil) throws -> TestHTTPResponse {
        try client.send("GET \(target) HTTP/1.1\r\nHost: x\r\n\(cookie.map { "Cookie: \($0)\r\n" } ?? "")\r\n")
        return try client.readResponse()
    }

    @Test func insertIndirectSetsTheCookieOnceAndSticks() async throws {
        let a = try await TestHTTPBackend.start(name: "a", group: group)
        let b = try await TestHTTPBackend.start(name: "b", group: group)
        let proxy = try await ProxyHarness(config: httpConfig(
            servers: ["    server a 127.0.0.1:\(a.port) cookie sa", "    server b 127.0.0.1:\(b.port) cookie sb"],
            backend: "    cookie SRV insert indirect nocache httponly"
        ))
        let client = try TestSocket(port: proxy.port(of: "web"))
        let first = try request(client, "/first")
        #expect(first.body.hasPrefix("a "))
        #expect(first.header("set-cookie") == "SRV=sa; path=/; HttpOnly")
        #expect(first.header("cache-control") == "private")
        // Round-robin would go to b next; the cookie keeps every request on b, and b never sees the cookie.
        for index in 0..<4 {
            let sticky = try request(client, "/s/\(index)", cookie: "theme=dark; SRV=sb")
            #expect(sticky.body.hasPrefix("b "), "request \(index): \(sticky.body)")
            #expect(sticky.header("set-cookie") == nil)
        }
        #expect(b.requests.allSatisfy { request in request.headers.contains { $0 == ("Cookie", "theme=dark") } })
        await proxy.stop()
        await a.stop()
        await b.stop()
    }

    @Test func aDisabledOrFailingServerIsReplacedAndTheCookieRewritten() async throws {
        let a = try await TestHTTPBackend.start(name: "a", group: group)
        let refused = try refusedPort()
        let proxy = try await ProxyHarness(config: httpConfig(
            servers: [
                "    server a 127.0.0.1:\(a.port) cookie sa",
                "    server down 127.0.0.1:\(refused) cookie sdown",
                "    server off 127.0.0.1:\(a.port) cookie soff disabled",
            ],
            backend: "    cookie SRV insert indirect\n    retries 1\n    option redispatch\n    timeout connect 200ms"
        ))
        let client = try TestSocket(port: proxy.port(of: "web"))
        let redispatched = try request(client, "/r", cookie: "SRV=sdown")
        #expect(redispatched.status == 200 && redispatched.body.hasPrefix("a "))
        #expect(redispatched.header("set-cookie") == "SRV=sa; path=/")
        let fromDisabled = try request(client, "/d", cookie: "SRV=soff")
        #expect(fromDisabled.body.hasPrefix("a "))
        #expect(fromDisabled.header("set-cookie") == "SRV=sa; path=/")
        await proxy.stop()
        await a.stop()
    }

    @Test func rewriteAndPrefixModesEditTheApplicationsCookie() async throws {
        let a = try await TestHTTPBackend.start(name: "a", group: group)
        for (mode, expected) in [("rewrite", "SRV=sa; path=/; HttpOnly"), ("prefix", "SRV=sa~app-value; path=/; HttpOnly")] {
            let proxy = try await ProxyHarness(config: httpConfig(
                servers: ["    server a 127.0.0.1:\(a.port) cookie sa"], backend: "    cookie SRV \(mode)"
            ))
            let client = try TestSocket(port: proxy.port(of: "web"))
            #expect(try request(client, "/setcookie").header("set-cookie") == expected, "\(mode)")
            await proxy.stop()
        }
        // In prefix mode the server gets its own value back, without the proxy's prefix.
        let proxy = try await ProxyHarness(config: httpConfig(
            servers: ["    server a 127.0.0.1:\(a.port) cookie sa"], backend: "    cookie SRV prefix"
        ))
        let client = try TestSocket(port: proxy.port(of: "web"))
        _ = try request(client, "/back", cookie: "SRV=sa~app-value")
        #expect(a.requests.last?.headers.contains { $0 == ("Cookie", "SRV=app-value") } == true, "\(a.requests.last?.headers ?? [])")
        await proxy.stop()
        await a.stop()
    }
}
