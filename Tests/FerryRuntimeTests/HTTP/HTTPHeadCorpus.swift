import FerryRuntime
import Testing

/// One request stream and the verdict we expect from Ferry: an error, or acceptance (nil).
struct HTTPCorpusCase: Sendable, CustomTestStringConvertible {
    var name: String
    var bytes: [UInt8]
    var expected: HTTPParseError?

    init(_ name: String, _ text: String, _ expected: HTTPParseError?) {
        self.init(name, wire(text), expected)
    }

    init(_ name: String, _ bytes: [UInt8], _ expected: HTTPParseError?) {
        self.name = name
        self.bytes = bytes
        self.expected = expected
    }

    var testDescription: String { name }
}

/// The request corpus shared by the smuggling table and the differential test against NIOHTTP1.
enum HTTPHeadCorpus {
    static let get = "GET / HTTP/1.1\r\nHost: a\r\n"
    static let post = "POST /p HTTP/1.1\r\nHost: a\r\n"

    static let malformedRequests: [HTTPCorpusCase] = requestLineCases + fieldCases + framingCases + chunkedCases

    static let requestLineCases: [HTTPCorpusCase] = [
        .init("double space after method", "GET  / HTTP/1.1\r\nHost: a\r\n\r\n", .badRequestLine),
        .init("double space before version", "GET /  HTTP/1.1\r\nHost: a\r\n\r\n", .badVersion),
        .init("missing target", "GET HTTP/1.1\r\nHost: a\r\n\r\n", .badRequestLine),
        .init("HTTP/0.9 request line", "GET /\r\n\r\n", .badRequestLine),
        .init("leading space", " GET / HTTP/1.1\r\nHost: a\r\n\r\n", .badRequestLine),
        .init("tab as separator", "GET\t/ HTTP/1.1\r\nHost: a\r\n\r\n", .badRequestLine),
        .init("version HTTP/1.2", "GET / HTTP/1.2\r\nHost: a\r\n\r\n", .badVersion),
        .init("version HTTP/2.0", "GET / HTTP/2.0\r\nHost: a\r\n\r\n", .badVersion),
        .init("lowercase version", "GET / http/1.1\r\nHost: a\r\n\r\n", .badVersion),
        .init("version without minor", "GET / HTTP/1\r\nHost: a\r\n\r\n", .badVersion),
        .init("version HTTP/11", "GET / HTTP/11\r\nHost: a\r\n\r\n", .badVersion),
        .init("space after version", "GET / HTTP/1.1 \r\nHost: a\r\n\r\n", .badVersion),
        .init("space inside target", "GET /a b HTTP/1.1\r\nHost: a\r\n\r\n", .badVersion),
        .init("bare CR after version", "GET / HTTP/1.1\rHost: a\r\n\r\n", .badVersion),
        .init("method with a separator", "GE(T / HTTP/1.1\r\nHost: a\r\n\r\n", .badMethod),
        .init("method with NUL", "GE\u{0}T / HTTP/1.1\r\nHost: a\r\n\r\n", .badMethod),
        .init("control in target", "GET /a\u{1}b HTTP/1.1\r\nHost: a\r\n\r\n", .badTarget),
        .init("DEL in target", "GET /a\u{7F} HTTP/1.1\r\nHost: a\r\n\r\n", .badTarget),
        .init("fragment in target", "GET /a#frag HTTP/1.1\r\nHost: a\r\n\r\n", .badTarget),
        .init("non-ASCII target", "GET /caf\u{E9} HTTP/1.1\r\nHost: a\r\n\r\n", .badTarget),
        .init("asterisk with GET", "GET * HTTP/1.1\r\nHost: a\r\n\r\n", .badTarget),
        .init("CONNECT with a path", "CONNECT /x HTTP/1.1\r\nHost: a\r\n\r\n", .badTarget),
        .init("absolute-form without authority", "GET http:/a/b HTTP/1.1\r\nHost: a\r\n\r\n", .badTarget),
        .init("backslash in authority", "GET http://a\\b/ HTTP/1.1\r\nHost: a\r\n\r\n", .badTarget),
        .init("quote in CONNECT authority", "CONNECT a\"b:443 HTTP/1.1\r\nHost: a\r\n\r\n", .badTarget),
        .init("target neither path nor URI", "GET index.html HTTP/1.1\r\nHost: a\r\n\r\n", .badTarget),
    ]

    static let fieldCases: [HTTPCorpusCase] = [
        .init("obs-fold with space", get + "X-A: b\r\n c\r\n\r\n", .obsFold),
        .init("obs-fold with tab", get + "X-A: b\r\n\tc\r\n\r\n", .obsFold),
        .init("whitespace before first field", "GET / HTTP/1.1\r\n Host: a\r\n\r\n", .obsFold),
        .init("folded Transfer-Encoding", post + "Transfer-Encoding:\r\n chunked\r\n\r\n0\r\n\r\n", .obsFold),
        .init("NUL in value", get + "X-A: b\u{0}c\r\n\r\n", .badHeaderValue),
        .init("CR in value", get + "X-A: b\rc\r\n\r\n", .badHeaderValue),
        .init("DEL in value", get + "X-A: b\u{7F}\r\n\r\n", .badHeaderValue),
        .init("escape in value", get + "X-A: \u{1B}[1m\r\n\r\n", .badHeaderValue),
        .init("vertical tab before chunked", post + "Transfer-Encoding: \u{0B}chunked\r\n\r\n0\r\n\r\n", .badHeaderValue),
        .init("space before colon", post + "Transfer-Encoding : chunked\r\n\r\n0\r\n\r\n", .whitespaceBeforeColon),
        .init("tab before colon", get + "Host\t: b\r\n\r\n", .whitespaceBeforeColon),
        .init("separator in name", get + "X(A): b\r\n\r\n", .badHeaderName),
        .init("at sign in name", get + "X@A: b\r\n\r\n", .badHeaderName),
        .init("empty name", get + ": b\r\n\r\n", .badHeaderName),
        .init("line without colon", get + "X-A\r\n\r\n", .badHeaderName),
        .init("non-ASCII name", get + "X-\u{E9}: b\r\n\r\n", .badHeaderName),
        .init("bare LF after field", get + "X-A: b\nX-B: c\r\n\r\n", .bareLF),
        .init("bare LF line ends only", "GET / HTTP/1.1\nHost: a\n\n", .bareLF),
        .init("bare LF ends the head", get + "\n", .bareLF),
        .init("bare LF before the request line", "\nGET / HTTP/1.1\r\nHost: a\r\n\r\n", .bareLF),
        .init("two Host fields", get + "Host: b\r\n\r\n", .multipleHost),
        .init("101 fields", get + String(repeating: "X: y\r\n", count: 100) + "\r\n", .tooManyHeaders),
        .init("head over 16 KiB", get + "X: " + String(repeating: "a", count: 16384) + "\r\n\r\n", .headTooLarge),
        .init("endless head", get + String(repeating: "X-Filler: 0123456789\r\n", count: 800), .headTooLarge),
    ]

    static let framingCases: [HTTPCorpusCase] = [
        .init("CL then TE", post + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
              .contentLengthWithTransferEncoding),
        .init("TE then CL", post + "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n",
              .contentLengthWithTransferEncoding),
        .init("two different CL fields", post + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello",
              .conflictingContentLength),
        .init("CL list with different values", post + "Content-Length: 5, 6\r\n\r\nhello", .conflictingContentLength),
        .init("CL with plus sign", post + "Content-Length: +5\r\n\r\nhello", .badContentLength),
        .init("negative CL", post + "Content-Length: -1\r\n\r\n", .badContentLength),
        .init("hex CL", post + "Content-Length: 0x5\r\n\r\nhello", .badContentLength),
        .init("CL with inner space", post + "Content-Length: 1 0\r\n\r\n0123456789", .badContentLength),
        .init("empty CL", post + "Content-Length:\r\n\r\n", .badContentLength),
        .init("CL list with empty element", post + "Content-Length: 5,\r\n\r\nhello", .badContentLength),
        .init("CL with a unit", post + "Content-Length: 5 bytes\r\n\r\nhello", .badContentLength),
        .init("CL of 2^64", post + "Content-Length: 18446744073709551616\r\n\r\n", .badContentLength),
        .init("CL of 30 digits", post + "Content-Length: 100000000000000000000000000000\r\n\r\n", .badContentLength),
        .init("TE chunked, identity", post + "Transfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n",
              .unsupportedTransferEncoding),
        .init("TE xchunked", post + "Transfer-Encoding: xchunked\r\n\r\n0\r\n\r\n", .unsupportedTransferEncoding),
        .init("TE gzip, chunked", post + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
              .unsupportedTransferEncoding),
        .init("TE chunked twice in two fields",
              post + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
              .unsupportedTransferEncoding),
        .init("TE chunked with a parameter", post + "Transfer-Encoding: chunked;q=1\r\n\r\n0\r\n\r\n",
              .unsupportedTransferEncoding),
        .init("TE with empty element", post + "Transfer-Encoding: chunked,\r\n\r\n0\r\n\r\n",
              .unsupportedTransferEncoding),
        .init("empty TE", post + "Transfer-Encoding:\r\n\r\n", .unsupportedTransferEncoding),
        .init("TE in quotes", post + "Transfer-Encoding: \"chunked\"\r\n\r\n0\r\n\r\n", .unsupportedTransferEncoding),
        .init("TE in HTTP/1.0", "POST /p HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
              .transferEncodingInHTTP10),
        .init("TE and CL in HTTP/1.0",
              "POST /p HTTP/1.0\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
              .transferEncodingInHTTP10),
    ]

    static let chunkedHead = post + "Transfer-Encoding: chunked\r\n\r\n"

    static let chunkedCases: [HTTPCorpusCase] = [
        .init("chunk size overflow", chunkedHead + "10000000000000000\r\n", .chunkSizeTooLarge),
        .init("negative chunk size", chunkedHead + "-5\r\nhello\r\n0\r\n\r\n", .badChunkSize),
        .init("hex prefix in chunk size", chunkedHead + "0x5\r\nhello\r\n0\r\n\r\n", .badChunkSize),
        .init("garbage chunk size", chunkedHead + "zz\r\n", .badChunkSize),
        .init("empty chunk size", chunkedHead + "\r\nhello\r\n0\r\n\r\n", .badChunkSize),
        .init("space before chunk size", chunkedHead + " 5\r\nhello\r\n0\r\n\r\n", .badChunkSize),
        .init("space after chunk size", chunkedHead + "5 \r\nhello\r\n0\r\n\r\n", .badChunkSize),
        .init("bare LF after chunk size", chunkedHead + "5\nhello\r\n0\r\n\r\n", .bareLF),
        .init("bare CR after chunk size", chunkedHead + "5\rhello\r\n0\r\n\r\n", .badChunkSize),
        .init("chunk data too long", chunkedHead + "5\r\nhelloX\r\n0\r\n\r\n", .missingCRLFAfterChunk),
        .init("LF only after chunk data", chunkedHead + "5\r\nhello\n0\r\n\r\n", .missingCRLFAfterChunk),
        .init("NUL in chunk extension", chunkedHead + "5;a=\u{0}\r\nhello\r\n0\r\n\r\n", .badChunkExtension),
        .init("bare LF in chunk extension", chunkedHead + "5;a\nb\r\nhello\r\n0\r\n\r\n", .bareLF),
        .init("empty chunk extension", chunkedHead + "5;\r\nhello\r\n0\r\n\r\n", .badChunkExtension),
        .init("chunk extension without value", chunkedHead + "5;a=\r\nhello\r\n0\r\n\r\n", .badChunkExtension),
        .init("space inside chunk extension", chunkedHead + "5;a b\r\nhello\r\n0\r\n\r\n", .badChunkExtension),
        .init("whitespace ending a chunk line", chunkedHead + "5;a \r\nhello\r\n0\r\n\r\n", .badChunkExtension),
        .init("unterminated quoted chunk extension", chunkedHead + "5;a=\"b\r\nhello\r\n0\r\n\r\n",
              .badChunkExtension),
        .init("non-ASCII chunk extension", chunkedHead + "5;caf\u{E9}\r\nhello\r\n0\r\n\r\n", .badChunkExtension),
        .init("endless chunk extension", chunkedHead + "5;" + String(repeating: "x", count: 5000) + "\r\n", .chunkLineTooLong),
        .init("folded trailer", chunkedHead + "0\r\nX: a\r\n b\r\n\r\n", .obsFold),
        .init("space in trailer name", chunkedHead + "0\r\nBad Name: a\r\n\r\n", .badTrailer),
        .init("NUL in trailer value", chunkedHead + "0\r\nX: a\u{0}\r\n\r\n", .badTrailer),
        .init("bare CR ending the trailers", chunkedHead + "0\r\n\rX", .badTrailer),
    ]

    /// Requests Ferry accepts, each a complete stream of one or more messages.
    static let validRequests: [HTTPCorpusCase] = [
        .init("GET", get + "\r\n", nil),
        .init("HTTP/1.0 GET without Host", "GET / HTTP/1.0\r\n\r\n", nil),
        .init("POST with CL", post + "Content-Length: 5\r\n\r\nhello", nil),
        .init("CL 0", post + "Content-Length: 0\r\n\r\n", nil),
        .init("equal CL fields", post + "Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello", nil),
        .init("equal CL list", post + "Content-Length: 5, 5\r\n\r\nhello", nil),
        .init("CL with leading zeros", post + "Content-Length: 005\r\n\r\nhello", nil),
        .init("chunked", chunkedHead + "5\r\nhello\r\n0\r\n\r\n", nil),
        .init("chunked uppercase", post + "Transfer-Encoding: CHUNKED\r\n\r\nA\r\n0123456789\r\n0\r\n\r\n", nil),
        .init("chunked with extensions and trailers",
              chunkedHead + "5;name=value;q=\"a \\\"b\"\r\nhello\r\n6;x\r\n world\r\n0\r\nX-Sum: 1\r\nX-B: c\r\n\r\n",
              nil),
        .init("whitespace around chunk extensions", chunkedHead + "5 ; a = b ;\tc\r\nhello\r\n0\r\n\r\n", nil),
        .init("pipelined", get + "\r\n" + post + "Content-Length: 2\r\n\r\nhi" + chunkedHead + "1\r\nx\r\n0\r\n\r\n"
              + "GET /last HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", nil),
        .init("empty lines before the request line", "\r\n\r\n" + get + "\r\n", nil),
        .init("empty value and OWS", get + "X-Empty:\r\nX-Ows: \t v \t\r\n\r\n", nil),
        .init("obs-text in value", get + "X-Latin: caf\u{E9}\r\n\r\n", nil),
        .init("absolute-form target", "GET http://a/b?c=d HTTP/1.1\r\nHost: a\r\n\r\n", nil),
        .init("authority-form CONNECT", "CONNECT a.example:443 HTTP/1.1\r\nHost: a.example:443\r\n\r\n", nil),
        .init("OPTIONS *", "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n", nil),
        .init("unknown method", "PURGE /x HTTP/1.1\r\nHost: a\r\n\r\n", nil),
        .init("extension method", "BREW /pot HTTP/1.1\r\nHost: a\r\n\r\n", nil),
        .init("lowercase method", "get / HTTP/1.1\r\nHost: a\r\n\r\n", nil),
        .init("upgrade request", get + "Connection: Upgrade\r\nUpgrade: websocket\r\n\r\n", nil),
        .init("expect 100-continue", post + "Expect: 100-continue\r\nContent-Length: 2\r\n\r\nhi", nil),
        .init("100 fields", get + String(repeating: "X: y\r\n", count: 99) + "\r\n", nil),
    ]
}
