/// Byte classes of RFC 9110 and RFC 9112, as branch-light tests on one byte.
enum HTTPByteClass {
    static let cr: UInt8 = 0x0D
    static let lf: UInt8 = 0x0A
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09
    static let colon: UInt8 = 0x3A
    static let comma: UInt8 = 0x2C
    static let semicolon: UInt8 = 0x3B

    /// `tchar` as two 64-bit masks, bit N set when byte N (N - 64 for the second) is a token character:
    /// ``!#$%&'*+-.^_`|~``, digits and letters.
    private static let tokenMaskLow: UInt64 = 0x03FF_6CFA_0000_0000
    private static let tokenMaskHigh: UInt64 = 0x57FF_FFFF_C7FF_FFFE

    /// RFC 9110 `tchar`.
    @inline(__always)
    static func isToken(_ byte: UInt8) -> Bool {
        if byte < 64 { return (tokenMaskLow >> UInt64(byte)) & 1 == 1 }
        if byte < 128 { return (tokenMaskHigh >> UInt64(byte &- 64)) & 1 == 1 }
        return false
    }

    /// RFC 9110 `field-vchar`, SP or HTAB: what a field value or reason phrase may hold. Controls (NUL, CR, LF and
    /// the rest, DEL included) are refused; obs-text (0x80–0xFF) is kept, as the RFC allows.
    @inline(__always)
    static func isFieldValue(_ byte: UInt8) -> Bool {
        byte == tab || (byte >= space && byte != 0x7F)
    }

    /// RFC 3986 authority characters as two masks: unreserved, sub-delims, `:`, `@`, `[`, `]` and `%`.
    private static let authorityMaskLow: UInt64 = 0x2FFF_7FF2_0000_0000
    private static let authorityMaskHigh: UInt64 = 0x47FF_FFFE_AFFF_FFFF

    /// What the authority of a request-target may hold (RFC 3986 §3.2): no quotes, backslashes, braces or the like,
    /// which servers split into hosts differently.
    @inline(__always)
    static func isAuthority(_ byte: UInt8) -> Bool {
        if byte < 64 { return (authorityMaskLow >> UInt64(byte)) & 1 == 1 }
        if byte < 128 { return (authorityMaskHigh >> UInt64(byte &- 64)) & 1 == 1 }
        return false
    }

    /// SP or HTAB.
    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == space || byte == tab
    }

    /// What a request-target may hold: visible ASCII except `#` (a fragment is never sent, RFC 9112 §3.2).
    @inline(__always)
    static func isTarget(_ byte: UInt8) -> Bool {
        byte > space && byte < 0x7F && byte != 0x23
    }

    /// The value of a hex digit, or `nil`.
    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt64? {
        switch byte {
        case 0x30...0x39: UInt64(byte &- 0x30)
        case 0x41...0x46: UInt64(byte &- 0x41 &+ 10)
        case 0x61...0x66: UInt64(byte &- 0x61 &+ 10)
        default: nil
        }
    }

    /// ASCII lowercase for letters; other token bytes unchanged where it matters (see `equalsLowercase`).
    @inline(__always)
    static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    /// Whether `bytes[range]` equals `lowercase` ignoring ASCII case; `lowercase` must be lowercase ASCII.
    @inline(__always)
    static func equalsLowercase(
        _ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, _ lowercase: StaticString
    ) -> Bool {
        guard range.count == lowercase.utf8CodeUnitCount else { return false }
        let literal = lowercase.utf8Start
        var index = 0
        while index < range.count {
            if lowercased(bytes[range.lowerBound &+ index]) != literal[index] { return false }
            index &+= 1
        }
        return true
    }
}
