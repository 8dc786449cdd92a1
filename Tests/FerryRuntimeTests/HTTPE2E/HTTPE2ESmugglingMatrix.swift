/// Raw requests that a strict proxy must refuse with a 400, and valid edge cases it must pass, for the smuggling
/// suite.
struct MalformedRequest: Sendable, CustomStringConvertible {
    /// Where the fault is: in the head (then no server may even be connected) or in a chunked body (the head may
    /// already be on its way to a server, but the server must never see a complete request).
    enum Fault: Sendable { case head, body }

    var name: String
    var bytes: [UInt8]
    var fault: Fault = .head

    var description: String { name }
}

struct AcceptedRequest: Sendable, CustomStringConvertible {
    var name: String
    var bytes: [UInt8]
    /// The bodies of the responses, in order (`TestHTTPBackend` answers `a METHOD TARGET BODY-LENGTH`).
    var responses: [String]
    /// Whether the proxy closes the connection after the last response.
    var closes = false

    var description: String { name }
}

private let host = "Host: e2e.test"
/// A second request hidden behind an ambiguous first one: if it ever reaches the server, the proxy was smuggled past.
private let smuggled = "GET /smuggled HTTP/1.1\r\nHost: e2e.test\r\n\r\n"

private func bytes(_ parts: [UInt8]...) -> [UInt8] { parts.flatMap { $0 } }
private func text(_ string: String) -> [UInt8] { Array(string.utf8) }

enum SmugglingMatrix {
    /// Framing ambiguities: the message boundaries two parsers could disagree on.
    static let framing: [MalformedRequest] = [
        .init(name: "Content-Length with Transfer-Encoding", bytes: rawRequest(
            "POST /x HTTP/1.1", host, "Content-Length: 6", "Transfer-Encoding: chunked", body: "0\r\n\r\nX")),
        .init(name: "Transfer-Encoding before Content-Length", bytes: rawRequest(
            "POST /x HTTP/1.1", host, "Transfer-Encoding: chunked", "Content-Length: 6", body: "0\r\n\r\nX")),
        .init(name: "CL.TE followed by a smuggled request", bytes: rawRequest(
            "POST /x HTTP/1.1", host, "Content-Length: 5", "Transfer-Encoding: chunked", body: "0\r\n\r\n" + smuggled)),
        .init(name: "TE.CL followed by a smuggled request", bytes: rawRequest(
            "POST /x HTTP/1.1", host, "Transfer-Encoding: chunked", "Content-Length: 3",
            body: "\(String(smuggled.utf8.count + 5, radix: 16))\r\nXXXXX\(smuggled)\r\n0\r\n\r\n")),
        .init(name: "differing duplicate Content-Length", bytes: rawRequest(
            "POST /x HTTP/1.1", host, "Content-Length: 3", "Content-Length: 5", body: "hello")),
        .init(name: "differing Content-Length list", bytes: rawRequest(
            "POST /x HTTP/1.1", host, "Content-Length: 3, 5", body: "hello")),
        .init(name: "Content-Length with a plus sign", bytes: rawRequest(
            "POST /x HTTP/1.1", host, "Content-Length: +5", body: "hello")),
        .init(name: "negative Content-Length", bytes: rawRequest(
            "POST /x HTTP/1.1", host, "Content-Length: -1", body: "hello")),
        .init(name: "hexadecimal Content-Length", bytes: rawRequest(
            "POST /x HTTP/1.1", host, "Content-Length: 0x5", body: "hello")),
        .init(name: "Content-Length over 64 bits", bytes: rawRequest(
            "POST /x HTTP/1.1", host, "Content-Length: 99999999999999999999999", body: "hello")),
        .init(name: "empty Content-Length", bytes: rawRequest("POST /x HTTP/1.1", host, "Content-Length: ", body: "hello")),
        .init(name: "Content-Length with an inner space", bytes: rawRequest(
            "POST /x HTTP/1.1", host, "Content-Length: 1 2", body: "hello")),
        .init(name: "Transfer-Encoding: chunked, identity", bytes: rawRequest(
            "POST /x HTTP/1.1", host, "Transfer-Encoding: chunked, identity", body: "0\r\n\r\n")),
        .init(name: "Transfer-Encoding: identity", bytes: rawRequest(
            "POST /x HTTP/1.1", host, "Transfer-Encoding: identity", body: "0\r\n\r\n")),
        .init(name: "Transfer-Encoding with a space before the colon", bytes: rawRequest(
            "POST /x HTTP/1.1", host, "Transfer-Encoding : chunked", body: "0\r\n\r\n" + smuggled)),
        .init(name: "Transfer-Encoding: xchunked", bytes: rawRequest(
            "POST /x HTTP/1.1", host, "Transfer-Encoding: xchunked", body: "0\r\n\r\n")),
        .init(name: "Transfer-Encoding: chunked in two fields", bytes: rawRequest(
            "POST /x HTTP/1.1", host, "Transfer-Encoding: chunked", "Transfer-Encoding: chunked", body: "0\r\n\r\n")),
        .init(name: "Transfer-Encoding in HTTP/1.0", bytes: rawRequest(
            "POST /x HTTP/1.0", host, "Transfer-Encoding: chunked", body: "0\r\n\r\n" + smuggled)),
        .init(name: "Transfer-Encoding with a vertical tab", bytes: rawRequest(
            "POST /x HTTP/1.1", host, "Transfer-Encoding: \u{0B}chunked", body: "0\r\n\r\n")),
        .init(name: "Transfer-Encoding folded onto the next line", bytes: rawRequest(
            "POST /x HTTP/1.1", host, "Transfer-Encoding:", " chunked", body: "0\r\n\r\n" + smuggled)),
        .init(name: "two Host fields", bytes: rawRequest("GET /x HTTP/1.1", host, "Host: other.test")),
    ]

    /// Field lines that are not `name: value` as RFC 9112 writes them.
    static let fields: [MalformedRequest] = [
        .init(name: "obs-fold with a space", bytes: rawRequest("GET /x HTTP/1.1", host, "X-A: one", " two")),
        .init(name: "obs-fold with a tab", bytes: rawRequest("GET /x HTTP/1.1", host, "X-A: one", "\ttwo")),
        .init(name: "whitespace before the first field", bytes: rawRequest("GET /x HTTP/1.1", " \(host)")),
        .init(name: "NUL in a field value", bytes: rawRequest("GET /x HTTP/1.1", host, "X-A: a\u{00}b")),
        .init(name: "bare CR in a field value", bytes: rawRequest("GET /x HTTP/1.1", host, "X-A: a\rb")),
        .init(name: "control byte in a field value", bytes: rawRequest("GET /x HTTP/1.1", host, "X-A: a\u{01}b")),
        .init(name: "DEL in a field value", bytes: rawRequest("GET /x HTTP/1.1", host, "X-A: a\u{7F}b")),
        .init(name: "space before the colon", bytes: rawRequest("GET /x HTTP/1.1", "Host : e2e.test")),
        .init(name: "tab before the colon", bytes: rawRequest("GET /x HTTP/1.1", host, "X-A\t: 1")),
        .init(name: "space inside a field name", bytes: rawRequest("GET /x HTTP/1.1", host, "Bad Header: x")),
        .init(name: "parenthesis in a field name", bytes: rawRequest("GET /x HTTP/1.1", host, "X(A): 1")),
        .init(name: "quote in a field name", bytes: rawRequest("GET /x HTTP/1.1", host, "\"X\": 1")),
        .init(name: "empty field name", bytes: rawRequest("GET /x HTTP/1.1", host, ": value")),
        .init(name: "field line without a colon", bytes: rawRequest("GET /x HTTP/1.1", host, "NoColonHere")),
        .init(name: "non-ASCII field name", bytes: bytes(text("GET /x HTTP/1.1\r\n\(host)\r\nX-"), [0xC3, 0x84], text(": 1\r\n\r\n"))),
        .init(name: "bare LF line endings", bytes: text("GET /x HTTP/1.1\nHost: e2e.test\n\n")),
        .init(name: "bare LF after one field", bytes: text("GET /x HTTP/1.1\r\nHost: e2e.test\nX-A: 1\r\n\r\n")),
        .init(name: "bare CR ending the request line", bytes: text("GET /x HTTP/1.1\rHost: e2e.test\r\n\r\n")),
        .init(name: "101 header fields", bytes: rawRequest(["GET /x HTTP/1.1", host] + (1...100).map { "X-Field-\($0): \($0)" })),
        .init(name: "a head larger than tune.bufsize", bytes: rawRequest(
            "GET /x HTTP/1.1", host, "X-Big: " + String(repeating: "b", count: 17_000))),
        .init(name: "a head that never ends within tune.bufsize", bytes: text(
            "GET /x HTTP/1.1\r\n" + String(repeating: "X-Filler: 0123456789012345678901234567890123456789\r\n", count: 400))),
        .init(name: "a request line larger than tune.bufsize", bytes: rawRequest(
            "GET /" + String(repeating: "a", count: 17_000) + " HTTP/1.1", host)),
    ]

    /// Request lines that are not `method SP target SP HTTP/1.x`.
    static let requestLines: [MalformedRequest] = [
        .init(name: "HTTP/1.2", bytes: rawRequest("GET /x HTTP/1.2", host)),
        .init(name: "HTTP/2.0", bytes: rawRequest("GET /x HTTP/2.0", host)),
        .init(name: "lower-case http/1.1", bytes: rawRequest("GET /x http/1.1", host)),
        .init(name: "HTTP/1.10", bytes: rawRequest("GET /x HTTP/1.10", host)),
        .init(name: "HTTP/0.9 request line", bytes: text("GET /x\r\n\r\n")),
        .init(name: "missing target", bytes: rawRequest("GET HTTP/1.1", host)),
        .init(name: "double space before the target", bytes: rawRequest("GET  /x HTTP/1.1", host)),
        .init(name: "double space before the version", bytes: rawRequest("GET /x  HTTP/1.1", host)),
        .init(name: "tab between method and target", bytes: rawRequest("GET\t/x HTTP/1.1", host)),
        .init(name: "space after the version", bytes: rawRequest("GET /x HTTP/1.1 ", host)),
        .init(name: "space before the method", bytes: rawRequest(" GET /x HTTP/1.1", host)),
        .init(name: "invalid byte in the method", bytes: rawRequest("GE(T /x HTTP/1.1", host)),
        .init(name: "space inside the target", bytes: rawRequest("GET /a b HTTP/1.1", host)),
        .init(name: "fragment in the target", bytes: rawRequest("GET /x#frag HTTP/1.1", host)),
        .init(name: "DEL in the target", bytes: rawRequest("GET /x\u{7F} HTTP/1.1", host)),
        .init(name: "non-ASCII target", bytes: bytes(text("GET /"), [0xC3, 0xA9], text(" HTTP/1.1\r\n\(host)\r\n\r\n"))),
        .init(name: "asterisk target for GET", bytes: rawRequest("GET * HTTP/1.1", host)),
        .init(name: "absolute target with userinfo", bytes: rawRequest("GET http://user@e2e.test/x HTTP/1.1", host)),
        .init(name: "plain-text garbage", bytes: text("GARBAGE\r\n\r\n")),
        .init(name: "binary garbage (a TLS record)", bytes: bytes([0x16, 0x03, 0x01, 0x00, 0xA5, 0x01], text("\r\n\r\n"))),
        .init(name: "HTTP/2 connection preface", bytes: text("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")),
    ]

    /// Chunked bodies whose framing is broken, most with a second request behind them.
    static let chunked: [MalformedRequest] = [
        chunkedRequest("chunk size over 64 bits", "fffffffffffffffff1\r\nhello\r\n0\r\n\r\n"),
        chunkedRequest("garbage chunk size", "zz\r\nhello\r\n0\r\n\r\n" + smuggled),
        chunkedRequest("negative chunk size", "-5\r\nhello\r\n0\r\n\r\n" + smuggled),
        chunkedRequest("empty chunk size", "\r\nhello\r\n0\r\n\r\n"),
        chunkedRequest("chunk size with a 0x prefix", "0x5\r\nhello\r\n0\r\n\r\n"),
        chunkedRequest("missing CRLF after chunk data", "5\r\nhello" + smuggled + "0\r\n\r\n"),
        chunkedRequest("chunk data longer than its size", "3\r\nhello\r\n0\r\n\r\n" + smuggled),
        chunkedRequest("bare LF after the chunk size", "5\nhello\r\n0\r\n\r\n"),
        chunkedRequest("bare LF after the chunk data", "5\r\nhello\n0\r\n\r\n" + smuggled),
        chunkedRequest("control byte in a chunk extension", "5;a\u{01}b\r\nhello\r\n0\r\n\r\n"),
        chunkedRequest("space inside a trailer name", "5\r\nhello\r\n0\r\nBad Trailer: x\r\n\r\n" + smuggled),
        chunkedRequest("obs-fold in the trailers", "5\r\nhello\r\n0\r\nX-T: 1\r\n folded\r\n\r\n"),
    ]

    /// Faults found in the head: the proxy answers before it connects to any server.
    static var inHead: [MalformedRequest] { framing + fields + requestLines }
    static var rejected: [MalformedRequest] { inHead + chunked }

    private static func chunkedRequest(_ name: String, _ body: String) -> MalformedRequest {
        MalformedRequest(
            name: name, bytes: rawRequest("POST /x HTTP/1.1", host, "Transfer-Encoding: chunked", body: body), fault: .body)
    }

    /// Valid requests near the edges of the grammar.
    static let accepted: [AcceptedRequest] = [
        .init(name: "three pipelined requests in one write", bytes: text(
            "GET /p/1 HTTP/1.1\r\n\(host)\r\n\r\n"
                + "POST /p/2 HTTP/1.1\r\n\(host)\r\nContent-Length: 5\r\n\r\nhello"
                + "POST /p/3 HTTP/1.1\r\n\(host)\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"),
              responses: ["a GET /p/1 0\n", "a POST /p/2 5\n", "a POST /p/3 3\n"]),
        .init(name: "identical duplicate Content-Length", bytes: rawRequest(
            "POST /dup HTTP/1.1", host, "Content-Length: 5", "Content-Length: 5", body: "hello"),
              responses: ["a POST /dup 5\n"]),
        .init(name: "identical Content-Length list", bytes: rawRequest(
            "POST /list HTTP/1.1", host, "Content-Length: 5, 5", body: "hello"),
              responses: ["a POST /list 5\n"]),
        .init(name: "chunk extensions", bytes: rawRequest(
            "POST /ext HTTP/1.1", host, "Transfer-Encoding: chunked",
            body: "5;name=value\r\nhello\r\n6;quoted=\"a;b\";flag\r\n world\r\n0;last\r\n\r\n"),
              responses: ["a POST /ext 11\n"]),
        .init(name: "trailers", bytes: rawRequest(
            "POST /trailers HTTP/1.1", host, "Transfer-Encoding: chunked",
            body: "5\r\nhello\r\n0\r\nX-Checksum: 1234\r\nX-Other: two\r\n\r\n"),
              responses: ["a POST /trailers 5\n"]),
        .init(name: "upper-case Chunked", bytes: rawRequest(
            "POST /case HTTP/1.1", host, "Transfer-Encoding: Chunked", body: "5\r\nhello\r\n0\r\n\r\n"),
              responses: ["a POST /case 5\n"]),
        .init(name: "a body that looks like a request", bytes: rawRequest(
            "POST /carrier HTTP/1.1", host, "Content-Length: \(smuggled.utf8.count)", body: smuggled),
              responses: ["a POST /carrier \(smuggled.utf8.count)\n"]),
        .init(name: "empty lines before the request line", bytes: text("\r\n\r\nGET /after-crlf HTTP/1.1\r\n\(host)\r\n\r\n"),
              responses: ["a GET /after-crlf 0\n"]),
        .init(name: "absolute-form target", bytes: rawRequest("GET http://e2e.test/abs?q=1 HTTP/1.1", host),
              responses: ["a GET http://e2e.test/abs?q=1 0\n"]),
        .init(name: "OPTIONS *", bytes: rawRequest("OPTIONS * HTTP/1.1", host), responses: ["a OPTIONS * 0\n"]),
        .init(name: "tabs and an empty value in fields", bytes: rawRequest(
            "GET /ows HTTP/1.1", host, "X-Tabs:\tone\ttwo\t", "X-Empty:"), responses: ["a GET /ows 0\n"]),
        .init(name: "HTTP/1.0 without Host closes after its response", bytes: rawRequest("GET /ten HTTP/1.0"),
              responses: ["a GET /ten 0\n"], closes: true),
    ]
}
