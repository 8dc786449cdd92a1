#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import FerryModel
import NIOCore

/// Small decisions the runtime takes when it starts: what it can serve, limits, addresses and error texts.
enum RuntimeSupport {
    /// Refuses configurations the runtime can't serve yet, naming the line that asks for it.
    static func check(_ configuration: Configuration) throws {
        for frontend in configuration.frontends where !frontend.disabled.value && frontend.mode.value == .http {
            if let bind = frontend.binds.first(where: \.acceptProxy) {
                throw UnsupportedAtRuntime(
                    message: "accept-proxy on a mode http frontend ('\(frontend.name)') is not served yet (only in mode tcp)",
                    origin: bind.origin
                )
            }
        }
    }

    /// The `log` destinations other than standard output and error, which Ferry does not write to yet, as written
    /// (`udp 10.0.0.1:514`), once each.
    static func unsupportedLogTargets(_ configuration: Configuration) -> [String] {
        var targets = configuration.global.logs.map(\.value)
        for proxy in configuration.frontends.map(\.common) + configuration.backends.map(\.common) {
            targets += proxy.logs.map(\.value)
        }
        var seen: Set<String> = []
        return targets.compactMap { target -> String? in
            guard case .remote(let destination) = target else { return nil }
            let text: String
            switch destination.address {
            case .stdout, .stderr: return nil
            case .unixSocket(let path): text = "unix \(path)"
            case .udp(let host, let port): text = "udp \(host):\(port)"
            case .tcp(let host, let port): text = "tcp \(host):\(port)"
            }
            return seen.insert(text).inserted ? text : nil
        }
    }

    /// The process-wide `maxconn` when the config sets none: what the file descriptor limit allows, two descriptors
    /// per proxied connection and a reserve for listeners and logs (HAProxy derives it the same way).
    static func defaultMaxConnections() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max else { return 100_000 }
        return max(1, (Int(limit.rlim_cur) - 64) / 2)
    }

    /// The ports a bind listens on; `nil` for a UNIX socket.
    static func ports(of bind: Bind) -> [Int?] {
        switch bind.address {
        case .tcp(_, let ports): ports.map { $0 }
        case .unix: [nil]
        }
    }

    static func listenAddress(_ host: Host, port: Int) throws -> SocketAddress {
        switch host {
        case .anyIPv4: try SocketAddress(ipAddress: "0.0.0.0", port: port)
        case .anyIPv6: try SocketAddress(ipAddress: "::", port: port)
        case .ipv4(let text), .ipv6(let text): try SocketAddress(ipAddress: text, port: port)
        case .name(let name): try SocketAddress.makeAddressResolvingHost(name, port: port)
        }
    }

    /// `127.0.0.1:8080`, `[::1]:8080` or `unix@/path`.
    static func text(of address: SocketAddress) -> String {
        switch address {
        case .v4: "\(address.ipAddress ?? "?"):\(address.port ?? 0)"
        case .v6: "[\(address.ipAddress ?? "?")]:\(address.port ?? 0)"
        case .unixDomainSocket: "unix@\(address.pathname ?? "?")"
        }
    }

    /// A short reason for a socket error: the system's text for an errno ("Address already in use").
    static func describe(_ error: Error) -> String {
        if let error = error as? IOError {
            return String(cString: strerror(error.errnoCode)).lowercased()
        }
        if let error = error as? SocketAddressError {
            return "\(error)"
        }
        return "\(error)"
    }
}
