/// Parsers for HAProxy's numeric value formats, stricter than HAProxy: a word that is not entirely a number is an
/// error (HAProxy reads `maxconn lots` as 0 and `weight 2x` as 2).
public enum Numbers {
    /// A decimal integer in `range`. A leading `-` is accepted only when the range allows negative values.
    public static func integer(_ text: String, in range: ClosedRange<Int>, what: String) throws(ValueProblem) -> Int {
        guard let value = parseDecimal(text) else {
            throw ValueProblem(.invalidInteger, "\(what) must be an integer, got '\(text)'", help: rangeHelp(range))
        }
        guard range.contains(value) else {
            throw ValueProblem(.valueOutOfRange, "\(what) must be \(rangeText(range)), got \(value)")
        }
        return value
    }

    /// A size in bytes, with an optional `k`, `m` or `g` suffix (powers of 1024), in `range`.
    public static func size(_ text: String, in range: ClosedRange<Int>, what: String) throws(ValueProblem) -> Int {
        var digits = Substring(text)
        var multiplier = 1
        if let last = digits.last, !last.isNumber {
            switch last {
            case "k", "K": multiplier = 1 << 10
            case "m", "M": multiplier = 1 << 20
            case "g", "G": multiplier = 1 << 30
            default:
                throw ValueProblem(.invalidSize, "\(what) must be a size like 16384 or 16k, got '\(text)'")
            }
            digits = digits.dropLast()
        }
        guard let value = parseDecimal(String(digits)), value >= 0 else {
            throw ValueProblem(.invalidSize, "\(what) must be a size like 16384 or 16k, got '\(text)'")
        }
        let (bytes, overflow) = value.multipliedReportingOverflow(by: multiplier)
        guard !overflow, range.contains(bytes) else {
            throw ValueProblem(.valueOutOfRange, "\(what) must be \(rangeText(range)) bytes, got '\(text)'")
        }
        return bytes
    }

    /// Digits with an optional leading `-`, without overflow; `nil` otherwise.
    static func parseDecimal(_ text: String) -> Int? {
        var utf8 = Substring(text).utf8[...]
        var negative = false
        if utf8.first == UInt8(ascii: "-") {
            negative = true
            utf8 = utf8.dropFirst()
        }
        guard !utf8.isEmpty, utf8.count <= 18 else { return nil }
        var value = 0
        for byte in utf8 {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return negative ? -value : value
    }

    static func rangeText(_ range: ClosedRange<Int>) -> String {
        if range == Int.min...Int.max { return "a whole number" }
        if range.upperBound == Int.max { return "at least \(range.lowerBound)" }
        return "between \(range.lowerBound) and \(range.upperBound)"
    }

    private static func rangeHelp(_ range: ClosedRange<Int>) -> String {
        range == Int.min...Int.max ? "write a whole number, without units" : "write a whole number \(rangeText(range)), without units"
    }
}
