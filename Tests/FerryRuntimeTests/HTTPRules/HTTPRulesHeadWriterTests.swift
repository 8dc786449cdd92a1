import FerryModel
import NIOCore
import Testing

@testable import FerryRuntime

@Suite struct HTTPRulesHeadWriterTests {
    func rewrittenRequest(
        _ text: String, edits: HeadEdits = HeadEdits(), connection: ConnectionHeader = .none
    ) throws -> String {
        let parsed = try ParsedMessage.request(text)
        var output = ByteBuffer()
        HeadWriter.writeRequest(parsed.head, from: parsed.buffer, edits: edits, connection: connection, into: &output)
        return output.text
    }

    func rewrittenResponse(
        _ text: String, to method: HTTPHead.Method = .get, edits: HeadEdits = HeadEdits(),
        connection: ConnectionHeader = .none
    ) throws -> String {
        let parsed = try ParsedMessage.response(text, to: method)
        var output = ByteBuffer()
        HeadWriter.writeResponse(parsed.head, from: parsed.buffer, edits: edits, connection: connection, into: &output)
        return output.text
    }

    func needsRewrite(_ text: String, edits: HeadEdits = HeadEdits(), connection: ConnectionHeader = .none) throws -> Bool {
        let parsed = try ParsedMessage.request(text)
        return HeadWriter.needsRewrite(parsed.head, edits: edits, connection: connection)
    }

    // MARK: - Fast path

    @Test func plainRequestIsForwardedUntouched() throws {
        #expect(try !needsRewrite(message("GET / HTTP/1.1", "Host: x", "Accept: */*")))
        #expect(try !needsRewrite(message("POST /f HTTP/1.1", "Host: x", "Content-Length: 3")))
        #expect(try !needsRewrite(message("GET / HTTP/1.1", "Host: x", "Connection: keep-alive"), connection: .keepAlive))
        #expect(try !needsRewrite(message("GET / HTTP/1.1", "Host: x", "Connection: close"), connection: .close))
        #expect(try !needsRewrite(
            message("GET /ws HTTP/1.1", "Host: x", "Connection: Upgrade", "Upgrade: websocket"), connection: .upgrade))
    }

    @Test func rewriteIsNeededWhenSomethingChanges() throws {
        let plain = message("GET / HTTP/1.1", "Host: x")
        var edits = HeadEdits()
        edits.addHeader("X-A", "1")
        #expect(try needsRewrite(plain, edits: edits))
        #expect(try needsRewrite(plain, connection: .close))
        // A lone `Connection: keep-alive` may stay on a kept-alive HTTP/1.1 hop; `close` or another token may not.
        #expect(try !needsRewrite(message("GET / HTTP/1.1", "Host: x", "Connection: keep-alive")))
        #expect(try needsRewrite(message("GET / HTTP/1.1", "Host: x", "Connection: close")))
        #expect(try needsRewrite(message("GET / HTTP/1.1", "Host: x", "Connection: keep-alive, x-foo")))
        #expect(try needsRewrite(message("GET / HTTP/1.1", "Host: x", "Connection: close"), connection: .keepAlive))
        #expect(try needsRewrite(message("GET / HTTP/1.1", "Host: x", "Connection: keep-alive, x-foo"),
                                 connection: .keepAlive))
        #expect(try needsRewrite(message("GET / HTTP/1.0", "Host: x")))
        #expect(try needsRewrite(message("GET / HTTP/1.1", "Host: x", "Keep-Alive: timeout=5")))
        #expect(try needsRewrite(message("GET / HTTP/1.1", "Host: x", "Proxy-Connection: keep-alive")))
        #expect(try needsRewrite(message("GET / HTTP/1.1", "Host: x", "TE: trailers")))
        #expect(try needsRewrite(message("GET / HTTP/1.1", "Host: x", "Trailer: X-T")))
        #expect(try needsRewrite(message("GET / HTTP/1.1", "Host: x", "Upgrade: websocket")))
        #expect(try needsRewrite(message("POST / HTTP/1.1", "Host: x", "Content-Length: 3, 3")))
    }

    // MARK: - Requests

    @Test func onlyTheConnectionFieldIsAdded() throws {
        let text = message("GET /a HTTP/1.1", "Host: x", "Accept: */*", "User-Agent: t")
        #expect(try rewrittenRequest(text, connection: .close)
            == message("GET /a HTTP/1.1", "Host: x", "Accept: */*", "User-Agent: t", "Connection: close"))
    }

    @Test func hopByHopFieldsAreRemoved() throws {
        let text = message(
            "GET /a HTTP/1.1", "Host: x", "Connection: keep-alive, X-Secret", "X-Secret: s", "Keep-Alive: timeout=5",
            "Proxy-Connection: keep-alive", "TE: trailers", "Trailer: X-T", "Upgrade: h2c", "x-secret: again",
            "Accept: */*")
        #expect(try rewrittenRequest(text, connection: .keepAlive)
            == message("GET /a HTTP/1.1", "Host: x", "Accept: */*", "Connection: keep-alive"))
    }

    @Test func framingAndHostSurviveBeingNamedByConnection() throws {
        let text = message(
            "POST /a HTTP/1.1", "Host: x", "Connection: content-length, host, transfer-encoding, x-a", "X-A: 1",
            "Content-Length: 2")
        #expect(try rewrittenRequest(text) == message("POST /a HTTP/1.1", "Host: x", "Content-Length: 2"))
    }

    @Test func upgradeIsKeptWhenForwardingASwitch() throws {
        let text = message(
            "GET /chat HTTP/1.1", "Host: x", "Connection: keep-alive, Upgrade", "Upgrade: websocket",
            "Sec-WebSocket-Key: k")
        #expect(try rewrittenRequest(text, connection: .upgrade) == message(
            "GET /chat HTTP/1.1", "Host: x", "Upgrade: websocket", "Sec-WebSocket-Key: k", "Connection: upgrade"))
    }

    @Test func editsAndNewPath() throws {
        var edits = HeadEdits()
        edits.setPath("/new")
        edits.deleteHeader("accept")
        edits.setHeader("X-Added", "v")
        edits.setHeader("Host", "internal")
        let text = message(
            "GET /old/path?x=1&y=2 HTTP/1.1", "Host: example.com", "Accept: */*", "X-Keep: a   ", "Content-Length: 0")
        #expect(try rewrittenRequest(text, edits: edits, connection: .close) == message(
            "GET /new?x=1&y=2 HTTP/1.1", "X-Keep: a   ", "Content-Length: 0", "X-Added: v", "Host: internal",
            "Connection: close"))
    }

    @Test func newPathOfAbsoluteFormKeepsSchemeAndAuthority() throws {
        var edits = HeadEdits()
        edits.setPath("/b")
        #expect(try rewrittenRequest(message("GET http://h.example:81/a?q HTTP/1.1", "Host: h.example:81"), edits: edits)
            == message("GET http://h.example:81/b?q HTTP/1.1", "Host: h.example:81"))
    }

    @Test func newPathIsEncodedWhereATargetCannotHoldIt() throws {
        var edits = HeadEdits()
        edits.setPath("/a b#c\u{e9}")
        #expect(try rewrittenRequest(message("GET /x HTTP/1.1", "Host: h"), edits: edits)
            == message("GET /a%20b%23c%C3%A9 HTTP/1.1", "Host: h"))
        edits.setPath("")
        #expect(try rewrittenRequest(message("GET /x?k HTTP/1.1", "Host: h"), edits: edits)
            == message("GET /?k HTTP/1.1", "Host: h"))
    }

    @Test func pathlessTargetsKeepTheirTarget() throws {
        var edits = HeadEdits()
        edits.setPath("/b")
        #expect(try rewrittenRequest(message("OPTIONS * HTTP/1.1", "Host: h"), edits: edits)
            == message("OPTIONS * HTTP/1.1", "Host: h"))
    }

    @Test func valuesCannotInjectFields() throws {
        var edits = HeadEdits()
        edits.addHeader("X-A", "a\r\nEvil: 1\u{0}")
        #expect(try rewrittenRequest(message("GET / HTTP/1.1", "Host: h"), edits: edits)
            == message("GET / HTTP/1.1", "Host: h", "X-A: a  Evil: 1 "))
    }

    @Test func http10RequestsAreSentAsHTTP11WithAHost() throws {
        #expect(try rewrittenRequest(message("GET /a HTTP/1.0", "Accept: */*"), connection: .close)
            == message("GET /a HTTP/1.1", "Accept: */*", "Host: ", "Connection: close"))
        #expect(try rewrittenRequest(message("GET http://a.example/x HTTP/1.0"))
            == message("GET http://a.example/x HTTP/1.1", "Host: a.example"))
        #expect(try rewrittenRequest(message("GET /a HTTP/1.0", "Host: h"))
            == message("GET /a HTTP/1.1", "Host: h"))
    }

    @Test func leadingEmptyLinesAreNotForwarded() throws {
        #expect(try rewrittenRequest("\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n", connection: .close)
            == message("GET / HTTP/1.1", "Host: h", "Connection: close"))
    }

    @Test func framingFieldsAreCanonicalised() throws {
        #expect(try rewrittenRequest(message("POST / HTTP/1.1", "Host: h", "Content-Length: 5, 5", "X-A: 1"))
            == message("POST / HTTP/1.1", "Host: h", "Content-Length: 5", "X-A: 1"))
        #expect(try rewrittenRequest(message("POST / HTTP/1.1", "Content-Length: 007", "Host: h", "Content-Length: 7"))
            == message("POST / HTTP/1.1", "Content-Length: 7", "Host: h"))
        #expect(try rewrittenResponse(message("HTTP/1.1 200 OK", "Transfer-Encoding: gzip,  Chunked", "X-A: 1"))
            == message("HTTP/1.1 200 OK", "Transfer-Encoding: gzip, chunked", "X-A: 1"))
    }

    // MARK: - Responses

    @Test func responseStatusLineKeepsTheServersReason() throws {
        var edits = HeadEdits()
        edits.deleteHeader("Server")
        edits.addHeader("X-Served-By", "ferry")
        let text = message("HTTP/1.0 200 Fine Thanks", "Server: s", "Content-Length: 2", "Connection: keep-alive")
        #expect(try rewrittenResponse(text, edits: edits, connection: .keepAlive)
            == message("HTTP/1.1 200 Fine Thanks", "Content-Length: 2", "X-Served-By: ferry", "Connection: keep-alive"))
        #expect(try rewrittenResponse(message("HTTP/1.1 204", "Date: d"), connection: .close)
            == message("HTTP/1.1 204 ", "Date: d", "Connection: close"))
    }

    @Test func switchingProtocolsResponseKeepsUpgrade() throws {
        let text = message("HTTP/1.1 101 Switching Protocols", "Connection: Upgrade", "Upgrade: websocket")
        #expect(try rewrittenResponse(text, connection: .upgrade)
            == message("HTTP/1.1 101 Switching Protocols", "Upgrade: websocket", "Connection: upgrade"))
    }

    @Test func connectionHeaderTowardPeers() {
        #expect(ConnectionHeader.toward(peerVersion: .http1_1, keepAlive: true) == .none)
        #expect(ConnectionHeader.toward(peerVersion: .http1_0, keepAlive: true) == .keepAlive)
        #expect(ConnectionHeader.toward(peerVersion: .http1_1, keepAlive: false) == .close)
        #expect(ConnectionHeader.toward(peerVersion: .http1_0, keepAlive: false) == .close)
    }

    // MARK: - option forwardfor

    func forwarded(
        _ option: String, _ lines: String..., client: String = "192.0.2.10", rules: String = ""
    ) throws -> String {
        let frontend = try RulesFixture.frontend(option + "\n" + rules)
        let policy = ForwardedForPolicy(try #require(frontend.forwardFor.value))
        let parsed = try ParsedMessage.request(lines.map { $0 + "\r\n" }.joined() + "\r\n")
        var edits = HeadEdits()
        let ruleSet = HTTPRequestRuleSet(rules: frontend.httpRequestRules, acls: frontend.acls)
        let samples = try parsed.samples(source: client)
        _ = ruleSet.evaluate(samples, into: &edits)
        if let value = policy.value(for: try SocketAddress(ipAddress: client, port: 1)) {
            policy.apply(value: value, head: parsed.head, buffer: parsed.buffer, to: &edits)
        }
        var output = ByteBuffer()
        HeadWriter.writeRequest(parsed.head, from: parsed.buffer, edits: edits, connection: .none, into: &output)
        return output.text
    }

    @Test func forwardForAppendsTheClientAddress() throws {
        #expect(try forwarded("option forwardfor", "GET / HTTP/1.1", "Host: h", "X-Forwarded-For: 203.0.113.1")
            == message("GET / HTTP/1.1", "Host: h", "X-Forwarded-For: 203.0.113.1", "X-Forwarded-For: 192.0.2.10"))
        #expect(try forwarded("option forwardfor", "GET / HTTP/1.1", "Host: h", client: "2001:db8::5")
            == message("GET / HTTP/1.1", "Host: h", "X-Forwarded-For: 2001:db8::5"))
    }

    @Test func forwardForExceptSkipsTheNetwork() throws {
        let option = "option forwardfor except 10.0.0.0/8"
        #expect(try forwarded(option, "GET / HTTP/1.1", "Host: h", client: "10.9.8.7")
            == message("GET / HTTP/1.1", "Host: h"))
        #expect(try forwarded(option, "GET / HTTP/1.1", "Host: h", client: "11.9.8.7")
            == message("GET / HTTP/1.1", "Host: h", "X-Forwarded-For: 11.9.8.7"))
    }

    @Test func forwardForIfNoneAndHeaderName() throws {
        let option = "option forwardfor header X-Real-IP if-none"
        #expect(try forwarded(option, "GET / HTTP/1.1", "Host: h", "x-real-ip: 203.0.113.1")
            == message("GET / HTTP/1.1", "Host: h", "x-real-ip: 203.0.113.1"))
        #expect(try forwarded(option, "GET / HTTP/1.1", "Host: h")
            == message("GET / HTTP/1.1", "Host: h", "X-Real-IP: 192.0.2.10"))
        // The rules run first: a deleted header no longer counts.
        #expect(try forwarded(option, "GET / HTTP/1.1", "Host: h", "X-Real-IP: spoofed",
                              rules: "http-request del-header X-Real-IP")
            == message("GET / HTTP/1.1", "Host: h", "X-Real-IP: 192.0.2.10"))
    }

    @Test func forwardForNeedsAnIPClient() throws {
        let policy = ForwardedForPolicy(ForwardFor())
        #expect(policy.value(for: nil) == nil)
        #expect(policy.value(for: try SocketAddress(unixDomainSocketPath: "/tmp/ferry.sock")) == nil)
    }
}
