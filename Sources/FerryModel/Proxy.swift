/// What frontends and backends have in common: identity, mode, timeouts, options, ACLs, HTTP rules and logging.
public struct ProxyCommon: Sendable, Hashable {
    public var name: String
    public var kind: ProxyKind
    /// Where the section header is.
    public var origin: ConfigLocation
    /// The `defaults` section the proxy took its defaults from: its name, "" for an anonymous one, `nil` for none.
    public var defaultsName: String?
    public var mode: Sourced<ProxyMode>
    public var timeouts: Timeouts
    public var options: ProxyOptions
    /// `option forwardfor`, or `nil` when off.
    public var forwardFor: Sourced<ForwardFor?>
    /// The proxy's `log` targets (from its defaults section, then its own lines; `no log` clears them).
    public var logs: [Sourced<LogTarget>]
    /// The named ACLs, in order of first declaration.
    public var acls: [ACL]
    public var httpRequestRules: [HTTPRequestRule]
    public var httpResponseRules: [HTTPResponseRule]
    public var stats: StatsPage
    public var errorFiles: [Sourced<ErrorFile>]
    public var description: Sourced<String?>
    public var disabled: Sourced<Bool>

    public init(
        name: String,
        kind: ProxyKind,
        origin: ConfigLocation,
        defaultsName: String? = nil,
        mode: Sourced<ProxyMode> = .builtIn(.tcp),
        timeouts: Timeouts = Timeouts(),
        options: ProxyOptions = ProxyOptions(),
        forwardFor: Sourced<ForwardFor?> = .builtIn(nil),
        logs: [Sourced<LogTarget>] = [],
        acls: [ACL] = [],
        httpRequestRules: [HTTPRequestRule] = [],
        httpResponseRules: [HTTPResponseRule] = [],
        stats: StatsPage = StatsPage(),
        errorFiles: [Sourced<ErrorFile>] = [],
        description: Sourced<String?> = .builtIn(nil),
        disabled: Sourced<Bool> = .builtIn(false)
    ) {
        self.name = name
        self.kind = kind
        self.origin = origin
        self.defaultsName = defaultsName
        self.mode = mode
        self.timeouts = timeouts
        self.options = options
        self.forwardFor = forwardFor
        self.logs = logs
        self.acls = acls
        self.httpRequestRules = httpRequestRules
        self.httpResponseRules = httpResponseRules
        self.stats = stats
        self.errorFiles = errorFiles
        self.description = description
        self.disabled = disabled
    }

    /// The ACL of a given name, if declared.
    public func acl(named name: String) -> ACL? {
        acls.first { $0.name == name }
    }
}

/// The client-facing half of a proxy: where it listens and how it chooses a backend.
@dynamicMemberLookup
public struct Frontend: Sendable, Hashable {
    public var common: ProxyCommon
    public var binds: [Bind]
    /// Concurrent connections beyond which the frontend stops accepting; `nil` leaves only the global limit.
    public var maxConnections: Sourced<Int?>
    /// `use_backend` rules in evaluation order.
    public var backendRules: [BackendSwitchingRule]
    /// Where requests go when no rule applies. A `listen` section's own backend unless it says otherwise.
    public var defaultBackend: Sourced<String?>
    /// `monitor-uri`: requests for this path get a 200 from Ferry itself.
    public var monitorURI: Sourced<String?>

    public init(
        common: ProxyCommon,
        binds: [Bind] = [],
        maxConnections: Sourced<Int?> = .builtIn(nil),
        backendRules: [BackendSwitchingRule] = [],
        defaultBackend: Sourced<String?> = .builtIn(nil),
        monitorURI: Sourced<String?> = .builtIn(nil)
    ) {
        self.common = common
        self.binds = binds
        self.maxConnections = maxConnections
        self.backendRules = backendRules
        self.defaultBackend = defaultBackend
        self.monitorURI = monitorURI
    }

    public subscript<Value>(dynamicMember keyPath: WritableKeyPath<ProxyCommon, Value>) -> Value {
        get { common[keyPath: keyPath] }
        set { common[keyPath: keyPath] = newValue }
    }
}

/// The server-facing half of a proxy: its servers and how it balances between them.
@dynamicMemberLookup
public struct Backend: Sendable, Hashable {
    public var common: ProxyCommon
    public var balance: Sourced<BalanceAlgorithm>
    public var hashType: Sourced<HashType>
    public var servers: [Server]
    /// Connection attempts after the first one fails.
    public var retries: Sourced<Int>
    public var healthCheck: HealthCheck
    public var cookie: Sourced<CookiePersistence?>

    public init(
        common: ProxyCommon,
        balance: Sourced<BalanceAlgorithm> = .builtIn(.roundRobin),
        hashType: Sourced<HashType> = .builtIn(HashType()),
        servers: [Server] = [],
        retries: Sourced<Int> = .builtIn(3),
        healthCheck: HealthCheck = HealthCheck(),
        cookie: Sourced<CookiePersistence?> = .builtIn(nil)
    ) {
        self.common = common
        self.balance = balance
        self.hashType = hashType
        self.servers = servers
        self.retries = retries
        self.healthCheck = healthCheck
        self.cookie = cookie
    }

    public subscript<Value>(dynamicMember keyPath: WritableKeyPath<ProxyCommon, Value>) -> Value {
        get { common[keyPath: keyPath] }
        set { common[keyPath: keyPath] = newValue }
    }
}
