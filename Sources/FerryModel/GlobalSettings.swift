/// Process-wide settings from the `global` section.
public struct GlobalSettings: Sendable, Hashable {
    /// The most concurrent connections for the whole process; `nil` derives it from the file descriptor limit.
    public var maxConnections: Sourced<Int?>
    /// Event loop threads; `nil` means one per available core.
    public var threads: Sourced<Int?>
    public var logs: [Sourced<LogTarget>]
    public var pidFile: Sourced<String?>
    /// How long a graceful stop may take before remaining sessions are closed; `nil` waits for them all.
    public var hardStopAfter: Sourced<Duration?>
    /// The size of a connection buffer in bytes (`tune.bufsize`), which also caps a request or response head.
    public var bufferSize: Sourced<Int>
    public var statsSockets: [Sourced<StatsSocket>]

    public init(
        maxConnections: Sourced<Int?> = .builtIn(nil),
        threads: Sourced<Int?> = .builtIn(nil),
        logs: [Sourced<LogTarget>] = [],
        pidFile: Sourced<String?> = .builtIn(nil),
        hardStopAfter: Sourced<Duration?> = .builtIn(nil),
        bufferSize: Sourced<Int> = .builtIn(16_384),
        statsSockets: [Sourced<StatsSocket>] = []
    ) {
        self.maxConnections = maxConnections
        self.threads = threads
        self.logs = logs
        self.pidFile = pidFile
        self.hardStopAfter = hardStopAfter
        self.bufferSize = bufferSize
        self.statsSockets = statsSockets
    }
}

/// A `stats socket` line: the address of the runtime API and its options, kept as written.
public struct StatsSocket: Sendable, Hashable {
    public var address: String
    /// Option names and their values in the order written (`level admin`, `mode 660`, `expose-fd listeners`).
    public var options: [StatsSocketOption]

    public init(address: String, options: [StatsSocketOption] = []) {
        self.address = address
        self.options = options
    }
}

public struct StatsSocketOption: Sendable, Hashable {
    public var name: String
    public var value: String?

    public init(name: String, value: String?) {
        self.name = name
        self.value = value
    }
}
