#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore

/// What one request's `httplog` line reports.
struct HTTPRequestRecord {
    var frontend: String
    var backend: String?
    var server: String?
    var client: SocketAddress?
    var requestLine = ""
    /// How many requests this connection has carried, this one included.
    var requestCount = 0
    var acceptedWallClock = timespec()
    var started = NIODeadline.now()
    var headReceived: NIODeadline?
    var queueEnded: NIODeadline?
    var connected: NIODeadline?
    var responseStarted: NIODeadline?
    var finished: NIODeadline?
    var status = -1
    var bytesFromClient = 0
    var bytesToClient = 0
    var retries = 0
    var queued = false
    var termination: (Character, Character)?
    /// Whether the times are taken (`option httplog`); without a log line they are never read, and reading the
    /// clocks was a handful of calls per request.
    let timed: Bool

    init(frontend: String, timed: Bool) {
        self.frontend = frontend
        self.timed = timed
    }

    /// Resets the per-request fields for the next request on the connection.
    mutating func startRequest() {
        requestCount += 1
        if timed {
            clock_gettime(CLOCK_REALTIME, &acceptedWallClock)
            started = .now()
        }
        backend = nil
        server = nil
        requestLine = ""
        headReceived = nil
        queueEnded = nil
        connected = nil
        responseStarted = nil
        finished = nil
        status = -1
        bytesFromClient = 0
        bytesToClient = 0
        retries = 0
        queued = false
        termination = nil
    }

    var clientText: String { SocketAddress.logText(client) }

    /// HAProxy's `httplog` layout: `client [date] frontend backend/server TR/Tw/Tc/Tr/Ta status bytes - - state
    /// actconn/feconn/beconn/srv_conn/retries srv_queue/backend_queue "request line"`.
    func httpLogLine(activeConnections: Int, frontendConnections: Int, backendConnections: Int, serverConnections: Int, backendQueue: Int) -> String {
        let ms: (NIODeadline?, NIODeadline?) -> Int = { SessionRecord.milliseconds(from: $0, to: $1) }
        let headTime = ms(started, headReceived)
        let waited = queued ? ms(headReceived, queueEnded) : (queueEnded == nil ? -1 : 0)
        let connect = ms(queueEnded, connected)
        let response = ms(connected, responseStarted)
        let total = ms(started, finished)
        // Four characters as in HAProxy's httplog: the termination state, then the persistence-cookie status,
        // which Ferry does not track yet ("--").
        let state = (termination.map { String([$0.0, $0.1]) } ?? "--") + "--"
        return "\(clientText) [\(SessionRecord.dateText(acceptedWallClock))] \(frontend) \(backend ?? "<NOSRV>")/\(server ?? "<NOSRV>") "
            + "\(headTime)/\(waited)/\(connect)/\(response)/\(total) \(status) \(bytesToClient) - - \(state) "
            + "\(activeConnections)/\(frontendConnections)/\(backendConnections)/\(serverConnections)/\(retries) 0/\(backendQueue) "
            + "\"\(requestLine)\""
    }
}

extension HTTPHead {
    /// The request line as received, for logs (`GET /path HTTP/1.1`).
    func requestLine(in buffer: ByteBuffer) -> String {
        guard case .request(_, let methodRange, let targetRange) = kind else { return "" }
        let view = buffer.readableBytesView
        let start = view.startIndex
        let method = String(decoding: view[(start + methodRange.lowerBound)..<(start + methodRange.upperBound)], as: UTF8.self)
        let target = String(decoding: view[(start + targetRange.lowerBound)..<(start + targetRange.upperBound)], as: UTF8.self)
        return "\(method) \(target) \(version == .http1_0 ? "HTTP/1.0" : "HTTP/1.1")"
    }
}

extension HTTPHead.Method {
    /// Methods that may be sent again when the first attempt got no response (RFC 9110 §9.2.2). `.other` covers
    /// every method the parser does not name (PATCH is not idempotent; custom methods are not assumed to be).
    var isIdempotent: Bool {
        switch self {
        case .get, .head, .put, .delete, .options, .trace: true
        default: false
        }
    }
}
