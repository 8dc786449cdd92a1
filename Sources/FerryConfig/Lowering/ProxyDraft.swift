import FerryModel

/// What one proxy-like section (defaults, frontend, backend, listen) declares itself, before defaults are applied.
///
/// `nil` means "not set here". Origins are `.declared`; ``ModelResolver`` turns values taken from a defaults section
/// into `.inherited` ones.
struct ProxyDraft: Sendable {
    var kind: SectionKind
    /// The name, `nil` for an anonymous defaults section.
    var name: Token?
    var header: Statement
    /// `from NAME` on the header.
    var from: Token?

    var mode: Sourced<ProxyMode>?
    var timeouts: [TimeoutKind: Sourced<Duration?>] = [:]
    var options: [ProxyOption: Sourced<Bool>] = [:]
    var forwardFor: Sourced<ForwardFor?>?
    var maxConnections: Sourced<Int?>?
    var retries: Sourced<Int>?
    var balance: Sourced<BalanceAlgorithm>?
    var hashType: Sourced<HashType>?
    var binds: [Bind] = []
    var servers: [ServerDraft] = []
    /// The `default-server` settings as they stand at the end of the section.
    var defaultServer = ServerSettingsDraft()
    var acls: [(name: String, criterion: ACLCriterion)] = []
    var backendRules: [BackendSwitchingRule] = []
    var defaultBackend: Sourced<String?>?
    var httpRequestRules: [HTTPRequestRule] = []
    var httpResponseRules: [HTTPResponseRule] = []
    var httpCheckRequest: Sourced<HTTPCheckRequest?>?
    var httpCheckSend: Sourced<HTTPCheckSend>?
    var httpCheckExpectations: [Sourced<HTTPCheckExpectation>] = []
    var cookie: Sourced<CookiePersistence?>?
    var stats = StatsDraft()
    var monitorURI: Sourced<String?>?
    var errorFiles: [Sourced<ErrorFile>] = []
    var logs: [Sourced<LogTarget>] = []
    /// `no log`: drop the log targets inherited from defaults.
    var clearsLogs = false
    var description: Sourced<String?>?
    var disabled: Sourced<Bool>?
    /// Settings whose lines had errors (``ConfigReader/settingKey(_:)``), so that validation does not also warn
    /// that they are missing.
    var rejected: Set<String> = []

    init(kind: SectionKind, name: Token?, header: Statement, from: Token?) {
        self.kind = kind
        self.name = name
        self.header = header
        self.from = from
    }

    var proxyKind: ProxyKind? {
        switch kind {
        case .frontend: .frontend
        case .backend: .backend
        case .listen: .listen
        case .global, .defaults: nil
        }
    }
}

/// A `server` line.
struct ServerDraft: Sendable {
    var name: Token
    var address: ServerAddress
    var settings: ServerSettingsDraft
    /// The section's `default-server` settings when the line was read (HAProxy applies only earlier lines).
    var defaults: ServerSettingsDraft
}

/// Server settings set on one `server` or `default-server` line (or accumulated over several `default-server` lines).
struct ServerSettingsDraft: Sendable {
    var check: Sourced<Bool>?
    var interval: Sourced<Duration>?
    var fastInterval: Sourced<Duration>?
    var downInterval: Sourced<Duration>?
    var rise: Sourced<Int>?
    var fall: Sourced<Int>?
    var weight: Sourced<Int>?
    var backup: Sourced<Bool>?
    var maxConnections: Sourced<Int?>?
    var maxQueue: Sourced<Int?>?
    var disabled: Sourced<Bool>?
    var cookie: Sourced<String?>?
    var slowStart: Sourced<Duration?>?
    var sendProxy: Sourced<Bool>?
    var checkPort: Sourced<Int?>?

    /// These settings, with any unset one taken from `fallback`.
    func over(_ fallback: ServerSettingsDraft) -> ServerSettingsDraft {
        ServerSettingsDraft(
            check: check ?? fallback.check,
            interval: interval ?? fallback.interval,
            fastInterval: fastInterval ?? fallback.fastInterval,
            downInterval: downInterval ?? fallback.downInterval,
            rise: rise ?? fallback.rise,
            fall: fall ?? fallback.fall,
            weight: weight ?? fallback.weight,
            backup: backup ?? fallback.backup,
            maxConnections: maxConnections ?? fallback.maxConnections,
            maxQueue: maxQueue ?? fallback.maxQueue,
            disabled: disabled ?? fallback.disabled,
            cookie: cookie ?? fallback.cookie,
            slowStart: slowStart ?? fallback.slowStart,
            sendProxy: sendProxy ?? fallback.sendProxy,
            checkPort: checkPort ?? fallback.checkPort
        )
    }
}

/// The `stats` lines of a section.
struct StatsDraft: Sendable {
    var enabled: Sourced<Bool>?
    var uri: Sourced<String>?
    var refresh: Sourced<Duration?>?
    var realm: Sourced<String?>?
    var credentials: [Sourced<StatsCredential>] = []
    var hideVersion: Sourced<Bool>?
}
