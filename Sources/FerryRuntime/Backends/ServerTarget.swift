import FerryModel
import NIOCore

/// Where a server is connected to, resolved once at start-up so that no connection waits on DNS.
enum ServerTarget: Sendable {
    /// A fixed socket address.
    case fixed(SocketAddress)
    /// An IP address whose port follows the port the client connected to (`server s1 10.0.0.1` or `:+1000`).
    case clientPort(SocketAddress, offset: Int)
    /// The host name did not resolve at start-up: the server takes no traffic.
    case unresolved(reason: String)

    /// Resolves a server's address. Runs `getaddrinfo` for host names: call it off the event loops.
    init(_ address: ServerAddress) {
        do {
            switch address {
            case .unix(let path):
                self = .fixed(try SocketAddress(unixDomainSocketPath: path))
            case .tcp(let host, let port):
                let base = try Self.resolve(host, port: port.fixedValue ?? 0)
                switch port {
                case .fixed: self = .fixed(base)
                case .offset(let offset): self = .clientPort(base, offset: offset)
                case .sameAsClient: self = .clientPort(base, offset: 0)
                }
            }
        } catch {
            self = .unresolved(reason: "\(error)")
        }
    }

    /// The address for a connection that arrived on local port `clientPort`.
    func address(clientPort: Int?) -> SocketAddress? {
        switch self {
        case .fixed(let address):
            return address
        case .clientPort(var address, let offset):
            guard let clientPort, (1...65_535).contains(clientPort + offset) else { return nil }
            address.port = clientPort + offset
            return address
        case .unresolved:
            return nil
        }
    }

    private static func resolve(_ host: Host, port: Int) throws -> SocketAddress {
        switch host {
        case .anyIPv4: try SocketAddress(ipAddress: "0.0.0.0", port: port)
        case .anyIPv6: try SocketAddress(ipAddress: "::", port: port)
        case .ipv4(let text), .ipv6(let text): try SocketAddress(ipAddress: text, port: port)
        case .name(let name): try SocketAddress.makeAddressResolvingHost(name, port: port)
        }
    }
}

extension ServerPort {
    var fixedValue: Int? {
        if case .fixed(let port) = self { return port }
        return nil
    }
}
