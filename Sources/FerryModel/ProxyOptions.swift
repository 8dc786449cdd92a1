/// The `option` switches Ferry supports that take no arguments (`option X` sets, `no option X` clears).
/// `option httpchk` and `option forwardfor` carry arguments and live in ``HealthCheck`` and ``ForwardFor``.
public enum ProxyOption: String, Sendable, Hashable, CaseIterable {
    case httpLog = "httplog"
    case tcpLog = "tcplog"
    case redispatch
    case httpServerClose = "http-server-close"
    case httpClose = "httpclose"
    case httpKeepAlive = "http-keep-alive"
    case abortOnClose = "abortonclose"
    case dontLogNull = "dontlognull"
    case allBackups = "allbackups"
    case logHealthChecks = "log-health-checks"

    /// Which half of a proxy the option concerns (HAProxy's keyword matrix).
    public var capability: ProxyCapability {
        switch self {
        case .httpServerClose, .httpClose, .httpKeepAlive: .both
        case .httpLog, .tcpLog, .dontLogNull: .frontend
        case .redispatch, .abortOnClose, .allBackups, .logHealthChecks: .backend
        }
    }

    /// Options that exclude each other; setting one turns the others of its group off.
    public static let exclusiveGroups: [[ProxyOption]] = [
        [.httpLog, .tcpLog],
        [.httpServerClose, .httpClose, .httpKeepAlive],
    ]

    /// Whether the option only means something for HTTP traffic.
    public var isHTTPOnly: Bool {
        switch self {
        case .httpLog, .httpServerClose, .httpClose, .httpKeepAlive: true
        default: false
        }
    }
}

/// The effective `option` switches of a proxy. Options that are not set are off, from the built-in default.
public struct ProxyOptions: Sendable, Hashable {
    private var values: [ProxyOption: Sourced<Bool>] = [:]

    public init() {}

    public subscript(option: ProxyOption) -> Sourced<Bool> {
        get { values[option] ?? .builtIn(false) }
        set { values[option] = newValue }
    }

    /// The options that are on, in declaration order of ``ProxyOption``.
    public var enabled: [ProxyOption] {
        ProxyOption.allCases.filter { self[$0].value }
    }
}

/// `option forwardfor [except NETWORK] [header NAME] [if-none]`: tell servers the client's address in a header.
public struct ForwardFor: Sendable, Hashable {
    public var header: String
    /// Clients from this network (address/prefix) get no header.
    public var except: ACLPattern?
    /// Add the header only when the request has none.
    public var ifNone: Bool

    public init(header: String = "X-Forwarded-For", except: ACLPattern? = nil, ifNone: Bool = false) {
        self.header = header
        self.except = except
        self.ifNone = ifNone
    }
}
