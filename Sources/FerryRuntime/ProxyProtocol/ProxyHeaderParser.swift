import NIOCore

/// Decodes PROXY protocol headers (v1 text and v2 binary) from the start of a connection's bytes.
///
/// Pure and stateless: the caller keeps the bytes received so far and calls ``parse(_:)`` again after each read.
/// Nothing is consumed until a whole header is there, so re-parsing a few dozen bytes per read is the only cost of
/// being incremental.
public enum ProxyHeaderParser {
    /// The longest v1 line the spec allows, CRLF included ("PROXY UNKNOWN" with two full IPv6 addresses and ports).
    public static let maximumV1Length = 107

    /// The largest v2 `length` (address block plus TLVs) accepted.
    ///
    /// The spec bounds it only by its 16 bits. 2048 holds the 216-byte AF_UNIX block plus the TLVs senders emit in
    /// practice (ALPN, authority, unique ID, SSL details), and keeps a peer from making us buffer 64 KiB before the
    /// connection has said who it is.
    public static let maximumV2Length = 2048

    /// Decodes a header at the reader index.
    ///
    /// Returns nil when more bytes are needed (the caller reads more and calls again; nothing is consumed). On success
    /// moves the reader index past the header (v2: including TLVs, which are skipped), so what follows stays in
    /// `buffer`. Throws on a malformed header, or as soon as the first bytes can't be the start of either version, so
    /// a client that does not speak the protocol is rejected without waiting for more bytes.
    public static func parse(_ buffer: inout ByteBuffer) throws(ProxyHeaderError) -> ProxyHeader? {
        switch buffer.getInteger(at: buffer.readerIndex, as: UInt8.self) {
        case nil:
            return nil
        case v1Signature.first:
            return try parseV1(&buffer)
        case v2Signature.first:
            return try parseV2(&buffer)
        default:
            throw .notProxyProtocol
        }
    }

    static let v1Signature: [UInt8] = Array("PROXY ".utf8)
    static let v2Signature: [UInt8] = [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A]
    static let v2FixedLength = 16

    /// Whether the readable bytes so far agree with `signature` (as far as they go).
    private static func startsLike(_ signature: [UInt8], _ buffer: ByteBuffer) -> Bool {
        let count = min(buffer.readableBytes, signature.count)
        return buffer.readableBytesView.prefix(count).elementsEqual(signature.prefix(count))
    }
}

// MARK: - Version 1

extension ProxyHeaderParser {
    private enum V1Family {
        case tcp4, tcp6
    }

    private static func parseV1(_ buffer: inout ByteBuffer) throws(ProxyHeaderError) -> ProxyHeader? {
        guard startsLike(v1Signature, buffer) else {
            throw .badV1Prefix
        }
        let view = buffer.readableBytesView
        let searchable = view.prefix(maximumV1Length)
        guard let lineFeed = searchable.firstIndex(of: UInt8(ascii: "\n")) else {
            if searchable.count >= maximumV1Length {
                throw .v1LineTooLong
            }
            return nil
        }
        // The prefix check above guarantees the LF comes after "PROXY ", so `lineFeed - 1` is inside the line.
        guard view[lineFeed - 1] == UInt8(ascii: "\r") else {
            throw .v1MissingCarriageReturn
        }
        let line = view[(view.startIndex + v1Signature.count)..<(lineFeed - 1)]
        let addresses = try parseV1Fields(line)
        buffer.moveReaderIndex(forwardBy: lineFeed + 1 - view.startIndex)
        return ProxyHeader(version: 1, addresses: addresses)
    }

    /// Parses what follows "PROXY " up to (not including) the CRLF.
    private static func parseV1Fields(_ line: ByteBufferView) throws(ProxyHeaderError) -> ProxyHeader.Addresses {
        let protocolEnd = line.firstIndex(of: UInt8(ascii: " ")) ?? line.endIndex
        let protocolName = line[..<protocolEnd]
        let family: V1Family
        if protocolName.elementsEqual("TCP4".utf8) {
            family = .tcp4
        } else if protocolName.elementsEqual("TCP6".utf8) {
            family = .tcp6
        } else if protocolName.elementsEqual("UNKNOWN".utf8) {
            // The spec lets UNKNOWN carry anything up to the CRLF; the receiver ignores it.
            return .unknown
        } else if protocolName.isEmpty {
            throw .v1BadFieldLayout
        } else {
            throw .v1UnknownProtocol
        }

        var rest = line[protocolEnd...]
        let sourceAddress = try nextV1Field(&rest)
        let destinationAddress = try nextV1Field(&rest)
        let sourcePort = try parseV1Port(try nextV1Field(&rest))
        let destinationPort = try parseV1Port(try nextV1Field(&rest))
        guard rest.isEmpty else {
            throw .v1BadFieldLayout
        }
        return .inet(
            source: try parseV1Address(sourceAddress, family: family, port: sourcePort),
            destination: try parseV1Address(destinationAddress, family: family, port: destinationPort)
        )
    }

    /// Takes " field" off the front of `rest`: exactly one space, then at least one non-space byte.
    private static func nextV1Field(
        _ rest: inout ByteBufferView
    ) throws(ProxyHeaderError) -> ByteBufferView {
        guard rest.first == UInt8(ascii: " ") else {
            throw .v1BadFieldLayout
        }
        let fieldStart = rest.startIndex + 1
        let fieldEnd = rest[fieldStart...].firstIndex(of: UInt8(ascii: " ")) ?? rest.endIndex
        guard fieldEnd > fieldStart else {
            throw .v1BadFieldLayout
        }
        let field = rest[fieldStart..<fieldEnd]
        rest = rest[fieldEnd...]
        return field
    }

    /// A decimal in 0...65535 with no sign and no leading zero (other than "0" itself).
    private static func parseV1Port(_ field: ByteBufferView) throws(ProxyHeaderError) -> Int {
        guard field.count <= 5, field.count == 1 || field.first != UInt8(ascii: "0") else {
            throw .badPort
        }
        var port = 0
        for byte in field {
            guard let digit = decimalDigit(byte) else {
                throw .badPort
            }
            port = port * 10 + digit
        }
        guard port <= 65535 else {
            throw .badPort
        }
        return port
    }

    private static func parseV1Address(
        _ field: ByteBufferView,
        family: V1Family,
        port: Int
    ) throws(ProxyHeaderError) -> SocketAddress {
        switch family {
        case .tcp4:
            guard isDottedQuad(field) else {
                throw .badIPv4Address
            }
            // At most 15 bytes: a small string, no heap allocation.
            let text = String(decoding: field, as: UTF8.self)
            guard let address = try? SocketAddress(ipAddress: text, port: port), case .v4 = address else {
                throw .badIPv4Address
            }
            return address
        case .tcp6:
            // Screening the characters first also keeps scoped forms ("fe80::1%eth0") away from the resolver that
            // `SocketAddress(ipAddress:port:)` hands them to.
            guard field.count <= 45, field.allSatisfy(isIPv6TextByte) else {
                throw .badIPv6Address
            }
            let text = String(decoding: field, as: UTF8.self)
            guard let address = try? SocketAddress(ipAddress: text, port: port), case .v6 = address else {
                throw .badIPv6Address
            }
            return address
        }
    }

    /// Four decimals in 0...255 separated by single dots, without leading zeros (which some stacks read as octal).
    private static func isDottedQuad(_ field: ByteBufferView) -> Bool {
        var octets = 0
        var digits = 0
        var value = 0
        var leadingZero = false
        for byte in field {
            if byte == UInt8(ascii: ".") {
                guard digits > 0, octets < 3 else {
                    return false
                }
                octets += 1
                digits = 0
                value = 0
                continue
            }
            guard let digit = decimalDigit(byte), !leadingZero || digits == 0 else {
                return false
            }
            leadingZero = digits == 0 && digit == 0
            digits += 1
            value = value * 10 + digit
            guard digits <= 3, value <= 255 else {
                return false
            }
        }
        return octets == 3 && digits > 0
    }

    private static func isIPv6TextByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"),
            UInt8(ascii: "A")...UInt8(ascii: "F"), UInt8(ascii: ":"), UInt8(ascii: "."):
            true
        default:
            false
        }
    }

    private static func decimalDigit(_ byte: UInt8) -> Int? {
        guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else {
            return nil
        }
        return Int(byte - UInt8(ascii: "0"))
    }
}

// MARK: - Version 2

extension ProxyHeaderParser {
    enum V2Command: UInt8 {
        case local = 0x0
        case proxy = 0x1
    }

    enum V2Family: UInt8 {
        case unspecified = 0x0
        case inet = 0x1
        case inet6 = 0x2
        case unix = 0x3

        /// Bytes the address block needs for this family (addresses and ports, before any TLV).
        var addressLength: Int {
            switch self {
            case .unspecified: 0
            case .inet: 12
            case .inet6: 36
            case .unix: 216
            }
        }
    }

    static let v2Version: UInt8 = 0x2
    static let v2TransportStream: UInt8 = 0x1
    private static let v2HighestTransport: UInt8 = 0x2

    private static func parseV2(_ buffer: inout ByteBuffer) throws(ProxyHeaderError) -> ProxyHeader? {
        guard startsLike(v2Signature, buffer) else {
            throw .badV2Signature
        }
        let start = buffer.readerIndex
        guard buffer.readableBytes >= v2FixedLength,
            let versionAndCommand = buffer.getInteger(at: start + 12, as: UInt8.self),
            let familyAndTransport = buffer.getInteger(at: start + 13, as: UInt8.self),
            let length = buffer.getInteger(at: start + 14, as: UInt16.self).map(Int.init)
        else {
            return nil
        }
        guard versionAndCommand >> 4 == v2Version else {
            throw .unsupportedV2Version(versionAndCommand >> 4)
        }
        guard let command = V2Command(rawValue: versionAndCommand & 0x0F) else {
            throw .unsupportedV2Command(versionAndCommand & 0x0F)
        }
        guard length <= maximumV2Length else {
            throw .v2HeaderTooLong(length: length)
        }
        // LOCAL (health checks from the proxy itself): the spec says to ignore the family and the block entirely.
        let family = command == .local ? .unspecified : try checkV2Family(familyAndTransport, length: length)
        let total = v2FixedLength + length
        guard buffer.readableBytes >= total else {
            return nil
        }
        let addresses: ProxyHeader.Addresses
        switch family {
        case .unspecified, .unix:
            addresses = .unknown
        case .inet:
            addresses = try readV2Addresses(buffer, at: start + v2FixedLength, addressLength: 4)
        case .inet6:
            addresses = try readV2Addresses(buffer, at: start + v2FixedLength, addressLength: 16)
        }
        buffer.moveReaderIndex(forwardBy: total)
        return ProxyHeader(version: 2, addresses: addresses)
    }

    /// Validates the family/transport byte of a PROXY command against the block length.
    private static func checkV2Family(_ familyAndTransport: UInt8, length: Int) throws(ProxyHeaderError) -> V2Family {
        guard let family = V2Family(rawValue: familyAndTransport >> 4) else {
            throw .unsupportedV2Family(familyAndTransport >> 4)
        }
        let transport = familyAndTransport & 0x0F
        switch family {
        case .inet, .inet6:
            guard transport == v2TransportStream else {
                throw .unsupportedV2Transport(transport)
            }
        case .unspecified, .unix:
            guard transport <= v2HighestTransport else {
                throw .unsupportedV2Transport(transport)
            }
        }
        guard length >= family.addressLength else {
            throw .addressBlockTooShort(family: family.rawValue, length: length)
        }
        return family
    }

    /// Reads source address, destination address, source port, destination port (network order) at `offset`.
    private static func readV2Addresses(
        _ buffer: ByteBuffer,
        at offset: Int,
        addressLength: Int
    ) throws(ProxyHeaderError) -> ProxyHeader.Addresses {
        let portsOffset = offset + 2 * addressLength
        guard let sourceBytes = buffer.getSlice(at: offset, length: addressLength),
            let destinationBytes = buffer.getSlice(at: offset + addressLength, length: addressLength),
            let sourcePort = buffer.getInteger(at: portsOffset, as: UInt16.self),
            let destinationPort = buffer.getInteger(at: portsOffset + 2, as: UInt16.self),
            // Slices share the buffer's storage, and the packed initialiser copies 4 or 16 bytes: no allocation.
            let source = try? SocketAddress(packedIPAddress: sourceBytes, port: Int(sourcePort)),
            let destination = try? SocketAddress(packedIPAddress: destinationBytes, port: Int(destinationPort))
        else {
            // Unreachable: the caller checked the length against the family.
            throw .addressBlockTooShort(family: addressLength == 4 ? 0x1 : 0x2, length: portsOffset + 4 - offset)
        }
        return .inet(source: source, destination: destination)
    }
}
