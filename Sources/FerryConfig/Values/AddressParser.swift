#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FerryModel

/// Parses the address forms of `bind` and `server` lines without touching the network.
public enum AddressParser {
    /// `bind` addresses: a comma-separated list of `[host]:port[-port]`, `unix@PATH` or `/PATH`.
    /// Port 0 asks the kernel for a free port (a Ferry extension, used by tests; HAProxy refuses it).
    public static func bindAddresses(_ text: String) throws(ValueProblem) -> [BindAddress] {
        var addresses: [BindAddress] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let item = String(part)
            if let path = try unixPath(item) {
                addresses.append(.unix(path: path))
                continue
            }
            let (family, rest) = try stripFamily(item)
            let (hostText, portText) = try splitHostPort(rest, whole: item)
            guard let portText, !portText.isEmpty else {
                throw ValueProblem(
                    .invalidPort, "missing port in bind address '\(item)'",
                    help: "write the address as ADDRESS:PORT, :PORT or *:PORT"
                )
            }
            let host = try parseHost(hostText, family: family, allowAny: true, whole: item)
            addresses.append(.tcp(host: host, ports: try portRange(String(portText))))
        }
        return addresses
    }

    /// A `server` address: `host[:port]`, `host:+N` / `host:-N`, `unix@PATH` or `/PATH`.
    public static func serverAddress(_ text: String) throws(ValueProblem) -> ServerAddress {
        if let path = try unixPath(text) { return .unix(path: path) }
        let (family, rest) = try stripFamily(text)
        let (hostText, portText) = try splitHostPort(rest, whole: text)
        let host = try parseHost(hostText, family: family, allowAny: false, whole: text)
        guard let portText, !portText.isEmpty else { return .tcp(host: host, port: .sameAsClient) }
        if portText.utf8.contains(UInt8(ascii: "-")), !portText.hasPrefix("-") {
            throw ValueProblem(.invalidPort, "a server cannot have a port range ('\(portText)')")
        }
        if let sign = portText.first, sign == "+" || sign == "-" {
            guard let offset = Numbers.parseDecimal(String(portText.dropFirst())), offset <= 65_535 else {
                throw ValueProblem(.invalidPort, "invalid port offset '\(portText)' in server address '\(text)'")
            }
            return .tcp(host: host, port: .offset(sign == "-" ? -offset : offset))
        }
        let port = try port(String(portText), allowZero: false)
        return .tcp(host: host, port: .fixed(port))
    }

    /// A TCP port (1–65535, or 0 where `allowZero`).
    public static func port(_ text: String, allowZero: Bool) throws(ValueProblem) -> Int {
        guard let value = Numbers.parseDecimal(text), value >= (allowZero ? 0 : 1), value <= 65_535 else {
            throw ValueProblem(
                .invalidPort, "invalid port '\(text)'",
                help: allowZero ? "ports are 1 to 65535 (0 lets the kernel choose)" : "ports are 1 to 65535"
            )
        }
        return value
    }

    private static func portRange(_ text: String) throws(ValueProblem) -> ClosedRange<Int> {
        let bounds = text.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        if bounds.count == 1 {
            let value = try port(text, allowZero: true)
            return value...value
        }
        let low = try port(String(bounds[0]), allowZero: false)
        let high = try port(String(bounds[1]), allowZero: false)
        guard low <= high else {
            throw ValueProblem(.invalidPort, "invalid port range '\(text)': the first port is greater than the last")
        }
        return low...high
    }

    private enum Family {
        case any
        case ipv4
        case ipv6
    }

    private static let unsupportedPrefixes = [
        "abns@", "fd@", "sockpair@", "udp@", "udp4@", "udp6@", "quic4@", "quic6@", "uxdg@", "uxst@",
    ]

    private static func unixPath(_ text: String) throws(ValueProblem) -> String? {
        if text.utf8.first == UInt8(ascii: "/") { return text }
        // Every prefix ends with '@': most addresses have none, and need no further checks.
        guard text.utf8.contains(UInt8(ascii: "@")) else { return nil }
        if text.hasPrefix("unix@") {
            let path = String(text.dropFirst(5))
            guard !path.isEmpty else { throw ValueProblem(.invalidAddress, "missing socket path after 'unix@'") }
            return path
        }
        if let prefix = unsupportedPrefixes.first(where: text.hasPrefix) {
            throw ValueProblem(.unsupportedKeyword, "address family '\(prefix)' is not supported by ferry yet")
        }
        return nil
    }

    private static func stripFamily(_ text: String) throws(ValueProblem) -> (Family, Substring) {
        guard text.utf8.contains(UInt8(ascii: "@")) else { return (.any, text[...]) }
        for (prefix, family) in [("ipv4@", Family.ipv4), ("ipv6@", .ipv6), ("tcp4@", .ipv4), ("tcp6@", .ipv6), ("tcp@", .any)]
        where text.hasPrefix(prefix) {
            return (family, text.dropFirst(prefix.count))
        }
        if let at = text.firstIndex(of: "@") {
            throw ValueProblem(
                .invalidAddress, "unknown address prefix '\(text[...at])' in '\(text)'",
                help: "known prefixes: ipv4@, ipv6@, tcp@, tcp4@, tcp6@, unix@"
            )
        }
        return (.any, text[...])
    }

    /// Splits at the last colon, as HAProxy does, unless the host is in brackets.
    private static func splitHostPort(_ text: Substring, whole: String) throws(ValueProblem) -> (Substring, Substring?) {
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else {
                throw ValueProblem(.invalidAddress, "missing ']' in address '\(whole)'")
            }
            let host = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            if rest.isEmpty { return (host, nil) }
            guard rest.hasPrefix(":") else {
                throw ValueProblem(.invalidAddress, "unexpected '\(rest)' after ']' in address '\(whole)'")
            }
            return (host, rest.dropFirst())
        }
        guard let colon = text.lastIndex(of: ":") else { return (text, nil) }
        return (text[..<colon], text[text.index(after: colon)...])
    }

    private static func parseHost(_ text: Substring, family: Family, allowAny: Bool, whole: String) throws(ValueProblem) -> Host {
        let host = String(text)
        if host.isEmpty || host == "*" || host == "0.0.0.0" {
            guard allowAny else {
                // HAProxy reads these as "the address the client connected to" (transparent proxying).
                guard host.isEmpty else {
                    throw ValueProblem(
                        .unsupportedKeyword,
                        "server address '\(whole)' (the client's original destination) is not supported by ferry yet",
                        help: "write the server's own address; for a server on this machine, 127.0.0.1"
                    )
                }
                throw ValueProblem(.invalidAddress, "missing host in server address '\(whole)'")
            }
            return family == .ipv6 ? .anyIPv6 : .anyIPv4
        }
        if isIPv6(host) {
            guard family != .ipv4 else { throw ValueProblem(.invalidAddress, "'\(host)' is not an IPv4 address") }
            if host == "::" {
                guard allowAny else {
                    throw ValueProblem(
                        .unsupportedKeyword,
                        "server address '\(whole)' (the client's original destination) is not supported by ferry yet",
                        help: "write the server's own address; for a server on this machine, [::1] or 127.0.0.1"
                    )
                }
                return .anyIPv6
            }
            return .ipv6(host)
        }
        if host.utf8.contains(UInt8(ascii: ":")) || isIPv6(whole) {
            throw ValueProblem(
                .invalidAddress, "invalid address '\(whole)'",
                help: "write IPv6 addresses in brackets: [2001:db8::1]:80"
            )
        }
        if host.utf8.allSatisfy({ ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: ".") }) {
            guard isIPv4(host) else { throw ValueProblem(.invalidAddress, "'\(host)' is not a valid IPv4 address") }
            guard family != .ipv6 else { throw ValueProblem(.invalidAddress, "'\(host)' is not an IPv6 address") }
            return .ipv4(host)
        }
        guard isHostName(host) else {
            throw ValueProblem(
                .invalidAddress, "'\(host)' is not a valid address or host name",
                help: "host names use letters, digits, '-', '_' and '.'"
            )
        }
        return .name(host)
    }

    static func isIPv4(_ text: String) -> Bool {
        var parts = 0
        var value = 0
        var digits = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: ".") {
                guard digits > 0 else { return false }
                parts += 1
                value = 0
                digits = 0
            } else if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
                digits += 1
                guard digits <= 3, value <= 255 else { return false }
            } else {
                return false
            }
        }
        return parts == 3 && digits > 0
    }

    static func isIPv6(_ text: String) -> Bool {
        guard text.utf8.contains(UInt8(ascii: ":")) else { return false }
        var buffer = [UInt8](repeating: 0, count: 16)
        return inet_pton(AF_INET6, text, &buffer) == 1
    }

    private static func isHostName(_ text: String) -> Bool {
        guard text.utf8.count <= 253, !text.hasPrefix("."), !text.hasPrefix("-") else { return false }
        return text.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).allSatisfy { label in
            !label.isEmpty && label.count <= 63 && label.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                     UInt8(ascii: "-"), UInt8(ascii: "_"): true
                default: false
                }
            }
        }
    }

    /// Expands `$NAME` and `${NAME}` anywhere in an address, as HAProxy does for `bind` and `server` addresses even
    /// outside quotes. Returns the expanded text and the names that were not set (they expand to nothing).
    public static func expandEnvironment(_ text: String, _ environment: [String: String]) -> (text: String, unset: [String]) {
        guard text.utf8.contains(UInt8(ascii: "$")) else { return (text, []) }
        var result = ""
        var unset: [String] = []
        var scalars = Substring(text).unicodeScalars[...]
        while let scalar = scalars.popFirst() {
            guard scalar == "$" else {
                result.unicodeScalars.append(scalar)
                continue
            }
            let braced = scalars.first == "{"
            if braced { scalars.removeFirst() }
            let name = String(String.UnicodeScalarView(scalars.prefix { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }))
            scalars.removeFirst(name.unicodeScalars.count)
            if braced, scalars.first == "}" { scalars.removeFirst() }
            if name.isEmpty {
                result += braced ? "${" : "$"
            } else if let value = environment[name] {
                result += value
            } else {
                unset.append(name)
            }
        }
        return (result, unset)
    }
}
