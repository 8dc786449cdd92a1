import Foundation
import FerryModel

/// Parsers for the typed patterns of ACLs.
public enum ACLPatterns {
    /// An IPv4 or IPv6 address, optionally with `/PREFIX` (or an IPv4 `/NETMASK`).
    public static func network(_ text: String) throws(ValueProblem) -> ACLPattern {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        let address = String(parts[0])
        let isIPv6 = AddressParser.isIPv6(address)
        guard isIPv6 || AddressParser.isIPv4(address) else {
            if parts.count == 1, address.utf8.contains(where: { ($0 | 0x20) >= UInt8(ascii: "a") && ($0 | 0x20) <= UInt8(ascii: "z") }),
               !address.utf8.contains(UInt8(ascii: ":")) {
                throw ValueProblem(.unsupportedKeyword, "host names in address patterns ('\(text)') are not supported by ferry yet",
                                   help: "write the address or network: 10.0.0.0/8")
            }
            throw ValueProblem(.invalidAddress, "'\(text)' is not an IPv4 or IPv6 address or network")
        }
        let full = isIPv6 ? 128 : 32
        guard parts.count == 2 else { return .network(address: address, prefixLength: full) }
        let suffix = String(parts[1])
        if let length = Numbers.parseDecimal(suffix), (0...full).contains(length) {
            return .network(address: address, prefixLength: length)
        }
        if !isIPv6, AddressParser.isIPv4(suffix), let length = prefixLength(ofMask: suffix) {
            return .network(address: address, prefixLength: length)
        }
        throw ValueProblem(.invalidAddress, "'\(text)' has an invalid prefix length (0 to \(full))")
    }

    private static func prefixLength(ofMask mask: String) -> Int? {
        let value = mask.split(separator: ".").reduce(UInt32(0)) { ($0 << 8) | (UInt32($1) ?? 0) }
        let length = value.nonzeroBitCount
        return value == (length == 0 ? 0 : UInt32.max << (32 - length)) ? length : nil
    }

    /// `N`, `N:M`, `:M` or `N:`, inclusive.
    public static func integerRange(_ text: String) throws(ValueProblem) -> ACLPattern {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        func bound(_ part: String, default value: Int) throws(ValueProblem) -> Int {
            if part.isEmpty, parts.count == 2 { return value }
            guard let number = Numbers.parseDecimal(part) else {
                throw ValueProblem(.invalidInteger, "'\(text)' is not an integer or range like 80, 80:90, :1024 or 1024:")
            }
            return number
        }
        let low = try bound(parts[0], default: Int.min)
        let high = parts.count == 2 ? try bound(parts[1], default: Int.max) : low
        guard low <= high else { throw ValueProblem(.valueOutOfRange, "range '\(text)' is empty: \(low) is greater than \(high)") }
        return .integers(low...high)
    }

    /// Checks that a regular expression compiles (ICU syntax, which accepts the PCRE constructs configs use).
    public static func regex(_ text: String) throws(ValueProblem) -> ACLPattern {
        do {
            _ = try NSRegularExpression(pattern: text)
        } catch {
            throw ValueProblem(.invalidRegex, "invalid regular expression '\(text)'", help: "check brackets, parentheses and escapes")
        }
        return .text(text)
    }
}

/// Checks for HTTP values.
public enum HTTPValues {
    /// An RFC 9110 field name: one or more token characters.
    public static func isHeaderName(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"):
                true
            default:
                "!#$%&'*+-.^_`|~".utf8.contains(byte)
            }
        }
    }
}
