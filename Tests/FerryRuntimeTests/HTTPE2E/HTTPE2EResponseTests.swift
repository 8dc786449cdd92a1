import NIOPosix
import Testing

/// A response a strict proxy must refuse: the client gets a 502 and none of it.
struct InvalidResponse: Sendable, CustomStringConvertible {
    var name: String
    var bytes: [UInt8]

    var description: String { name }

    init(_ name: String, _ text: String) {
        self.name = name
        self.bytes = Array(text.utf8)
    }
}

/// Every invalid response carries this in its body: it must never reach the client.
private let secret = "SECRET-FROM-SERVER"

enum InvalidResponses {
    /// `lines` (a status line, then fields), each ended by CRLF, then `Content-Length: 18` and the secret as the body.
    private static func withSecret(_ name: String, _ lines: String...) -> InvalidResponse {
        InvalidResponse(name, lines.map { $0 + "\r\n" }.joined() + "Content-Length: 18\r\n\r\n\(secret)")
    }

    static let all: [InvalidResponse] = [
        withSecret("status code of four digits", "HTTP/1.1 2000 OK"),
        withSecret("status code above 599", "HTTP/1.1 600 Odd"),
        withSecret("status line without a code", "HTTP/1.1 OK"),
        withSecret("garbage status line", "FOO BAR BAZ"),
        withSecret("lower-case version", "http/1.1 200 OK"),
        withSecret("HTTP/2.0 status line", "HTTP/2.0 200 OK"),
        .init("Content-Length with Transfer-Encoding",
              "HTTP/1.1 200 OK\r\nContent-Length: 23\r\nTransfer-Encoding: chunked\r\n\r\n12\r\n\(secret)\r\n0\r\n\r\n"),
        .init("differing duplicate Content-Length", "HTTP/1.1 200 OK\r\nContent-Length: 18\r\nContent-Length: 5\r\n\r\n\(secret)"),
        .init("non-numeric Content-Length", "HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\n\(secret)"),
        .init("Transfer-Encoding in HTTP/1.0", "HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n12\r\n\(secret)\r\n0\r\n\r\n"),
        .init("chunked twice", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, chunked\r\n\r\n12\r\n\(secret)\r\n0\r\n\r\n"),
        withSecret("obs-fold", "HTTP/1.1 200 OK", "X-A: one", " two"),
        withSecret("NUL in a field value", "HTTP/1.1 200 OK", "X-A: a\u{00}b"),
        .init("space before a colon", "HTTP/1.1 200 OK\r\nContent-Length : 18\r\n\r\n\(secret)"),
        .init("bare LF line endings", "HTTP/1.1 200 OK\nContent-Length: 18\n\n\(secret)"),
        withSecret("head larger than tune.bufsize", "HTTP/1.1 200 OK", "X-Big: \(String(repeating: "b", count: 17_000))"),
        .init("101 header fields",
              "HTTP/1.1 200 OK\r\n" + (1...101).map { "X-F\($0): \($0)\r\n" }.joined() + "Content-Length: 18\r\n\r\n\(secret)"),
        .init("invalid chunk size in the first read",
              "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n\(secret)\r\n0\r\n\r\n"),
        .init("chunk data without its CRLF in the first read",
              "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n\(secret)\r\n0\r\n\r\n"),
    ]
}

@Suite("HTTPE2E: invalid and cut-short responses", .serialized, .timeLimit(.minutes(2)))
struct HTTPE2EResponseTests {
    let group = MultiThreadedEventLoopGroup.singleton

    /// Starts a server that plays `script` and a proxy in front of it, sends `GET target` from a new client, and runs
    /// `body` with the proxy, the server and the client; stops the proxy and the server after.
    private func exchange(
        _ script: [ScriptedBackend.Step], get target: String,
        _ body: (ProxyHarness, ScriptedBackend, TestSocket) async throws -> Void
    ) async throws {
        let server = try await ScriptedBackend.start(script, group: group)
        try await withProxy(httpConfig(server: "s", port: server.port), stopping: [server]) { proxy in
            let client = try TestSocket(port: proxy.port(of: "web"))
            try client.send(rawRequest("GET \(target) HTTP/1.1", "Host: e2e.test"))
            try await body(proxy, server, client)
        }
    }

    @Test(arguments: InvalidResponses.all)
    func invalidResponseBecomes502AndIsNotForwarded(_ invalid: InvalidResponse) async throws {
        // The server sends the response and keeps the connection open: the 502 must come from parsing it, not
        // from the close.
        try await exchange([.sendBytes(invalid.bytes)], get: "/invalid") { _, server, client in
            let everything = String(bytes: try client.readToEnd(within: 10))
            #expect(everything.hasPrefix("HTTP/1.1 502 "), "\(invalid.name): \(everything.prefix(300).debugDescription)")
            #expect(!everything.contains(secret), "\(invalid.name): the response was forwarded")
            #expect(await eventually(within: 5) { server.openConnections == 0 }, "\(invalid.name): the server connection stayed open")
        }
    }

    @Test func aServerClosingMidBodyClosesTheClientConnection() async throws {
        let script: [ScriptedBackend.Step] = [.send("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial"), .waitForProceed, .close]
        try await exchange(script, get: "/cut") { proxy, server, client throws in
            let seen = client.read(untilContaining: "partial", within: 10)
            #expect(String(bytes: seen).hasPrefix("HTTP/1.1 200 "))
            server.proceed()
            // The client is not left waiting for the 93 missing bytes: its connection ends.
            #expect(try client.readToEnd(within: 10).isEmpty)
            #expect(await proxy.waitForLog(containing: "\"GET /cut HTTP/1.1\"")?.contains(" SD") == true, "\(proxy.logLines)")
        }
    }

    @Test func aServerClosingMidChunkedBodyClosesTheClientConnection() async throws {
        let script: [ScriptedBackend.Step] = [
            .send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n"), .waitForProceed, .close,
        ]
        try await exchange(script, get: "/cut-chunked") { _, server, client in
            var seen = client.read(untilContaining: "hello\r\n", within: 10)
            server.proceed()
            seen += try client.readToEnd(within: 10)
            let text = String(bytes: seen)
            #expect(text.hasPrefix("HTTP/1.1 200 "))
            #expect(!text.hasSuffix("0\r\n\r\n"), "the proxy completed a body the server cut short: \(text.debugDescription)")
        }
    }

    @Test func aBadChunkAfterTheHeadWasForwardedClosesTheClientConnection() async throws {
        let script: [ScriptedBackend.Step] = [
            .send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n"), .waitForProceed,
            .send("zz\r\n\(secret)\r\n0\r\n\r\n"),
        ]
        try await exchange(script, get: "/bad-later") { _, server, client in
            var seen = client.read(untilContaining: "hello\r\n", within: 10)
            server.proceed()
            seen += try client.readToEnd(within: 10)
            #expect(!String(bytes: seen).contains(secret))
            #expect(await eventually(within: 5) { server.openConnections == 0 }, "the server connection stayed open")
        }
    }

    @Test func aServerClosingInsideTheHeadGives502() async throws {
        try await exchange([.send("HTTP/1.1 200 OK\r\nContent-Le"), .close], get: "/half-head") { _, _, client throws in
            #expect(try client.readResponse(within: 10).status == 502)
            #expect(client.closes())
        }
    }
}
