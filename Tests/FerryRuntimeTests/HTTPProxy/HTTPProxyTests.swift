import Foundation
import NIOPosix
import Testing

@testable import FerryRuntime

/// The start of the `mode http` test configs: `global`, `defaults`, and frontend `web` up to its `bind` line.
let httpConfigPreamble = """
    global
        nbthread 2
    defaults
        mode http
        option httplog
        timeout connect 2s
        timeout client 1m
        timeout server 1m
    frontend web
        bind 127.0.0.1:0
    """

/// A `mode http` frontend in front of one backend, with `extra` lines in the frontend.
func httpConfig(servers: [String], frontend extra: String = "", backend backendExtra: String = "") -> String {
    """
    \(httpConfigPreamble)
    \(extra)
        default_backend app
    backend app
    \(backendExtra)
    \(servers.joined(separator: "\n"))
    """
}

/// `httpConfig(servers:frontend:backend:)` with one server, `name` at 127.0.0.1:`port`.
func httpConfig(server name: String, port: Int, frontend: String = "", backend: String = "") -> String {
    httpConfig(servers: ["    server \(name) 127.0.0.1:\(port)"], frontend: frontend, backend: backend)
}

/// Runs `body` against a proxy from `httpConfig` whose only server, `a`, is a `TestHTTPBackend` named `a`; stops both
/// after (also when `body` throws).
func withOneHTTPBackend(
    frontend: String = "", backend: String = "", _ body: (ProxyHarness, TestHTTPBackend) async throws -> Void
) async throws {
    try await withHTTPBackends(["a"], config: { httpConfig(server: "a", port: $0[0].port, frontend: frontend, backend: backend) }) {
        try await body($0, $1[0])
    }
}

@Suite("HTTP proxying over real sockets", .serialized, .timeLimit(.minutes(1)))
struct HTTPProxyTests {
    let group = MultiThreadedEventLoopGroup.singleton

    @Test func aRequestGoesThroughAndTheResponseComesBack() async throws {
        try await withOneHTTPBackend { proxy, _ in
            let client = try TestSocket(port: proxy.port(of: "web"))
            try client.send("GET /hello?x=1 HTTP/1.1\r\nHost: example.test\r\nX-Custom: yes\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.body == "a GET /hello?x=1 0\n")
            #expect(response.header("x-echo-X-Custom") == "yes")
            #expect(response.header("x-echo-Host") == "example.test")
            #expect(await proxy.waitForLog(containing: "\"GET /hello?x=1 HTTP/1.1\"")?.contains("web app/a ") == true)
        }
    }

    @Test func keepAliveCarriesSeveralRequestsAndPipelinedOnesAnswerInOrder() async throws {
        try await withOneHTTPBackend { proxy, _ in
            let client = try TestSocket(port: proxy.port(of: "web"))
            for index in 0..<3 {
                try client.send("GET /seq/\(index) HTTP/1.1\r\nHost: x\r\n\r\n")
                #expect(try client.readResponse().body == "a GET /seq/\(index) 0\n")
            }
            try client.send("GET /p/1 HTTP/1.1\r\nHost: x\r\n\r\nGET /p/2 HTTP/1.1\r\nHost: x\r\n\r\nHEAD /p/3 HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try client.readResponse().body == "a GET /p/1 0\n")
            #expect(try client.readResponse().body == "a GET /p/2 0\n")
            let head = try client.readResponse(bodyless: true)
            #expect(head.status == 200 && head.header("content-length") == "14")
            try client.send("GET /last HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            let last = try client.readResponse()
            #expect(last.body == "a GET /last 0\n")
            #expect(last.header("connection") == "close")
            #expect(client.read(within: 5) == .end)
        }
    }

    @Test func serverConnectionsAreKeptAliveAndReused() async throws {
        try await withOneHTTPBackend { proxy, backend in
            let client = try TestSocket(port: proxy.port(of: "web"))
            for index in 0..<5 {
                try client.send("GET /k/\(index) HTTP/1.1\r\nHost: x\r\n\r\n")
                #expect(try client.readResponse().status == 200)
            }
            #expect(backend.connectionCount == 1)
            // New client connections, each closing after one request, reuse the pooled server connections (one pool
            // per event loop: at most one per loop here, as the requests never overlap).
            for index in 0..<6 {
                let once = try TestSocket(port: proxy.port(of: "web"))
                try once.send("GET /once/\(index) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                #expect(try once.readResponse().status == 200)
            }
            #expect(backend.connectionCount <= 2, "\(backend.connectionCount) server connections")
            // The client's `Connection: close` was not passed on to the server.
            #expect(backend.requests.allSatisfy { request in !request.headers.contains { $0.0.lowercased() == "connection" } })
        }
    }

    @Test func aGracefulStopClosesIdleKeepAliveConnectionsAtOnce() async throws {
        let backend = try await TestHTTPBackend.start(name: "a", group: group)
        let proxy = try await ProxyHarness(config: httpConfig(servers: ["    server a 127.0.0.1:\(backend.port)"]))
        let client = try TestSocket(port: proxy.port(of: "web"))
        try client.send("GET /idle HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try client.readResponse().status == 200)
        // Idle on both sides now: the client between requests, the server connection in the pool.
        await proxy.runtime.stop(hardStopAfter: .seconds(30))
        #expect(proxy.logLines.contains { $0.contains("ferry stopped: drained") }, "log: \(proxy.logLines)")
        #expect(client.read(within: 5) == .end)
        await backend.stop()
    }

    @Test func httpServerCloseOpensAConnectionPerRequest() async throws {
        try await withOneHTTPBackend(backend: "    option http-server-close") { proxy, backend in
            let client = try TestSocket(port: proxy.port(of: "web"))
            for index in 0..<3 {
                try client.send("GET /c/\(index) HTTP/1.1\r\nHost: x\r\n\r\n")
                #expect(try client.readResponse().status == 200)
            }
            #expect(backend.connectionCount == 3)
            #expect(backend.requests.allSatisfy { request in request.headers.contains { $0 == ("Connection", "close") } })
        }
    }

    /// Flushes wait for the end of the loop iteration (`LoopTick`). A client's FIN that the loop handles right after
    /// the response, in the same iteration, closes the connection: the response must go out first. The proxy's only
    /// event loop is held while both arrive, so that it sees them in one wake-up. Whether the FIN or the response
    /// comes first in it varies (epoll re-queues level-triggered descriptors), so the test makes several rounds.
    @Test func aFinHandledInTheIterationOfTheResponseDoesNotCutTheResponse() async throws {
        let server = try RawTestListener()
        let config = httpConfig(server: "a", port: server.port).replacingOccurrences(of: "nbthread 2", with: "nbthread 1")
        func response(_ body: String) -> String { "HTTP/1.1 200 OK\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)" }
        try await withProxy(config) { proxy in
            let loop = proxy.runtime.listeners[0].channel.eventLoop
            var upstream: TestSocket?
            for round in 0..<8 {
                let client = try TestSocket(port: proxy.port(of: "web"))
                try client.send("GET /one HTTP/1.1\r\nHost: x\r\n\r\n")
                // One server connection for every round: the pool hands it from client to client.
                let server = try upstream ?? server.accept()
                upstream = server
                #expect(try server.readHead().hasPrefix("GET /one "))
                try server.send(response("one"))
                #expect(try client.readResponse().body == "one")
                try client.send("GET /two HTTP/1.1\r\nHost: x\r\n\r\n")
                #expect(try server.readHead().hasPrefix("GET /two "))

                let entered = DispatchSemaphore(value: 0)
                let release = DispatchSemaphore(value: 0)
                loop.execute {
                    entered.signal()
                    _ = release.wait(timeout: .now() + 5)
                }
                #expect(entered.wait(timeout: .now() + 5) == .success)
                try server.send(response("two"))
                client.shutdownWrite()
                release.signal()
                let rest = String(decoding: try client.readToEnd(), as: UTF8.self)
                #expect(rest.hasPrefix("HTTP/1.1 200 OK\r\n") && rest.hasSuffix("\r\n\r\ntwo"), "round \(round): \(rest)")
            }
        }
    }

    @Test func http10ClientsCloseUnlessTheyAskForKeepAlive() async throws {
        try await withOneHTTPBackend { proxy, _ in
            let plain = try TestSocket(port: proxy.port(of: "web"))
            try plain.send("GET /old HTTP/1.0\r\n\r\n")
            let first = try plain.readResponse()
            #expect(first.status == 200 && first.body == "a GET /old 0\n")
            #expect(plain.read(within: 5) == .end)
            let keepAlive = try TestSocket(port: proxy.port(of: "web"))
            for index in 0..<2 {
                try keepAlive.send("GET /ka/\(index) HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
                let response = try keepAlive.readResponse()
                #expect(response.body == "a GET /ka/\(index) 0\n")
                #expect(response.header("connection")?.lowercased() == "keep-alive")
            }
        }
    }

    @Test func requestBodiesStreamWithContentLengthAndChunked() async throws {
        try await withOneHTTPBackend { proxy, _ in
            let client = try TestSocket(port: proxy.port(of: "web"))
            let body = [UInt8](repeating: 65, count: 1_000_000)
            try client.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.count)\r\n\r\n")
            try client.send(body)
            #expect(try client.readResponse().body == "a POST /upload 1000000\n")
            try client.send("POST /chunks HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n")
            #expect(try client.readResponse().body == "a POST /chunks 11\n")
        }
    }

    @Test func chunkedAndBodylessResponses() async throws {
        try await withOneHTTPBackend { proxy, _ in
            let client = try TestSocket(port: proxy.port(of: "web"))
            try client.send("GET /chunked HTTP/1.1\r\nHost: x\r\n\r\n")
            let chunked = try client.readResponse()
            #expect(chunked.header("transfer-encoding") == "chunked")
            #expect(chunked.body == "a GET /chunked 0\n")
            try client.send("GET /status/204 HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try client.readResponse().status == 204)
            try client.send("GET /after HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try client.readResponse().body == "a GET /after 0\n")
        }
    }

    @Test func malformedRequestsGet400AndTheConnectionCloses() async throws {
        try await withOneHTTPBackend { proxy, backend in
            for raw in [
                "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
                "GET / HTTP/1.2\r\nHost: x\r\n\r\n",
                "GET / HTTP/1.1\r\nBad Header: x\r\n\r\n",
                "GET / HTTP/1.1\nHost: x\n\n",
            ] {
                let client = try TestSocket(port: proxy.port(of: "web"))
                try client.send(raw)
                let response = try client.readResponse()
                #expect(response.status == 400, "\(raw.debugDescription)")
                #expect(client.read(within: 5) == .end)
            }
            #expect(backend.requests.isEmpty)
        }
    }

    @Test func slowHeadersGet408() async throws {
        try await withOneHTTPBackend(frontend: "    timeout http-request 200ms") { proxy, _ in
            let client = try TestSocket(port: proxy.port(of: "web"))
            try client.send("GET / HTTP/1.1\r\nHost: x\r\n")
            let response = try client.readResponse()
            #expect(response.status == 408)
        }
    }

    @Test func serverFailuresMapTo502And503And504() async throws {
        let backend = try await TestHTTPBackend.start(name: "a", group: group)
        let closing = try await TestBackend.start(.bannerThenHalfClose(""), group: group)
        let refused = try refusedPort()
        let cases: [(server: String, extra: String, target: String, status: Int)] = [
            ("127.0.0.1:\(refused)", "    retries 0", "/", 503),
            ("127.0.0.1:\(backend.port)", "    timeout server 200ms", "/hang", 504),
        ]
        for testCase in cases {
            let proxy = try await ProxyHarness(config: httpConfig(
                servers: ["    server s \(testCase.server)"], backend: testCase.extra
            ))
            let client = try TestSocket(port: proxy.port(of: "web"))
            try client.send("GET \(testCase.target) HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try client.readResponse().status == testCase.status, "\(testCase)")
            await proxy.stop()
        }
        // A server that closes without answering: 502.
        let proxy = try await ProxyHarness(config: httpConfig(servers: ["    server s 127.0.0.1:\(closing.port)"]))
        let client = try TestSocket(port: proxy.port(of: "web"))
        try client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try client.readResponse().status == 502)
        await proxy.stop()
        await backend.stop()
        await closing.stop()
    }

    @Test func anIdempotentRequestWithoutAnswerIsRetriedOnAnotherServer() async throws {
        let closing = try await TestBackend.start(.bannerThenHalfClose(""), group: group)
        let good = try await TestHTTPBackend.start(name: "good", group: group)
        let proxy = try await ProxyHarness(config: httpConfig(servers: [
            "    server closing 127.0.0.1:\(closing.port)", "    server good 127.0.0.1:\(good.port)",
        ]))
        let client = try TestSocket(port: proxy.port(of: "web"))
        // Round-robin starts with the server that closes without answering: the GET is sent again to the other.
        try client.send("GET /retry HTTP/1.1\r\nHost: x\r\n\r\n")
        let retried = try client.readResponse()
        #expect(retried.status == 200 && retried.body == "good GET /retry 0\n")
        await proxy.stop()
        // Alone, the closing server gets a POST once (502), a GET once plus `retries` (2) times, then 502.
        let alone = try await ProxyHarness(config: httpConfig(
            servers: ["    server closing 127.0.0.1:\(closing.port)"], backend: "    retries 2"
        ))
        let before = closing.connectionCount
        let post = try TestSocket(port: alone.port(of: "web"))
        try post.send("POST /once HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
        #expect(try post.readResponse().status == 502)
        #expect(closing.connectionCount == before + 1)
        let get = try TestSocket(port: alone.port(of: "web"))
        try get.send("GET /thrice HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try get.readResponse().status == 502)
        #expect(closing.connectionCount == before + 4)
        await alone.stop()
        await closing.stop()
        await good.stop()
    }

    @Test func curlThroughTheProxy() async throws {
        let curl = try #require(["/usr/bin/curl"].first { FileManager.default.isExecutableFile(atPath: $0) }, "curl is not installed; run scripts/setup --test")
        try await withOneHTTPBackend { proxy, _ in
            let process = try FerryProcess(executable: curl, arguments: ["-s", "-m", "5", "http://127.0.0.1:\(proxy.port(of: "web"))/via-curl"])
            #expect(await process.waitForExit() == 0)
            #expect(process.standardOutput == "a GET /via-curl 0\n")
        }
    }
}
