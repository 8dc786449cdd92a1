/// Where a `log` line sends log messages.
public enum LogTarget: Sendable, Hashable {
    /// `log global`: the targets of the `global` section.
    case global
    case remote(LogDestination)
}

/// A syslog-style log destination: `log <address> [len N] [format F] <facility> [level [minlevel]]`.
public struct LogDestination: Sendable, Hashable {
    public enum Address: Sendable, Hashable {
        case stdout
        case stderr
        /// A UNIX datagram socket such as `/dev/log`.
        case unixSocket(String)
        /// A UDP syslog server; the port defaults to 514.
        case udp(host: String, port: Int)
        /// A TCP syslog server (`tcp@host:port`).
        case tcp(host: String, port: Int)
    }

    public var address: Address
    public var facility: String
    /// The most verbose level sent (`debug` … `emerg`); `nil` sends every level.
    public var level: String?
    public var minimumLevel: String?
    public var format: String?
    public var maximumLength: Int?

    public init(
        address: Address,
        facility: String,
        level: String? = nil,
        minimumLevel: String? = nil,
        format: String? = nil,
        maximumLength: Int? = nil
    ) {
        self.address = address
        self.facility = facility
        self.level = level
        self.minimumLevel = minimumLevel
        self.format = format
        self.maximumLength = maximumLength
    }

    /// The 24 syslog facilities, in their numeric order.
    public static let facilities = [
        "kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron", "auth2", "ftp", "ntp",
        "audit", "alert", "cron2", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7",
    ]
    /// The syslog levels, most severe first.
    public static let levels = ["emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"]
    /// The formats HAProxy's `format` option accepts.
    public static let formats = ["local", "rfc3164", "rfc5424", "priority", "short", "timed", "iso", "raw"]
}
