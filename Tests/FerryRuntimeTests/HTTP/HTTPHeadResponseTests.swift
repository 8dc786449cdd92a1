import FerryRuntime
import NIOCore
import Testing

@Suite struct HTTPHeadResponseTests {
    private func response(_ text: String, to method: HTTPHead.Method = .get) throws -> HTTPHead {
        try #require(try HTTPHeadParser.parseResponse(buffer(text), requestMethod: method))
    }

    private func framing(_ text: String, to method: HTTPHead.Method = .get) throws -> HTTPFraming {
        try response(text, to: method).info.framing
    }

    @Test func statusLine() throws {
        let text = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
        let head = try response(text)
        #expect(head.status == 404)
        #expect(head.method == nil)
        #expect(head.reason(in: buffer(text)) == "Not Found")
        #expect(head.version == .http1_1)
        #expect(head.info == HTTPMessageInfo(framing: .contentLength(0), keepAlive: true))
        #expect(try response("HTTP/1.0 200 OK\r\n\r\n").version == .http1_0)
    }

    @Test func reasonPhraseMayBeEmptyOrMissing() throws {
        #expect(try response("HTTP/1.1 200 \r\n\r\n").reason(in: buffer("HTTP/1.1 200 \r\n\r\n")) == "")
        #expect(try response("HTTP/1.1 200\r\n\r\n").status == 200)
        #expect(try response("HTTP/1.1 200 caf\u{E9} \t ok\r\n\r\n").status == 200)
    }

    @Test(arguments: [
        ("HTTP/1.1 20 OK\r\n\r\n", HTTPParseError.badStatusCode),
        ("HTTP/1.1 2000 OK\r\n\r\n", .badStatusCode),
        ("HTTP/1.1 099 Low\r\n\r\n", .badStatusCode),
        ("HTTP/1.1 600 High\r\n\r\n", .badStatusCode),
        ("HTTP/1.1 2x0 OK\r\n\r\n", .badStatusCode),
        ("HTTP/1.1  200 OK\r\n\r\n", .badStatusCode),
        ("HTTP/1.1 200\tOK\r\n\r\n", .badStatusLine),
        ("HTTP/1.1 200 O\u{1}K\r\n\r\n", .badStatusLine),
        ("HTTP/1.1 200 OK\rX\r\n\r\n", .badStatusLine),
        ("HTTP/2 200 OK\r\n\r\n", .badVersion),
        ("HTTP/1.2 200 OK\r\n\r\n", .badVersion),
        ("http/1.1 200 OK\r\n\r\n", .badStatusLine),
        ("ICY 200 OK\r\n\r\n", .badStatusLine),
        ("HTTP/1.1\r\n\r\n", .badStatusLine),
        ("HTTP/1.1 200 OK\r\nX : y\r\n\r\n", .whitespaceBeforeColon),
        ("HTTP/1.1 200 OK\r\nX: y\r\n z\r\n\r\n", .obsFold),
        ("HTTP/1.1 200 OK\nX: y\r\n\r\n", .bareLF),
        ("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n",
         .contentLengthWithTransferEncoding),
        ("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", .conflictingContentLength),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", .unsupportedTransferEncoding),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, chunked\r\n\r\n", .unsupportedTransferEncoding),
        ("HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", .transferEncodingInHTTP10),
        ("HTTP/1.1 204 No Content\r\nContent-Length: x\r\n\r\n", .badContentLength),
    ])
    func malformed(_ text: String, _ expected: HTTPParseError) {
        #expect(throws: expected) { try HTTPHeadParser.parseResponse(buffer(text), requestMethod: .get) }
    }

    @Test func bodylessResponses() throws {
        #expect(try framing("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n", to: .head) == .none)
        #expect(try framing("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", to: .head) == .none)
        #expect(try framing("HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n") == .none)
        #expect(try framing("HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n") == .none)
        #expect(try framing("HTTP/1.1 100 Continue\r\n\r\n") == .none)
        #expect(try framing("HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n") == .none)
        #expect(try response("HTTP/1.1 304 Not Modified\r\n\r\n").info.keepAlive)
    }

    @Test func bodyFraming() throws {
        #expect(try framing("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n") == .contentLength(10))
        #expect(try framing("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n") == .chunked)
        #expect(try framing("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n") == .chunked)
        #expect(try framing("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n") == .untilClose)
        #expect(try framing("HTTP/1.1 404 Not Found\r\n\r\n", to: .post) == .untilClose)
    }

    @Test func untilCloseAndTunnelsEndTheConnection() throws {
        let untilClose = try response("HTTP/1.1 200 OK\r\n\r\n")
        #expect(untilClose.info == HTTPMessageInfo(framing: .untilClose, keepAlive: false))
        let switching = try response("HTTP/1.1 101 Switching Protocols\r\nConnection: upgrade\r\nUpgrade: h2c\r\n\r\n")
        #expect(switching.info == HTTPMessageInfo(
            framing: .tunnel, keepAlive: false, upgrade: true, connection: .upgrade))
        #expect(try framing("HTTP/1.1 200 Connection Established\r\n\r\n", to: .connect) == .tunnel)
        #expect(try framing("HTTP/1.1 407 Auth\r\nContent-Length: 0\r\n\r\n", to: .connect) == .contentLength(0))
    }

    @Test func keepAlive() throws {
        #expect(try response("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n").info.keepAlive)
        #expect(try !response("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n").info.keepAlive)
        #expect(try !response("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n").info.keepAlive)
        #expect(try response("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n").info.keepAlive)
    }

    @Test func responseStreamWithInterimAndPipelinedAnswers() {
        let text = "HTTP/1.1 100 Continue\r\n\r\n"
            + "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"
            + "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n"
            + "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
            + "HTTP/1.1 200 OK\r\n\r\nthe rest until close"
        let methods: [HTTPHead.Method] = [.post, .post, .head, .get, .get]
        let oneShot = HTTPStream.run(wire(text), .responses(methods), closeAtEnd: true)
        guard case .messages(let messages, let atBoundary) = oneShot else {
            Issue.record("failed: \(oneShot)")
            return
        }
        #expect(atBoundary)
        #expect(messages.map(\.startLine) == [
            "http1_1 100 Continue", "http1_1 200 OK", "http1_1 200 OK", "http1_1 200 OK", "http1_1 200 OK",
        ])
        #expect(messages.map { String(decoding: $0.body, as: UTF8.self) } == [
            "", "hello", "", "3\r\nabc\r\n0\r\n\r\n", "the rest until close",
        ])
        #expect(messages.allSatisfy { $0.complete })
        #expect(HTTPStream.run(wire(text), .responses(methods), pieceSize: 1, closeAtEnd: true) == oneShot)
    }
}
