import FerryRuntime
import NIOCore
import Testing

/// Every byte value in every position class, checked against the RFC 9110 definitions written out plainly.
@Suite struct HTTPHeadByteTableTests {
    private static let tchars = Set("!#$%&'*+-.^_`|~".utf8)

    private static func isTchar(_ byte: UInt8) -> Bool {
        tchars.contains(byte) || (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte)
            || (0x61...0x7A).contains(byte)
    }

    private func accepts(_ bytes: [UInt8]) -> Bool {
        (try? HTTPHeadParser.parseRequest(ByteBuffer(bytes: bytes))) != nil
    }

    @Test func fieldNameBytes() {
        for byte in UInt8.min...UInt8.max where byte != 0x3A && byte != 0x0A {
            let head = wire("GET / HTTP/1.1\r\nHost: a\r\nX") + [byte] + wire("Y: v\r\n\r\n")
            #expect(accepts(head) == Self.isTchar(byte), "byte \(byte)")
        }
    }

    @Test func fieldValueBytes() {
        for byte in UInt8.min...UInt8.max where byte != 0x0A {
            let head = wire("GET / HTTP/1.1\r\nHost: a\r\nX: a") + [byte] + wire("b\r\n\r\n")
            let expected = byte == 0x09 || (0x20...0x7E).contains(byte) || byte >= 0x80
            #expect(accepts(head) == expected, "byte \(byte)")
        }
    }

    /// Every byte value at each of the first 16 offsets of a 20-byte value, which ends with or without trailing
    /// whitespace: the value's range must leave out exactly the leading and trailing whitespace.
    @Test func fieldValueBytesInLongValues() throws {
        for offset in 0..<16 {
            for byte in UInt8.min...UInt8.max where byte != 0x0A {
                for trailing in ["", " \t "] {
                    var value = Array(repeating: UInt8(ascii: "v"), count: 20)
                    value[offset] = byte
                    let head = wire("GET / HTTP/1.1\r\nHost: a\r\nX-Long: ") + value + wire("\(trailing)\r\n\r\n")
                    let expected = byte == 0x09 || (0x20...0x7E).contains(byte) || byte >= 0x80
                    let parsed = try? HTTPHeadParser.parseRequest(ByteBuffer(bytes: head))
                    #expect((parsed != nil) == expected, "byte \(byte) at \(offset)")
                    guard let parsed else { continue }
                    let field = try #require(parsed.fields.last)
                    // Leading whitespace is not part of a value either.
                    let expectedValue = Array(value.drop { $0 == 0x20 || $0 == 0x09 })
                    #expect(Array(head[field.valueRange]) == expectedValue, "byte \(byte) at \(offset), trailing \(trailing.utf8.count)")
                }
            }
        }
    }

    @Test func targetBytes() {
        for byte in UInt8.min...UInt8.max where byte != 0x0A {
            let head = wire("GET /a") + [byte] + wire("b HTTP/1.1\r\nHost: a\r\n\r\n")
            let expected = (0x21...0x7E).contains(byte) && byte != 0x23
            #expect(accepts(head) == expected, "byte \(byte)")
        }
    }

    @Test func methodBytes() {
        for byte in UInt8.min...UInt8.max where byte != 0x0A {
            let head = wire("G") + [byte] + wire("T / HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect(accepts(head) == Self.isTchar(byte), "byte \(byte)")
        }
    }

    @Test func chunkSizeBytes() {
        for byte in UInt8.min...UInt8.max {
            var framer = HTTPBodyFramer(framing: .chunked)
            let body = [byte] + wire("\r\n")
            let isHex = (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
            let accepted = (try? framer.consume(ByteBuffer(bytes: body))) != nil
            #expect(accepted == isHex, "byte \(byte)")
        }
    }
}
