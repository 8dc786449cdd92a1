import NIOCore

extension ProxyHeader {
    /// Writes the v1 text form: "PROXY TCP4 1.2.3.4 5.6.7.8 1111 2222\r\n", TCP6 for IPv6.
    ///
    /// Writes "PROXY UNKNOWN\r\n" for `.unknown`, and also when the two addresses are not both IPv4 or both IPv6,
    /// since one v1 line names a single family. `version` is not consulted: this always writes v1.
    public func writeV1(into buffer: inout ByteBuffer) {
        guard let endpoints = InetEndpoints(addresses) else {
            buffer.writeString("PROXY UNKNOWN\r\n")
            return
        }
        buffer.writeString(endpoints.isIPv6 ? "PROXY TCP6 " : "PROXY TCP4 ")
        buffer.writeString(endpoints.sourceText)
        buffer.writeString(" ")
        buffer.writeString(endpoints.destinationText)
        buffer.writeString(" ")
        buffer.writeString(String(endpoints.sourcePort))
        buffer.writeString(" ")
        buffer.writeString(String(endpoints.destinationPort))
        buffer.writeString("\r\n")
    }

    /// Writes the v2 binary form: the PROXY command for TCP over IPv4 or IPv6, without TLVs.
    ///
    /// Writes a LOCAL command with AF_UNSPEC and no address block for `.unknown` and for mixed families, which v2
    /// cannot express either; the receiver then uses the real connection's addresses. `version` is not consulted.
    public func writeV2(into buffer: inout ByteBuffer) {
        buffer.writeBytes(ProxyHeaderParser.v2Signature)
        guard case .inet(let source, let destination) = addresses,
            let sourcePort = source.port.flatMap(UInt16.init(exactly:)),
            let destinationPort = destination.port.flatMap(UInt16.init(exactly:))
        else {
            Self.writeV2Local(into: &buffer)
            return
        }
        switch (source, destination) {
        case (.v4(let sourceIP), .v4(let destinationIP)):
            Self.writeV2Proxy(family: .inet, into: &buffer)
            _ = withUnsafeBytes(of: sourceIP.address.sin_addr) { buffer.writeBytes($0) }
            _ = withUnsafeBytes(of: destinationIP.address.sin_addr) { buffer.writeBytes($0) }
        case (.v6(let sourceIP), .v6(let destinationIP)):
            Self.writeV2Proxy(family: .inet6, into: &buffer)
            _ = withUnsafeBytes(of: sourceIP.address.sin6_addr) { buffer.writeBytes($0) }
            _ = withUnsafeBytes(of: destinationIP.address.sin6_addr) { buffer.writeBytes($0) }
        default:
            Self.writeV2Local(into: &buffer)
            return
        }
        buffer.writeInteger(sourcePort)
        buffer.writeInteger(destinationPort)
    }

    /// Version/command, family/transport and length for a PROXY command over TCP; the address block follows.
    private static func writeV2Proxy(family: ProxyHeaderParser.V2Family, into buffer: inout ByteBuffer) {
        buffer.writeInteger(ProxyHeaderParser.v2Version << 4 | ProxyHeaderParser.V2Command.proxy.rawValue)
        buffer.writeInteger(family.rawValue << 4 | ProxyHeaderParser.v2TransportStream)
        buffer.writeInteger(UInt16(family.addressLength))
    }

    /// A LOCAL command with AF_UNSPEC and an empty block.
    private static func writeV2Local(into buffer: inout ByteBuffer) {
        buffer.writeInteger(ProxyHeaderParser.v2Version << 4 | ProxyHeaderParser.V2Command.local.rawValue)
        buffer.writeInteger(ProxyHeaderParser.V2Family.unspecified.rawValue << 4)
        buffer.writeInteger(UInt16(0))
    }
}

/// The parts of a same-family IPv4 or IPv6 address pair that the v1 line spells out.
private struct InetEndpoints {
    var isIPv6: Bool
    var sourceText: String
    var destinationText: String
    var sourcePort: Int
    var destinationPort: Int

    init?(_ addresses: ProxyHeader.Addresses) {
        guard case .inet(let source, let destination) = addresses else {
            return nil
        }
        switch (source, destination) {
        case (.v4, .v4):
            isIPv6 = false
        case (.v6, .v6):
            isIPv6 = true
        default:
            return nil
        }
        guard let sourceText = source.ipAddress, let destinationText = destination.ipAddress,
            let sourcePort = source.port, let destinationPort = destination.port
        else {
            return nil
        }
        self.sourceText = sourceText
        self.destinationText = destinationText
        self.sourcePort = sourcePort
        self.destinationPort = destinationPort
    }
}
