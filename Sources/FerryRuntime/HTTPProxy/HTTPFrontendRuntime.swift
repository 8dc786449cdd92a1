import FerryBalancing
import FerryModel
import NIOCore

/// The HTTP side of a `mode http` frontend, prepared once at start-up: parser limits, timeouts, and the decisions
/// taken per request (rules, backend choice, balancing key, the heads that go out).
final class HTTPFrontendRuntime: Sendable {
    /// What to do with a request.
    enum Route {
        /// Answer it here; the closure makes the response given whether the connection stays open.
        case respond(status: Int, response: (_ keepOpen: Bool) -> ByteBuffer)
        /// Send it to a server of this backend, with this head.
        case forward(BackendPool, head: ByteBuffer)
    }

    let headLimits: HTTPHeadLimits
    /// `timeout http-request`: the whole head must arrive within it (the slowloris defence).
    let requestTimeout: Duration?
    /// `timeout http-keep-alive`: how long an idle client connection waits for its next request.
    let keepAliveTimeout: Duration?
    private let frontend: FrontendRuntime
    private let monitorURI: String?

    init(frontend: FrontendRuntime, global: GlobalSettings) {
        self.frontend = frontend
        headLimits = HTTPHeadLimits(maxHeadSize: global.bufferSize.value, maxHeaderCount: 100)
        requestTimeout = frontend.timeouts.httpRequest.value
        keepAliveTimeout = frontend.timeouts.httpKeepAlive.value
        monitorURI = frontend.frontend.monitorURI.value
    }

    func route(_ head: HTTPHead, in buffer: ByteBuffer, client: SocketAddress?, localPort: Int?) -> Route {
        let samples = ConnectionSamples(sourceAddress: client, destinationPort: localPort)
        if let monitorURI, head.target(in: buffer) == monitorURI {
            return .respond(status: 200) { keepOpen in LocalResponse.make(status: 200, keepOpen: keepOpen) }
        }
        guard let backend = frontend.backend(for: samples) else {
            return .respond(status: 503) { keepOpen in LocalResponse.make(status: 503, keepOpen: keepOpen) }
        }
        return .forward(backend, head: requestHead(head, in: buffer))
    }

    /// The balancing hash of a request for the backend's algorithm, if it hashes something.
    func balanceKey(for head: HTTPHead, in buffer: ByteBuffer, backend: BackendPool, client: SocketAddress?) -> UInt32? {
        let hashType = backend.backend.hashType.value
        switch backend.backend.balance.value {
        case .source:
            return client.map { KeyHasher.sourceAddressHash($0.ipBytes, avalanche: hashType.avalanche) }
        case .uri:
            return head.target(in: buffer).map { KeyHasher.hash($0.utf8, using: hashType) }
        default:
            return nil
        }
    }

    /// The head sent to the server: the request line in HTTP/1.1, the client's fields without hop-by-hop ones,
    /// and `Connection: close` (each request has its own server connection for now).
    func requestHead(_ head: HTTPHead, in buffer: ByteBuffer) -> ByteBuffer {
        var out = ByteBuffer()
        // Servers are always spoken to in HTTP/1.1.
        var line = head.requestLine(in: buffer)
        line.removeLast(3)
        out.writeString(line + "1.1\r\n")
        Self.copyFields(of: head, from: buffer, into: &out)
        out.writeString("Connection: close\r\n\r\n")
        return out
    }

    /// The response head sent to the client, with hop-by-hop fields removed and the connection's fate stated.
    func responseHead(_ head: HTTPHead, in buffer: ByteBuffer, closeClient: Bool) -> ByteBuffer {
        var out = ByteBuffer()
        let view = buffer.readableBytesView
        let lineEnd = view.firstIndex(of: UInt8(ascii: "\r")) ?? view.endIndex
        out.writeBytes(view[view.startIndex..<lineEnd])
        out.writeString("\r\n")
        Self.copyFields(of: head, from: buffer, into: &out)
        if head.info.framing != .tunnel {
            out.writeString(closeClient ? "Connection: close\r\n" : "")
        }
        out.writeString("\r\n")
        return out
    }

    func errorResponse(_ status: Int) -> ByteBuffer {
        LocalResponse.make(status: status, keepOpen: false)
    }

    private static func copyFields(of head: HTTPHead, from buffer: ByteBuffer, into out: inout ByteBuffer) {
        let view = buffer.readableBytesView
        let start = view.startIndex
        for field in head.fields where !field.knownName.isHopByHop {
            out.writeBytes(view[(start + field.nameRange.lowerBound)..<(start + field.nameRange.upperBound)])
            out.writeString(": ")
            out.writeBytes(view[(start + field.valueRange.lowerBound)..<(start + field.valueRange.upperBound)])
            out.writeString("\r\n")
        }
    }
}

extension HTTPHead.Field.KnownName {
    var isHopByHop: Bool {
        switch self {
        case .connection, .keepAlive, .proxyConnection, .te, .trailer, .upgrade: true
        default: false
        }
    }
}

/// Responses Ferry writes itself.
enum LocalResponse {
    static func make(status: Int, keepOpen: Bool) -> ByteBuffer {
        let reason = reasons[status] ?? "Unknown"
        let body = "<html><body><h1>\(status) \(reason)</h1></body></html>\n"
        var out = ByteBuffer()
        out.writeString("HTTP/1.1 \(status) \(reason)\r\ncontent-length: \(body.utf8.count)\r\ncache-control: no-cache\r\ncontent-type: text/html\r\n")
        out.writeString(keepOpen ? "\r\n" : "connection: close\r\n\r\n")
        out.writeString(body)
        return out
    }

    static let reasons: [Int: String] = [
        200: "OK", 400: "Bad Request", 403: "Forbidden", 408: "Request Timeout", 500: "Internal Server Error",
        502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout",
    ]
}
