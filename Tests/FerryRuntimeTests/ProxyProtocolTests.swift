import FerryRuntime
import NIOCore
import Testing

@Suite struct ProxyProtocolTests {
    private static func address(_ ip: String, _ port: Int) -> SocketAddress {
        try! SocketAddress(ipAddress: ip, port: port)
    }

    private static let ipv4 = ProxyHeader.Addresses.inet(
        source: address("192.0.2.10", 51234),
        destination: address("198.51.100.7", 443)
    )
    private static let ipv6 = ProxyHeader.Addresses.inet(
        source: address("2001:db8::1", 0),
        destination: address("2001:db8:0:1:2:3:4:ff", 65535)
    )
    private static let v2Signature: [UInt8] = [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A]

    private static func encoded(_ header: ProxyHeader) -> ByteBuffer {
        var buffer = ByteBuffer()
        if header.version == 1 {
            header.writeV1(into: &buffer)
        } else {
            header.writeV2(into: &buffer)
        }
        return buffer
    }

    private static func parse(_ bytes: [UInt8]) throws(ProxyHeaderError) -> ProxyHeader? {
        var buffer = ByteBuffer(bytes: bytes)
        return try ProxyHeaderParser.parse(&buffer)
    }

    // MARK: Encoding

    @Test func v1TextIsExactlyTheSpecsForm() {
        #expect(String(buffer: Self.encoded(ProxyHeader(version: 1, addresses: Self.ipv4)))
            == "PROXY TCP4 192.0.2.10 198.51.100.7 51234 443\r\n")
        #expect(String(buffer: Self.encoded(ProxyHeader(version: 1, addresses: Self.ipv6)))
            == "PROXY TCP6 2001:db8::1 2001:db8:0:1:2:3:4:ff 0 65535\r\n")
        #expect(String(buffer: Self.encoded(ProxyHeader(version: 1, addresses: .unknown))) == "PROXY UNKNOWN\r\n")
    }

    @Test func mixedFamiliesAreWrittenAsUnknownOrLocal() throws {
        let mixed = ProxyHeader.Addresses.inet(source: Self.address("192.0.2.1", 1), destination: Self.address("::1", 2))
        #expect(String(buffer: Self.encoded(ProxyHeader(version: 1, addresses: mixed))) == "PROXY UNKNOWN\r\n")
        var v2 = Self.encoded(ProxyHeader(version: 2, addresses: mixed))
        #expect(Array(v2.readableBytesView) == Self.v2Signature + [0x20, 0x00, 0x00, 0x00])
        #expect(try ProxyHeaderParser.parse(&v2) == ProxyHeader(version: 2, addresses: .unknown))
    }

    @Test func v2BytesForIPv4() {
        let bytes = Array(Self.encoded(ProxyHeader(version: 2, addresses: Self.ipv4)).readableBytesView)
        #expect(bytes == Self.v2Signature + [0x21, 0x11, 0x00, 0x0C, 192, 0, 2, 10, 198, 51, 100, 7, 0xC8, 0x22, 0x01, 0xBB])
    }

    // MARK: Round trips and incremental input

    static let headers: [ProxyHeader] = [
        ProxyHeader(version: 1, addresses: ipv4),
        ProxyHeader(version: 1, addresses: ipv6),
        ProxyHeader(version: 1, addresses: .unknown),
        ProxyHeader(version: 2, addresses: ipv4),
        ProxyHeader(version: 2, addresses: ipv6),
        ProxyHeader(version: 2, addresses: .unknown),
    ]

    @Test(arguments: headers)
    func roundTripLeavesTheDataAfterTheHeader(header: ProxyHeader) throws {
        var buffer = Self.encoded(header)
        buffer.writeString("GET / HTTP/1.1\r\n")
        #expect(try ProxyHeaderParser.parse(&buffer) == header)
        #expect(String(buffer: buffer) == "GET / HTTP/1.1\r\n")
    }

    @Test(arguments: headers)
    func byteByByteFeedingIsNilUntilComplete(header: ProxyHeader) throws {
        let bytes = Array(Self.encoded(header).readableBytesView)
        var buffer = ByteBuffer()
        for (index, byte) in bytes.enumerated() {
            buffer.writeInteger(byte)
            let parsed = try ProxyHeaderParser.parse(&buffer)
            if index < bytes.count - 1 {
                #expect(parsed == nil, "complete after \(index + 1) of \(bytes.count) bytes")
                #expect(buffer.readerIndex == 0)
            } else {
                #expect(parsed == header)
                #expect(buffer.readableBytes == 0)
            }
        }
    }

    @Test func emptyInputNeedsMore() throws {
        var buffer = ByteBuffer()
        #expect(try ProxyHeaderParser.parse(&buffer) == nil)
    }

    // MARK: Accepted variants

    @Test func v1UnknownMayCarryAnythingUpToTheLongestLine() throws {
        let line = "PROXY UNKNOWN " + String(repeating: "x", count: 107 - 16) + "\r\n"
        #expect(line.utf8.count == 107)
        var buffer = ByteBuffer(string: line + "rest")
        #expect(try ProxyHeaderParser.parse(&buffer) == ProxyHeader(version: 1, addresses: .unknown))
        #expect(String(buffer: buffer) == "rest")
    }

    @Test func v1AcceptsMappedIPv6AndUppercaseHex() throws {
        var buffer = ByteBuffer(string: "PROXY TCP6 ::FFFF:192.0.2.1 FE80::A 0 80\r\n")
        let expected = ProxyHeader.Addresses.inet(
            source: Self.address("::ffff:192.0.2.1", 0),
            destination: Self.address("fe80::a", 80)
        )
        #expect(try ProxyHeaderParser.parse(&buffer) == ProxyHeader(version: 1, addresses: expected))
    }

    @Test func v2SkipsTLVs() throws {
        var buffer = Self.encoded(ProxyHeader(version: 2, addresses: Self.ipv4))
        // Grow the length by a 7-byte TLV (PP2_TYPE_AUTHORITY "a.test") and append it.
        buffer.setInteger(UInt16(12 + 9), at: 14)
        buffer.writeBytes([0x02, 0x00, 0x06] + Array("a.test".utf8))
        buffer.writeString("payload")
        #expect(try ProxyHeaderParser.parse(&buffer) == ProxyHeader(version: 2, addresses: Self.ipv4))
        #expect(String(buffer: buffer) == "payload")
    }

    @Test func v2LocalIgnoresAnyAddressBlock() throws {
        let header = Self.v2Signature + [0x20, 0x11, 0x00, 0x0C] + [UInt8](repeating: 7, count: 12) + [0xAA]
        var buffer = ByteBuffer(bytes: header)
        #expect(try ProxyHeaderParser.parse(&buffer) == ProxyHeader(version: 2, addresses: .unknown))
        #expect(Array(buffer.readableBytesView) == [0xAA])
    }

    @Test func v2UnspecifiedAndUnixFamiliesMeanUnknown() throws {
        #expect(try Self.parse(Self.v2Signature + [0x21, 0x00, 0x00, 0x00])
            == ProxyHeader(version: 2, addresses: .unknown))
        #expect(try Self.parse(Self.v2Signature + [0x21, 0x31, 0x00, 0xD8] + [UInt8](repeating: 0, count: 216))
            == ProxyHeader(version: 2, addresses: .unknown))
    }

    // MARK: Rejections

    struct Malformed: Sendable, CustomTestStringConvertible {
        var name: String
        var bytes: [UInt8]
        var error: ProxyHeaderError
        var testDescription: String { name }

        init(_ name: String, _ text: String, _ error: ProxyHeaderError) {
            self.init(name, Array(text.utf8), error)
        }

        init(_ name: String, _ bytes: [UInt8], _ error: ProxyHeaderError) {
            self.name = name
            self.bytes = bytes
            self.error = error
        }
    }

    private static func v1(_ fields: String) -> String {
        "PROXY " + fields + "\r\n"
    }

    private static func v2(_ versionCommand: UInt8, _ familyTransport: UInt8, _ length: UInt16) -> [UInt8] {
        v2Signature + [versionCommand, familyTransport, UInt8(length >> 8), UInt8(length & 0xFF)]
    }

    static let malformed: [Malformed] = [
        Malformed("HTTP instead of a header", "GET / HTTP/1.1\r\n", .notProxyProtocol),
        Malformed("lowercase proxy", "proxy TCP4 1.2.3.4 5.6.7.8 1 2\r\n", .notProxyProtocol),
        Malformed("garbage binary", [0x00, 0xFF, 0x13, 0x37], .notProxyProtocol),
        Malformed("no space after PROXY", "PROXYTCP4 1.2.3.4 5.6.7.8 1 2\r\n", .badV1Prefix),
        Malformed("wrong prefix", "PRXY TCP4 1.2.3.4 5.6.7.8 1 2\r\n", .badV1Prefix),
        Malformed("no CRLF within 107 bytes", "PROXY UNKNOWN " + String(repeating: "x", count: 93), .v1LineTooLong),
        Malformed("CRLF one byte too late", "PROXY UNKNOWN " + String(repeating: "x", count: 92) + "\r\n", .v1LineTooLong),
        Malformed("LF without CR", "PROXY TCP4 1.2.3.4 5.6.7.8 1 2\n", .v1MissingCarriageReturn),
        Malformed("unknown protocol", v1("TCP5 1.2.3.4 5.6.7.8 1 2"), .v1UnknownProtocol),
        Malformed("lowercase protocol", v1("tcp4 1.2.3.4 5.6.7.8 1 2"), .v1UnknownProtocol),
        Malformed("UNKNOWN glued to more", v1("UNKNOWNX"), .v1UnknownProtocol),
        Malformed("empty protocol", v1(""), .v1BadFieldLayout),
        Malformed("two spaces after PROXY", v1(" TCP4 1.2.3.4 5.6.7.8 1 2"), .v1BadFieldLayout),
        Malformed("two spaces between fields", v1("TCP4 1.2.3.4  5.6.7.8 1 2"), .v1BadFieldLayout),
        Malformed("trailing space", v1("TCP4 1.2.3.4 5.6.7.8 1 2 "), .v1BadFieldLayout),
        Malformed("missing port", v1("TCP4 1.2.3.4 5.6.7.8 1"), .v1BadFieldLayout),
        Malformed("extra field", v1("TCP4 1.2.3.4 5.6.7.8 1 2 3"), .v1BadFieldLayout),
        Malformed("tab as separator", v1("TCP4 1.2.3.4\t5.6.7.8 1 2"), .v1BadFieldLayout),
        Malformed("port 65536", v1("TCP4 1.2.3.4 5.6.7.8 65536 2"), .badPort),
        Malformed("port -1", v1("TCP4 1.2.3.4 5.6.7.8 -1 2"), .badPort),
        Malformed("port with leading zero", v1("TCP4 1.2.3.4 5.6.7.8 01 2"), .badPort),
        Malformed("port 00", v1("TCP4 1.2.3.4 5.6.7.8 1 00"), .badPort),
        Malformed("port with sign", v1("TCP4 1.2.3.4 5.6.7.8 +1 2"), .badPort),
        Malformed("six-digit port", v1("TCP4 1.2.3.4 5.6.7.8 100000 2"), .badPort),
        Malformed("stray CR before CRLF", v1("TCP4 1.2.3.4 5.6.7.8 1 2\r"), .badPort),
        Malformed("octet over 255", v1("TCP4 256.1.1.1 5.6.7.8 1 2"), .badIPv4Address),
        Malformed("three octets", v1("TCP4 1.2.3 5.6.7.8 1 2"), .badIPv4Address),
        Malformed("octet with leading zero", v1("TCP4 1.2.3.4 5.6.7.08 1 2"), .badIPv4Address),
        Malformed("trailing dot", v1("TCP4 1.2.3.4. 5.6.7.8 1 2"), .badIPv4Address),
        Malformed("hostname", v1("TCP4 localhost 5.6.7.8 1 2"), .badIPv4Address),
        Malformed("TCP4 with IPv6 address", v1("TCP4 ::1 5.6.7.8 1 2"), .badIPv4Address),
        Malformed("TCP6 with IPv4 address", v1("TCP6 1.2.3.4 ::1 1 2"), .badIPv6Address),
        Malformed("IPv6 with bad digit", v1("TCP6 ::1 2001:db8::g 1 2"), .badIPv6Address),
        Malformed("IPv6 with nine groups", v1("TCP6 1:2:3:4:5:6:7:8:9 ::1 1 2"), .badIPv6Address),
        Malformed("IPv6 with two double colons", v1("TCP6 1::2::3 ::1 1 2"), .badIPv6Address),
        Malformed("IPv6 with scope", v1("TCP6 fe80::1%lo ::1 1 2"), .badIPv6Address),
        Malformed("bad v2 signature", Array(v2Signature.dropLast(1)) + [0x0B], .badV2Signature),
        Malformed("v2 signature cut by data", [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x47], .badV2Signature),
        Malformed("v2 version 1", v2(0x11, 0x11, 12), .unsupportedV2Version(1)),
        Malformed("v2 version 3", v2(0x31, 0x11, 12), .unsupportedV2Version(3)),
        Malformed("v2 command 2", v2(0x22, 0x11, 12), .unsupportedV2Command(2)),
        Malformed("v2 command 15", v2(0x2F, 0x11, 12), .unsupportedV2Command(15)),
        Malformed("v2 family 4", v2(0x21, 0x41, 12), .unsupportedV2Family(4)),
        Malformed("v2 UDP over IPv4", v2(0x21, 0x12, 12), .unsupportedV2Transport(2)),
        Malformed("v2 unspecified transport over IPv6", v2(0x21, 0x20, 36), .unsupportedV2Transport(0)),
        Malformed("v2 transport 3", v2(0x21, 0x03, 0), .unsupportedV2Transport(3)),
        Malformed("v2 IPv4 block truncated", v2(0x21, 0x11, 11), .addressBlockTooShort(family: 1, length: 11)),
        Malformed("v2 IPv6 block truncated", v2(0x21, 0x21, 12), .addressBlockTooShort(family: 2, length: 12)),
        Malformed("v2 UNIX block truncated", v2(0x21, 0x31, 100), .addressBlockTooShort(family: 3, length: 100)),
        Malformed("v2 length over the limit", v2(0x21, 0x11, 2049), .v2HeaderTooLong(length: 2049)),
        Malformed("v2 maximal length", v2(0x20, 0x00, 0xFFFF), .v2HeaderTooLong(length: 65535)),
    ]

    @Test(arguments: malformed)
    func malformedHeaderIsRejected(_ input: Malformed) {
        #expect(throws: input.error) {
            try Self.parse(input.bytes)
        }
    }

    @Test func garbageIsRejectedFromItsFirstByte() {
        #expect(throws: ProxyHeaderError.notProxyProtocol) { try Self.parse([UInt8(ascii: "G")]) }
        #expect(throws: ProxyHeaderError.badV1Prefix) { try Self.parse(Array("PRX".utf8)) }
        #expect(throws: ProxyHeaderError.badV2Signature) { try Self.parse([0x0D, 0x0D]) }
    }

    @Test func errorsDescribeThemselves() {
        #expect(ProxyHeaderError.v1LineTooLong.description == "PROXY v1 line longer than 107 bytes")
        #expect(ProxyHeaderError.badV2Signature.description == "bad v2 signature")
        #expect(ProxyHeaderError.addressBlockTooShort(family: 1, length: 11).description
            == "address block too short for family 1: 11 bytes")
        for input in Self.malformed {
            #expect(!input.error.description.isEmpty)
        }
    }
}
