import FerryRuntime
import NIOCore
import Testing

@Suite struct HTTPHeadBodyFramerTests {
    /// Feeds `text` in pieces of `pieceSize` and returns the body bytes taken and where the body ended.
    private func frame(
        _ framing: HTTPFraming, _ text: String, pieceSize: Int = .max, limits: HTTPBodyLimits = HTTPBodyLimits()
    ) throws -> (body: String, complete: Bool, payload: UInt64) {
        var framer = HTTPBodyFramer(framing: framing, limits: limits)
        let bytes = wire(text)
        var body: [UInt8] = []
        var offset = 0
        while offset < bytes.count && !framer.isComplete {
            let piece = Array(bytes[offset..<min(offset + min(pieceSize, bytes.count), bytes.count)])
            let consumed = try framer.consume(ByteBuffer(bytes: piece))
            #expect(consumed.bodyBytes == piece.count || consumed.complete)
            #expect(consumed.complete == framer.isComplete)
            body += piece[..<consumed.bodyBytes]
            offset += piece.count
        }
        return (String(decoding: body, as: UTF8.self), framer.isComplete, framer.payloadBytes)
    }

    @Test func noBodyIsCompleteAtOnce() throws {
        var framer = HTTPBodyFramer(framing: .none)
        #expect(framer.isComplete)
        #expect(try framer.consume(buffer("GET")) == .init(bodyBytes: 0, complete: true))
        #expect(HTTPBodyFramer(framing: .contentLength(0)).isComplete)
    }

    @Test func contentLengthCountsDownAndLeavesTheRest() throws {
        var framer = HTTPBodyFramer(framing: .contentLength(7))
        #expect(try framer.consume(buffer("abc")) == .init(bodyBytes: 3, complete: false))
        #expect(try framer.consume(buffer("defGET /")) == .init(bodyBytes: 4, complete: true))
        #expect(try framer.consume(buffer("more")) == .init(bodyBytes: 0, complete: true))
        #expect(framer.payloadBytes == 7)
    }

    @Test func contentLengthTruncatedByClose() throws {
        var framer = HTTPBodyFramer(framing: .contentLength(7))
        _ = try framer.consume(buffer("abc"))
        #expect(throws: HTTPParseError.truncatedBody) { try framer.connectionClosed() }
    }

    @Test func untilCloseTakesEverything() throws {
        var framer = HTTPBodyFramer(framing: .untilClose)
        #expect(try framer.consume(buffer("abc")) == .init(bodyBytes: 3, complete: false))
        try framer.connectionClosed()
        #expect(framer.isComplete)
    }

    @Test func chunkedBodyWithExtensionsAndTrailers() throws {
        let text = "5;name=value;q=\"a b\"\r\nhello\r\n6 ; x = \"\\\"\"\r\n world\r\n0000\r\nX-Sum: 1\r\nX-B:\r\n\r\n"
        let result = try frame(.chunked, text + "GET / HTTP/1.1\r\n")
        #expect(result.body == text)
        #expect(result.complete)
        #expect(result.payload == 11)
    }

    @Test func chunkedHexDigits() throws {
        let text = "a\r\n0123456789\r\n0A\r\n0123456789\r\nF\r\n" + String(repeating: "x", count: 15) + "\r\n0\r\n\r\n"
        #expect(try frame(.chunked, text).payload == 35)
        #expect(try frame(.chunked, "FFFFFFFFFFFFFFFF\r\nabc").complete == false)
    }

    @Test(arguments: [1, 2, 3, 5, 8, 13])
    func chunkedInAnySplitEqualsOneShot(pieceSize: Int) throws {
        let text = "5;a=b\r\nhello\r\n1A\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nT: v\r\n\r\n"
        let oneShot = try frame(.chunked, text + "NEXT")
        #expect(oneShot.body == text)
        let split = try frame(.chunked, text + "NEXT", pieceSize: pieceSize)
        #expect(split.body == oneShot.body && split.complete && split.payload == oneShot.payload)
    }

    @Test func chunkedTruncatedByClose() throws {
        var framer = HTTPBodyFramer(framing: .chunked)
        _ = try framer.consume(buffer("5\r\nhel"))
        #expect(throws: HTTPParseError.truncatedBody) { try framer.connectionClosed() }
    }

    @Test func chunkLineLimit() throws {
        let limits = HTTPBodyLimits(maxChunkLineLength: 8)
        #expect(try frame(.chunked, "5;abcdef\r\nhello\r\n0\r\n\r\n", limits: limits).complete)
        #expect(throws: HTTPParseError.chunkLineTooLong) {
            try frame(.chunked, "5;abcdefg\r\nhello\r\n0\r\n\r\n", limits: limits)
        }
        #expect(throws: HTTPParseError.chunkLineTooLong) { try frame(.chunked, "000000005\r\n", limits: limits) }
    }

    @Test func trailerLimits() throws {
        let bySize = HTTPBodyLimits(maxTrailerSize: 11)
        #expect(try frame(.chunked, "0\r\nA: 1234\r\n\r\n", limits: bySize).complete)
        #expect(throws: HTTPParseError.trailersTooLarge) { try frame(.chunked, "0\r\nA: 12345\r\n\r\n", limits: bySize) }
        let byCount = HTTPBodyLimits(maxTrailerCount: 1)
        #expect(try frame(.chunked, "0\r\nA: 1\r\n\r\n", limits: byCount).complete)
        #expect(throws: HTTPParseError.trailersTooLarge) { try frame(.chunked, "0\r\nA: 1\r\nB: 2\r\n\r\n", limits: byCount) }
    }

    @Test(arguments: [
        ("0\r\nX:y\nZ", HTTPParseError.bareLF),
        ("0\r\n:y\r\n\r\n", .badTrailer),
        ("0\r\nX\r\n\r\n", .badTrailer),
        ("0\r\nX: y\rZ", .badTrailer),
        ("0\r\n\n", .bareLF),
        ("5\r\nhello\r\r", .missingCRLFAfterChunk),
        ("5;\u{7F}\r\n", .badChunkExtension),
        ("5;a=b c\r\n", .badChunkExtension),
        ("5;a==b\r\n", .badChunkExtension),
        ("5;a=\"b\"c\r\n", .badChunkExtension),
        ("5;a=\"\u{1}\"\r\n", .badChunkExtension),
        ("5;a=\"\\\u{0}\"\r\n", .badChunkExtension),
        ("5;a=b \r\n", .badChunkExtension),
        ("5;a;;b\r\n", .badChunkExtension),
        ("5;a=\"x\" \r\n", .badChunkExtension),
        ("5;a=\"x\"\r\nhello\r\n0\r\n\r\n", nil),
        ("5;a=\"x\" ; b\r\nhello\r\n0\r\n\r\n", nil),
        ("5;a=\"\u{E9}\\\u{E9}\"\r\nhello\r\n0\r\n\r\n", nil),
        ("5\t;x\r\nhello\r\n0\r\n\r\n;", nil),
        ("5 x\r\n", .badChunkSize),
        ("+5\r\n", .badChunkSize),
    ])
    func chunkedErrors(_ text: String, _ expected: HTTPParseError?) throws {
        if let expected {
            #expect(throws: expected) { try frame(.chunked, text) }
            #expect(throws: expected) { try frame(.chunked, text, pieceSize: 1) }
        } else {
            #expect(try frame(.chunked, text).complete)
        }
    }
}
