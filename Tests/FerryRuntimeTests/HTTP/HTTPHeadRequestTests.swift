import FerryRuntime
import NIOCore
import Testing

@Suite struct HTTPHeadRequestTests {
    private func request(_ text: String, limits: HTTPHeadLimits = HTTPHeadLimits()) throws -> HTTPHead {
        try #require(try HTTPHeadParser.parseRequest(buffer(text), limits: limits))
    }

    @Test func getWithoutBody() throws {
        let text = "GET /index.html?q=1 HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\n\r\n"
        let head = try request(text)
        let bytes = buffer(text)
        #expect(head.method == .get)
        #expect(head.methodString(in: bytes) == "GET")
        #expect(head.target(in: bytes) == "/index.html?q=1")
        #expect(head.version == .http1_1)
        #expect(head.headLength == text.utf8.count)
        #expect(head.startLineOffset == 0)
        #expect(head.fields.map { $0.name(in: bytes) } == ["Host", "Accept"])
        #expect(head.fields.map { $0.value(in: bytes) } == ["example.com", "*/*"])
        #expect(head.fields.map(\.knownName) == [.host, .other])
        #expect(head.info == HTTPMessageInfo(framing: .none, keepAlive: true))
    }

    @Test func parsingIntoAHeadReplacesAllOfIt() throws {
        // A session parses every head of a connection into the same value: nothing of the previous head may stay.
        var head = HTTPHead.empty
        var progress = HTTPHeadProgress()
        let first = buffer("POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nX-One: 1\r\n\r\n")
        #expect(try HTTPHeadParser.parseRequest(first, limits: HTTPHeadLimits(), progress: &progress, into: &head))
        #expect(head == (try request("POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nX-One: 1\r\n\r\n")))
        let second = "GET /b HTTP/1.0\r\nHost: b\r\n\r\n"
        #expect(try HTTPHeadParser.parseRequest(buffer(second), limits: HTTPHeadLimits(), progress: &progress, into: &head))
        #expect(head == (try request(second)))
        #expect(head.fields.count == 1)
        let partial = buffer("GET /c HTTP/1.1\r\nHost")
        #expect(try !HTTPHeadParser.parseRequest(partial, limits: HTTPHeadLimits(), progress: &progress, into: &head))
    }

    @Test func rangesAreRelativeToTheReaderIndex() throws {
        var bytes = buffer("garbageGET / HTTP/1.1\r\nHost: a\r\n\r\n")
        bytes.moveReaderIndex(forwardBy: 7)
        let head = try #require(try HTTPHeadParser.parseRequest(bytes))
        #expect(head.fields[0].nameRange == 16..<20)
        #expect(head.fields[0].value(in: bytes) == "a")
        #expect(head.target(in: bytes) == "/")
    }

    @Test func incompleteHeadIsNil() throws {
        let text = "GET / HTTP/1.1\r\nHost: a\r\n\r\n"
        for length in 0..<text.utf8.count {
            let partial = ByteBuffer(bytes: Array(text.utf8.prefix(length)))
            #expect(try HTTPHeadParser.parseRequest(partial) == nil, "prefix of \(length) bytes")
        }
    }

    @Test func progressResumesAndResets() throws {
        let text = wire("GET / HTTP/1.1\r\nHost: a\r\nX-Long: " + String(repeating: "v", count: 300) + "\r\n\r\n")
        var progress = HTTPHeadProgress()
        var bytes = ByteBuffer()
        var head: HTTPHead?
        for byte in text {
            bytes.writeInteger(byte)
            head = try HTTPHeadParser.parseRequest(bytes, progress: &progress)
            if head == nil { #expect(progress.scannedBytes == bytes.readableBytes) }
        }
        #expect(head == (try HTTPHeadParser.parseRequest(ByteBuffer(bytes: text))))
        #expect(progress == HTTPHeadProgress())
    }

    @Test func bodyBytesAfterTheHeadAreNotPartOfIt() throws {
        let head = try request("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\nbody")
        #expect(head.headLength == 47)
        #expect(head.info.framing == .contentLength(4))
    }

    @Test func pipelinedRequestsAreSplitAtTheirBoundaries() {
        let text = "GET /a HTTP/1.1\r\nHost: a\r\n\r\n"
            + "POST /b HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nhi"
            + "POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n"
            + "GET /d HTTP/1.0\r\n\r\n"
        guard case .messages(let messages, true) = HTTPStream.run(wire(text), .requests) else {
            Issue.record("not accepted")
            return
        }
        #expect(messages.map(\.startLine) == [
            "GET /a http1_1", "POST /b http1_1", "POST /c http1_1", "GET /d http1_0",
        ])
        #expect(messages.map { String(decoding: $0.body, as: UTF8.self) } == ["", "hi", "1\r\nx\r\n0\r\n\r\n", ""])
        #expect(messages.map(\.head.info.keepAlive) == [true, true, true, false])
        #expect(messages.map { $0.headBytes.count + $0.body.count }.reduce(0, +) == text.utf8.count)
    }

    @Test func valuesAreTrimmedAndMayBeEmpty() throws {
        let text = "GET / HTTP/1.1\r\nHost: a\r\nX-A:   \t\r\nX-B:\t x  y \t\r\nX-C:z\r\n\r\n"
        let head = try request(text)
        #expect(head.fields.map { $0.value(in: buffer(text)) } == ["a", "", "x  y", "z"])
        #expect(head.values(of: "x-b", in: buffer(text)) == ["x  y"])
    }

    @Test func emptyLinesBeforeTheRequestLineAreSkipped() throws {
        let text = "\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n"
        let head = try request(text)
        #expect(head.startLineOffset == 4)
        #expect(head.headLength == text.utf8.count)
        #expect(head.methodString(in: buffer(text)) == "GET")
    }

    @Test func responsesDoNotSkipEmptyLines() {
        #expect(throws: HTTPParseError.badStatusLine) {
            try HTTPHeadParser.parseResponse(buffer("\r\nHTTP/1.1 200 OK\r\n\r\n"), requestMethod: .get)
        }
    }

    @Test func knownMethodsAndFieldNames() throws {
        let methods: [(String, HTTPHead.Method)] = [
            ("GET", .get), ("HEAD", .head), ("POST", .post), ("PUT", .put), ("DELETE", .delete),
            ("OPTIONS", .options), ("TRACE", .trace), ("PATCH", .patch), ("get", .other), ("PROPFIND", .other),
        ]
        for (name, method) in methods {
            #expect(try request("\(name) / HTTP/1.1\r\nHost: a\r\n\r\n").method == method)
        }
        let text = "GET / HTTP/1.1\r\nHOST: a\r\ncontent-LENGTH: 0\r\nConnection: x\r\nKeep-Alive: 1\r\n"
            + "Proxy-Connection: x\r\nUpgrade: x\r\nExpect: x\r\nTE: x\r\nTrailer: x\r\nHosts: a\r\n\r\n"
        #expect(try request(text).fields.map(\.knownName) == [
            .host, .contentLength, .connection, .keepAlive, .proxyConnection, .upgrade, .expect, .te, .trailer,
            .other,
        ])
    }

    @Test func targetForms() throws {
        #expect(try request("CONNECT [::1]:8443 HTTP/1.1\r\nHost: x\r\n\r\n").method == .connect)
        #expect(try request("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n").method == .options)
        #expect(try request("GET https://x.example/a HTTP/1.1\r\nHost: x\r\n\r\n").method == .get)
        #expect(throws: HTTPParseError.badTarget) { try request("CONNECT user@x:1 HTTP/1.1\r\nHost: x\r\n\r\n") }
        #expect(throws: HTTPParseError.badTarget) { try request("CONNECT x.example HTTP/1.1\r\nHost: x\r\n\r\n") }
        #expect(throws: HTTPParseError.badTarget) { try request("OPTIONS ** HTTP/1.1\r\nHost: x\r\n\r\n") }
        #expect(try request("GET http://[::1]:8080?q HTTP/1.1\r\nHost: x\r\n\r\n").method == .get)
        #expect(try request("GET svn+ssh://a.b/ HTTP/1.1\r\nHost: x\r\n\r\n").method == .get)
        let badTargets = [
            "1http://x/", "http:/x/b", "http:x", "http://", "http:///b", "http://a\\b/", "http://a\"b/", "http://a{b}/",
            "http://user@a/", "ht^tp://a/", "http:", "h",
        ]
        for target in badTargets {
            #expect(throws: HTTPParseError.badTarget, "\(target)") {
                try request("GET \(target) HTTP/1.1\r\nHost: x\r\n\r\n")
            }
        }
        for target in ["a\"b:1", "a\\b:1", "a:4{3", "a<b:1", "[::1]"] {
            #expect(throws: HTTPParseError.badTarget, "\(target)") {
                try request("CONNECT \(target) HTTP/1.1\r\nHost: x\r\n\r\n")
            }
        }
    }

    @Test func contentLengthValues() throws {
        func framing(_ values: String...) throws -> HTTPFraming {
            let fields = values.map { "Content-Length: \($0)\r\n" }.joined()
            return try request("POST / HTTP/1.1\r\nHost: a\r\n\(fields)\r\n").info.framing
        }
        #expect(try framing("0") == .contentLength(0))
        #expect(try framing("007") == .contentLength(7))
        #expect(try framing("5, 5", "5") == .contentLength(5))
        #expect(try framing("18446744073709551615") == .contentLength(UInt64.max))
        #expect(throws: HTTPParseError.badContentLength) { try framing("18446744073709551616") }
        #expect(throws: HTTPParseError.conflictingContentLength) { try framing("5", "05", "6") }
        #expect(throws: HTTPParseError.badContentLength) { try framing("5", "") }
    }

    @Test func chunkedFraming() throws {
        for value in ["chunked", "Chunked", "CHUNKED", "  chunked\t"] {
            let head = try request("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: \(value)\r\n\r\n")
            #expect(head.info.framing == .chunked)
        }
    }

    @Test func framingFieldsThatAnotherParserCouldMisreadAskForARewrite() throws {
        func needsRewrite(_ fields: String) throws -> Bool {
            try request("POST / HTTP/1.1\r\nHost: a\r\n\(fields)\r\n").info.framingNeedsRewrite
        }
        #expect(try !needsRewrite(""))
        #expect(try !needsRewrite("Content-Length: 12\r\n"))
        #expect(try !needsRewrite("content-length: 12\r\n"))
        #expect(try !needsRewrite("Transfer-Encoding: chunked\r\n"))
        #expect(try needsRewrite("Transfer-Encoding: Chunked\r\n"))
        #expect(try needsRewrite("Transfer-Encoding: chunked\t\r\n"))
        #expect(try needsRewrite("Transfer-Encoding:\tchunked\r\n"))
        #expect(try needsRewrite("Transfer-Encoding:chunked\r\n"))
        #expect(try needsRewrite("Transfer-Encoding:  chunked\r\n"))
        #expect(try needsRewrite("Content-Length: 12 \r\n"))
        #expect(try needsRewrite("Content-Length: 12, 12\r\n"))
        #expect(try needsRewrite("Content-Length: 12\r\nContent-Length: 12\r\n"))
    }

    @Test func keepAliveFollowsVersionAndConnection() throws {
        func info(_ version: String, _ connection: String?) throws -> HTTPMessageInfo {
            let field = connection.map { "Connection: \($0)\r\n" } ?? ""
            return try request("GET / \(version)\r\nHost: a\r\n\(field)\r\n").info
        }
        #expect(try info("HTTP/1.1", nil).keepAlive)
        #expect(try !info("HTTP/1.1", "close").keepAlive)
        #expect(try !info("HTTP/1.1", "Keep-Alive, CLOSE").keepAlive)
        #expect(try !info("HTTP/1.0", nil).keepAlive)
        #expect(try info("HTTP/1.0", "keep-alive").keepAlive)
        #expect(try info("HTTP/1.0", " , Keep-Alive ,").keepAlive)
        #expect(try info("HTTP/1.1", "x-hop, upgrade").connection == [.other, .upgrade])
        #expect(try info("HTTP/1.1", "keep-alive, close").connection == [.keepAlive, .close])
    }

    @Test func upgradeNeedsTheHeaderTheTokenAndHTTP11() throws {
        func upgrade(_ version: String, _ fields: String) throws -> Bool {
            try request("GET / \(version)\r\nHost: a\r\n\(fields)\r\n").info.upgrade
        }
        #expect(try upgrade("HTTP/1.1", "Connection: keep-alive, Upgrade\r\nUpgrade: websocket\r\n"))
        #expect(try !upgrade("HTTP/1.1", "Upgrade: websocket\r\n"))
        #expect(try !upgrade("HTTP/1.1", "Connection: upgrade\r\n"))
        #expect(try !upgrade("HTTP/1.0", "Connection: upgrade\r\nUpgrade: websocket\r\n"))
    }

    @Test func expectContinue() throws {
        func expects(_ version: String, _ value: String) throws -> Bool {
            try request("POST / \(version)\r\nHost: a\r\nExpect: \(value)\r\nContent-Length: 1\r\n\r\n")
                .info.expectContinue
        }
        #expect(try expects("HTTP/1.1", "100-continue"))
        #expect(try expects("HTTP/1.1", "100-Continue"))
        #expect(try !expects("HTTP/1.1", "200-ok"))
        #expect(try !expects("HTTP/1.0", "100-continue"))
    }

    @Test func headSizeLimitIsInclusive() throws {
        let text = "GET / HTTP/1.1\r\nHost: a\r\n\r\n"
        let exact = HTTPHeadLimits(maxHeadSize: text.utf8.count)
        #expect(try request(text, limits: exact).headLength == text.utf8.count)
        let short = HTTPHeadLimits(maxHeadSize: text.utf8.count - 1)
        #expect(throws: HTTPParseError.headTooLarge) { try request(text, limits: short) }
        // Bytes after the head don't count, and an incomplete head under the limit is just incomplete.
        #expect(try request(text + "POST", limits: exact).headLength == text.utf8.count)
        #expect(try HTTPHeadParser.parseRequest(buffer("GET / HTTP/1.1\r\n"), limits: exact) == nil)
    }

    @Test func headerCountLimit() throws {
        let limits = HTTPHeadLimits(maxHeaderCount: 3)
        #expect(try request("GET / HTTP/1.1\r\nHost: a\r\nB: b\r\nC: c\r\n\r\n", limits: limits).fields.count == 3)
        #expect(throws: HTTPParseError.tooManyHeaders) {
            try request("GET / HTTP/1.1\r\nHost: a\r\nB: b\r\nC: c\r\nD: d\r\n\r\n", limits: limits)
        }
    }

    @Test func everyErrorHasADescription() {
        let errors: [HTTPParseError] = [.badRequestLine, .headTooLarge, .contentLengthWithTransferEncoding, .badTrailer]
        for error in errors { #expect(!error.description.isEmpty) }
    }
}
