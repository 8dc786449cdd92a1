import NIOCore

/// What a PROXY protocol header says about the original connection.
///
/// Decoded by ``ProxyHeaderParser/parse(_:)`` from the first bytes a load balancer in front of us sends, and written
/// by ``writeV1(into:)`` / ``writeV2(into:)`` when we are the one in front. The wire formats are haproxy's
/// `doc/proxy-protocol.txt`: version 1 is one text line, version 2 a binary block.
public struct ProxyHeader: Sendable, Hashable {
    /// The original connection's endpoints, as far as the header tells them.
    public enum Addresses: Sendable, Hashable {
        /// `PROXY UNKNOWN` (v1) or `LOCAL` command / AF_UNSPEC (v2): use the real connection's addresses.
        case unknown
        /// A TCP connection over IPv4 or IPv6: `source` is the client, `destination` the address it connected to.
        case inet(source: SocketAddress, destination: SocketAddress)
    }

    /// The protocol version the header was (or will be) written in: 1 or 2.
    public var version: Int
    public var addresses: Addresses

    public init(version: Int, addresses: Addresses) {
        self.version = version
        self.addresses = addresses
    }
}

/// Why bytes at the start of a connection are not a valid PROXY protocol header.
///
/// Each case is one way the header can be malformed; the connection should be closed, since what follows cannot be
/// trusted to be where the header says it comes from.
public enum ProxyHeaderError: Error, Equatable, CustomStringConvertible {
    /// The first bytes are the start of neither "PROXY " nor the v2 signature.
    case notProxyProtocol
    /// Starts like a v1 header ("P") but is not followed by "ROXY ".
    case badV1Prefix
    /// No CRLF within the first 107 bytes.
    case v1LineTooLong
    /// The line ends in LF without the CR before it.
    case v1MissingCarriageReturn
    /// The word after "PROXY " is not TCP4, TCP6 or UNKNOWN.
    case v1UnknownProtocol
    /// TCP4/TCP6 must be followed by exactly four fields, each after a single space.
    case v1BadFieldLayout
    /// An address is not a dotted-quad IPv4 address without leading zeros (TCP4).
    case badIPv4Address
    /// An address is not an IPv6 address (TCP6).
    case badIPv6Address
    /// A v1 port is not a decimal in 0...65535 without leading zeros.
    case badPort
    /// Starts like a v2 header (CR) but the rest of the 12-byte signature does not match.
    case badV2Signature
    /// The version nibble of the 13th byte is not 2.
    case unsupportedV2Version(UInt8)
    /// The command nibble is neither LOCAL (0) nor PROXY (1).
    case unsupportedV2Command(UInt8)
    /// The address family nibble is not AF_UNSPEC, AF_INET, AF_INET6 or AF_UNIX.
    case unsupportedV2Family(UInt8)
    /// An AF_INET or AF_INET6 header whose transport is not STREAM (TCP).
    case unsupportedV2Transport(UInt8)
    /// The v2 length is smaller than the addresses of the announced family need.
    case addressBlockTooShort(family: UInt8, length: Int)
    /// The v2 length exceeds ``ProxyHeaderParser/maximumV2Length``.
    case v2HeaderTooLong(length: Int)

    public var description: String {
        switch self {
        case .notProxyProtocol:
            "not a PROXY protocol header"
        case .badV1Prefix:
            "PROXY v1 line does not start with \"PROXY \""
        case .v1LineTooLong:
            "PROXY v1 line longer than \(ProxyHeaderParser.maximumV1Length) bytes"
        case .v1MissingCarriageReturn:
            "PROXY v1 line ends in LF without CR"
        case .v1UnknownProtocol:
            "PROXY v1 protocol is not TCP4, TCP6 or UNKNOWN"
        case .v1BadFieldLayout:
            "PROXY v1 line needs exactly four fields after the protocol, separated by single spaces"
        case .badIPv4Address:
            "bad IPv4 address"
        case .badIPv6Address:
            "bad IPv6 address"
        case .badPort:
            "bad port"
        case .badV2Signature:
            "bad v2 signature"
        case .unsupportedV2Version(let version):
            "unsupported v2 version \(version)"
        case .unsupportedV2Command(let command):
            "unsupported v2 command \(command)"
        case .unsupportedV2Family(let family):
            "unsupported v2 address family \(family)"
        case .unsupportedV2Transport(let transport):
            "unsupported v2 transport \(transport) (only STREAM is proxied)"
        case .addressBlockTooShort(let family, let length):
            "address block too short for family \(family): \(length) bytes"
        case .v2HeaderTooLong(let length):
            "v2 header length \(length) exceeds \(ProxyHeaderParser.maximumV2Length) bytes"
        }
    }
}
