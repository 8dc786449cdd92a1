/// A server of a backend with its effective settings.
public struct Server: Sendable, Hashable {
    public var name: String
    public var address: ServerAddress
    public var settings: ServerSettings
    /// Where the `server` line names it.
    public var origin: ConfigLocation

    public init(name: String, address: ServerAddress, settings: ServerSettings, origin: ConfigLocation) {
        self.name = name
        self.address = address
        self.settings = settings
        self.origin = origin
    }
}

/// The settings of a server, resolved from its line, then `default-server` (backend, then defaults), then built-in.
public struct ServerSettings: Sendable, Hashable {
    /// Health checks are enabled (`check`).
    public var check: Sourced<Bool>
    /// Interval between checks while the server is up.
    public var interval: Sourced<Duration>
    /// Interval while the server is changing state (defaults to `inter`).
    public var fastInterval: Sourced<Duration>
    /// Interval while the server is down (defaults to `inter`).
    public var downInterval: Sourced<Duration>
    /// Consecutive successful checks to consider the server up.
    public var rise: Sourced<Int>
    /// Consecutive failed checks to consider the server down.
    public var fall: Sourced<Int>
    /// Share of the traffic relative to the other servers, 0–256; 0 takes no new traffic.
    public var weight: Sourced<Int>
    public var backup: Sourced<Bool>
    /// Concurrent connections beyond which requests queue; `nil` means no limit.
    public var maxConnections: Sourced<Int?>
    /// Queue length beyond which requests go elsewhere; `nil` means no limit.
    public var maxQueue: Sourced<Int?>
    public var disabled: Sourced<Bool>
    /// The value of the persistence cookie that designates this server.
    public var cookie: Sourced<String?>
    /// Ramp-up time of the weight after the server comes up; `nil` means none.
    public var slowStart: Sourced<Duration?>
    /// `send-proxy`: send a PROXY protocol v1 header on each connection.
    public var sendProxy: Sourced<Bool>
    /// The port health checks connect to, if not the server's.
    public var checkPort: Sourced<Int?>

    public init(
        check: Sourced<Bool> = .builtIn(false),
        interval: Sourced<Duration> = .builtIn(.seconds(2)),
        fastInterval: Sourced<Duration>? = nil,
        downInterval: Sourced<Duration>? = nil,
        rise: Sourced<Int> = .builtIn(2),
        fall: Sourced<Int> = .builtIn(3),
        weight: Sourced<Int> = .builtIn(1),
        backup: Sourced<Bool> = .builtIn(false),
        maxConnections: Sourced<Int?> = .builtIn(nil),
        maxQueue: Sourced<Int?> = .builtIn(nil),
        disabled: Sourced<Bool> = .builtIn(false),
        cookie: Sourced<String?> = .builtIn(nil),
        slowStart: Sourced<Duration?> = .builtIn(nil),
        sendProxy: Sourced<Bool> = .builtIn(false),
        checkPort: Sourced<Int?> = .builtIn(nil)
    ) {
        self.check = check
        self.interval = interval
        self.fastInterval = fastInterval ?? interval
        self.downInterval = downInterval ?? interval
        self.rise = rise
        self.fall = fall
        self.weight = weight
        self.backup = backup
        self.maxConnections = maxConnections
        self.maxQueue = maxQueue
        self.disabled = disabled
        self.cookie = cookie
        self.slowStart = slowStart
        self.sendProxy = sendProxy
        self.checkPort = checkPort
    }
}
