#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore

/// What a session's log line reports: who, where it went, its timers, its bytes and how it ended.
struct SessionRecord {
    var frontend: String
    var backend: String?
    var server: String?
    var client: SocketAddress?
    /// Wall-clock time of the accept, for the log's date.
    var acceptedWallClock: timespec
    var acceptedAt: NIODeadline
    var queueEnded: NIODeadline?
    var connectedAt: NIODeadline?
    var closedAt: NIODeadline?
    var bytesFromClient = 0
    var bytesFromServer = 0
    var retries = 0
    var redispatched = false
    var queued = false
    /// HAProxy's two-letter termination state: who ended the session, and in which phase. `nil` means a normal end.
    var termination: (Character, Character)?

    init(frontend: String, acceptedAt: NIODeadline) {
        self.frontend = frontend
        self.acceptedAt = acceptedAt
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        self.acceptedWallClock = now
    }

    /// `ip:port` of the client (the one a PROXY header named, when there was one).
    var clientText: String { SocketAddress.logText(client) }

    /// The two-letter termination state, `--` for a normal end.
    var terminationText: String {
        guard let termination else { return "--" }
        return String([termination.0, termination.1])
    }

    /// Milliseconds from `start` to `end`, or -1 when the phase never ended (HAProxy's convention).
    static func milliseconds(from start: NIODeadline?, to end: NIODeadline?) -> Int {
        guard let start, let end else { return -1 }
        return Int((end - start).nanoseconds / 1_000_000)
    }

    /// The session in HAProxy's `tcplog` layout:
    /// `client [date] frontend backend/server Tw/Tc/Tt bytes_read state actconn/feconn/beconn/srv_conn/retries srv_queue/backend_queue`.
    func tcpLogLine(activeConnections: Int, frontendConnections: Int, backendConnections: Int, serverConnections: Int, backendQueue: Int) -> String {
        let waited = queued ? Self.milliseconds(from: acceptedAt, to: queueEnded) : (queueEnded == nil ? -1 : 0)
        let connect = Self.milliseconds(from: queueEnded, to: connectedAt)
        let total = Self.milliseconds(from: acceptedAt, to: closedAt)
        let retriesText = redispatched ? "+\(retries)" : "\(retries)"
        return "\(clientText) [\(Self.dateText(acceptedWallClock))] \(frontend) \(backend ?? "<NOSRV>")/\(server ?? "<NOSRV>") "
            + "\(waited)/\(connect)/\(total) \(bytesFromServer) \(terminationText) "
            + "\(activeConnections)/\(frontendConnections)/\(backendConnections)/\(serverConnections)/\(retriesText) 0/\(backendQueue)"
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `04/Dec/2026:19:02:03.123` in local time, as HAProxy prints it.
    static func dateText(_ time: timespec) -> String {
        var seconds = time.tv_sec
        var parts = tm()
        localtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        let millis = Int32(time.tv_nsec / 1_000_000)
        return "\(pad(parts.tm_mday, 2))/\(months[Int(parts.tm_mon)])/\(parts.tm_year + 1900):"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(millis, 3))"
    }
}

extension SocketAddress {
    /// `ip:port` as logs print a client, `-` when unknown.
    static func logText(_ address: SocketAddress?) -> String {
        guard let address else { return "-" }
        return "\(address.ipAddress ?? "?"):\(address.port ?? 0)"
    }

    /// The address bytes of an IP socket address (4 or 16), for hashing; empty for UNIX sockets.
    var ipBytes: [UInt8] {
        switch self {
        case .v4(let address):
            return withUnsafeBytes(of: address.address.sin_addr) { Array($0) }
        case .v6(let address):
            return withUnsafeBytes(of: address.address.sin6_addr) { Array($0) }
        case .unixDomainSocket:
            return []
        }
    }
}
