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
    /// A request whose fault is in its head: `lines` (request line and field lines), then `body`.
    private static func head(_ name: String, _ lines: String..., body: String = "") -> MalformedRequest {
        MalformedRequest(name: name, bytes: rawRequest(lines, body: body))
    }

    /// `POST /x` with `Host` and `fields`, then `body`.
    private static func post(
        _ name: String, _ fields: String..., body: String, fault: MalformedRequest.Fault = .head
    ) -> MalformedRequest {
        MalformedRequest(name: name, bytes: rawRequest(["POST /x HTTP/1.1", host] + fields, body: body), fault: fault)
    }

    /// `GET /x` with `Host` and `fields`.
    private static func get(_ name: String, _ fields: String...) -> MalformedRequest {
        MalformedRequest(name: name, bytes: rawRequest(["GET /x HTTP/1.1", host] + fields))
    }

    /// Framing ambiguities: the message boundaries two parsers could disagree on.
    static let framing: [MalformedRequest] = [
        post("Content-Length with Transfer-Encoding", "Content-Length: 6", "Transfer-Encoding: chunked", body: "0\r\n\r\nX"),
        post("Transfer-Encoding before Content-Length", "Transfer-Encoding: chunked", "Content-Length: 6", body: "0\r\n\r\nX"),
        post("CL.TE followed by a smuggled request", "Content-Length: 5", "Transfer-Encoding: chunked", body: "0\r\n\r\n" + smuggled),
        post("TE.CL followed by a smuggled request", "Transfer-Encoding: chunked", "Content-Length: 3",
             body: "\(String(smuggled.utf8.count + 5, radix: 16))\r\nXXXXX\(smuggled)\r\n0\r\n\r\n"),
        post("differing duplicate Content-Length", "Content-Length: 3", "Content-Length: 5", body: "hello"),
        post("differing Content-Length list", "Content-Length: 3, 5", body: "hello"),
        post("Content-Length with a plus sign", "Content-Length: +5", body: "hello"),
        post("negative Content-Length", "Content-Length: -1", body: "hello"),
        post("hexadecimal Content-Length", "Content-Length: 0x5", body: "hello"),
        post("Content-Length over 64 bits", "Content-Length: 99999999999999999999999", body: "hello"),
        post("empty Content-Length", "Content-Length: ", body: "hello"),
        post("Content-Length with an inner space", "Content-Length: 1 2", body: "hello"),
        post("Transfer-Encoding: chunked, identity", "Transfer-Encoding: chunked, identity", body: "0\r\n\r\n"),
        post("Transfer-Encoding: identity", "Transfer-Encoding: identity", body: "0\r\n\r\n"),
        post("Transfer-Encoding with a space before the colon", "Transfer-Encoding : chunked", body: "0\r\n\r\n" + smuggled),
        post("Transfer-Encoding: xchunked", "Transfer-Encoding: xchunked", body: "0\r\n\r\n"),
        post("Transfer-Encoding: chunked in two fields", "Transfer-Encoding: chunked", "Transfer-Encoding: chunked", body: "0\r\n\r\n"),
        head("Transfer-Encoding in HTTP/1.0", "POST /x HTTP/1.0", host, "Transfer-Encoding: chunked", body: "0\r\n\r\n" + smuggled),
        post("Transfer-Encoding with a vertical tab", "Transfer-Encoding: \u{0B}chunked", body: "0\r\n\r\n"),
        post("Transfer-Encoding folded onto the next line", "Transfer-Encoding:", " chunked", body: "0\r\n\r\n" + smuggled),
        get("two Host fields", "Host: other.test"),
    ]

    /// Field lines that are not `name: value` as RFC 9112 writes them.
    static let fields: [MalformedRequest] = [
        get("obs-fold with a space", "X-A: one", " two"),
        get("obs-fold with a tab", "X-A: one", "\ttwo"),
        head("whitespace before the first field", "GET /x HTTP/1.1", " \(host)"),
        get("NUL in a field value", "X-A: a\u{00}b"),
        get("bare CR in a field value", "X-A: a\rb"),
        get("control byte in a field value", "X-A: a\u{01}b"),
        get("DEL in a field value", "X-A: a\u{7F}b"),
        head("space before the colon", "GET /x HTTP/1.1", "Host : e2e.test"),
        get("tab before the colon", "X-A\t: 1"),
        get("space inside a field name", "Bad Header: x"),
        get("parenthesis in a field name", "X(A): 1"),
        get("quote in a field name", "\"X\": 1"),
        get("empty field name", ": value"),
        get("field line without a colon", "NoColonHere"),
        .init(name: "non-ASCII field name", bytes: bytes(text("GET /x HTTP/1.1\r\n\(host)\r\nX-"), [0xC3, 0x84], text(": 1\r\n\r\n"))),
        .init(name: "bare LF line endings", bytes: text("GET /x HTTP/1.1\nHost: e2e.test\n\n")),
        .init(name: "bare LF after one field", bytes: text("GET /x HTTP/1.1\r\nHost: e2e.test\nX-A: 1\r\n\r\n")),
        .init(name: "bare CR ending the request line", bytes: text("GET /x HTTP/1.1\rHost: e2e.test\r\n\r\n")),
        .init(name: "101 header fields", bytes: rawRequest(["GET /x HTTP/1.1", host] + (1...100).map { "X-Field-\($0): \($0)" })),
        get("a head larger than tune.bufsize", "X-Big: " + String(repeating: "b", count: 17_000)),
        .init(name: "a head that never ends within tune.bufsize", bytes: text(
            "GET /x HTTP/1.1\r\n" + String(repeating: "X-Filler: 0123456789012345678901234567890123456789\r\n", count: 400))),
        head("a request line larger than tune.bufsize", "GET /" + String(repeating: "a", count: 17_000) + " HTTP/1.1", host),
    ]

    /// Request lines that are not `method SP target SP HTTP/1.x`.
    static let requestLines: [MalformedRequest] = [
        head("HTTP/1.2", "GET /x HTTP/1.2", host),
        head("HTTP/2.0", "GET /x HTTP/2.0", host),
        head("lower-case http/1.1", "GET /x http/1.1", host),
        head("HTTP/1.10", "GET /x HTTP/1.10", host),
        .init(name: "HTTP/0.9 request line", bytes: text("GET /x\r\n\r\n")),
        head("missing target", "GET HTTP/1.1", host),
        head("double space before the target", "GET  /x HTTP/1.1", host),
        head("double space before the version", "GET /x  HTTP/1.1", host),
        head("tab between method and target", "GET\t/x HTTP/1.1", host),
        head("space after the version", "GET /x HTTP/1.1 ", host),
        head("space before the method", " GET /x HTTP/1.1", host),
        head("invalid byte in the method", "GE(T /x HTTP/1.1", host),
        head("space inside the target", "GET /a b HTTP/1.1", host),
        head("fragment in the target", "GET /x#frag HTTP/1.1", host),
        head("DEL in the target", "GET /x\u{7F} HTTP/1.1", host),
        .init(name: "non-ASCII target", bytes: bytes(text("GET /"), [0xC3, 0xA9], text(" HTTP/1.1\r\n\(host)\r\n\r\n"))),
        head("asterisk target for GET", "GET * HTTP/1.1", host),
        head("absolute target with userinfo", "GET http://user@e2e.test/x HTTP/1.1", host),
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
        post(name, "Transfer-Encoding: chunked", body: body, fault: .body)
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
