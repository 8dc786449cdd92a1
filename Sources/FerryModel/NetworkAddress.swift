/// The host part of a listening or server address, as written (validation does no DNS).
public enum Host: Sendable, Hashable {
    /// Every IPv4 address: `*`, an empty host or `0.0.0.0`.
    case anyIPv4
    /// Every IPv6 address (`::`), which on Linux also accepts IPv4 unless `v6only` is set.
    case anyIPv6
    case ipv4(String)
    /// An IPv6 address without brackets.
    case ipv6(String)
    /// A host name, resolved at run time.
    case name(String)

    /// The host as it is written in an address with a port (`[::1]` for IPv6).
    public var bracketed: String {
        switch self {
        case .anyIPv4: "*"
        case .anyIPv6: "[::]"
        case .ipv4(let text), .name(let text): text
        case .ipv6(let text): "[\(text)]"
        }
    }
}

/// One listening address of a `bind` line: a TCP host with a port range, or a UNIX socket path.
public enum BindAddress: Sendable, Hashable {
    case tcp(host: Host, ports: ClosedRange<Int>)
    case unix(path: String)

    /// The address as written in a config (`*:8080`, `[::1]:80-81`, `unix@/run/ferry.sock`).
    public var description: String {
        switch self {
        case .tcp(let host, let ports):
            let portText = ports.count == 1 ? "\(ports.lowerBound)" : "\(ports.lowerBound)-\(ports.upperBound)"
            return "\(host.bracketed):\(portText)"
        case .unix(let path):
            return "unix@\(path)"
        }
    }
}

/// How a server's port is chosen.
public enum ServerPort: Sendable, Hashable {
    case fixed(Int)
    /// `+N` / `-N`: the port the client connected to, shifted.
    case offset(Int)
    /// No port: the port the client connected to.
    case sameAsClient
}

/// Where a server is reached.
public enum ServerAddress: Sendable, Hashable {
    case tcp(host: Host, port: ServerPort)
    case unix(path: String)

    public var description: String {
        switch self {
        case .tcp(let host, let port):
            switch port {
            case .fixed(let value): return "\(host.bracketed):\(value)"
            case .offset(let value): return "\(host.bracketed):\(value >= 0 ? "+" : "")\(value)"
            case .sameAsClient: return host.bracketed
            }
        case .unix(let path):
            return "unix@\(path)"
        }
    }
}
