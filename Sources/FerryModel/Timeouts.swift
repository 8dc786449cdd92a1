/// The `timeout` settings of a proxy. `nil` means no timeout (wait forever), which the validator warns about for
/// `client`, `server` and `connect`.
///
/// A frontend uses the client-side ones (`client`, `client-fin`, `http-request`, `http-keep-alive`), a backend the
/// server-side ones; a `listen` section uses all of them.
public struct Timeouts: Sendable, Hashable {
    public var connect: Sourced<Duration?> = .builtIn(nil)
    public var client: Sourced<Duration?> = .builtIn(nil)
    public var server: Sourced<Duration?> = .builtIn(nil)
    public var queue: Sourced<Duration?> = .builtIn(nil)
    public var httpRequest: Sourced<Duration?> = .builtIn(nil)
    public var httpKeepAlive: Sourced<Duration?> = .builtIn(nil)
    public var check: Sourced<Duration?> = .builtIn(nil)
    public var tunnel: Sourced<Duration?> = .builtIn(nil)
    public var clientFin: Sourced<Duration?> = .builtIn(nil)
    public var serverFin: Sourced<Duration?> = .builtIn(nil)

    public init() {}

    /// The timeouts that take another's value when not set, as in HAProxy, in the order they must be applied.
    public static let fallbacks: [(timeout: TimeoutKind, takes: TimeoutKind)] = [
        (.queue, .connect), (.httpRequest, .client), (.httpKeepAlive, .httpRequest),
        (.clientFin, .client), (.serverFin, .server),
    ]

    /// These timeouts with the unset ones that have a fallback taking its value (see ``fallbacks``).
    public func withFallbacks() -> Timeouts {
        var result = self
        for (timeout, source) in Self.fallbacks where result[timeout].value == nil && result[source].value != nil {
            // A chain (http-keep-alive → http-request → client) names the timeout that was set.
            let origin: Origin = switch result[source].origin {
            case .fallback(let setting, let inner): .fallback(setting: setting, inner)
            case let other: .fallback(setting: "timeout \(source.rawValue)", other)
            }
            result[timeout] = Sourced(result[source].value, origin)
        }
        return result
    }

    public subscript(kind: TimeoutKind) -> Sourced<Duration?> {
        get {
            switch kind {
            case .connect: connect
            case .client: client
            case .server: server
            case .queue: queue
            case .httpRequest: httpRequest
            case .httpKeepAlive: httpKeepAlive
            case .check: check
            case .tunnel: tunnel
            case .clientFin: clientFin
            case .serverFin: serverFin
            }
        }
        set {
            switch kind {
            case .connect: connect = newValue
            case .client: client = newValue
            case .server: server = newValue
            case .queue: queue = newValue
            case .httpRequest: httpRequest = newValue
            case .httpKeepAlive: httpKeepAlive = newValue
            case .check: check = newValue
            case .tunnel: tunnel = newValue
            case .clientFin: clientFin = newValue
            case .serverFin: serverFin = newValue
            }
        }
    }
}

/// The timeouts by their keyword after `timeout`, in the order the plan prints them.
public enum TimeoutKind: String, Sendable, Hashable, CaseIterable {
    case connect
    case client
    case server
    case queue
    case httpRequest = "http-request"
    case httpKeepAlive = "http-keep-alive"
    case check
    case tunnel
    case clientFin = "client-fin"
    case serverFin = "server-fin"

    /// Which kind of proxy uses the timeout; HAProxy ignores (with a warning) one set where it has no effect.
    public var capability: ProxyCapability {
        switch self {
        case .client, .clientFin: .frontend
        case .httpRequest, .httpKeepAlive: .both
        case .connect, .server, .queue, .check, .tunnel, .serverFin: .backend
        }
    }
}
