/// HAProxy's time format: digits followed by an optional unit, `us`, `ms` (the default), `s`, `m`, `h` or `d`.
public enum TimeValue {
    /// HAProxy stores timers as signed 32-bit milliseconds.
    public static let maximumMilliseconds: Int64 = 2_147_483_647

    private static let units: [(suffix: String, microseconds: Int64)] = [
        ("us", 1), ("ms", 1_000), ("s", 1_000_000), ("m", 60_000_000), ("h", 3_600_000_000), ("d", 86_400_000_000),
    ]

    /// Parses a time; `what` names the setting in messages ("timeout client").
    public static func parse(_ text: String, what: String) throws(ValueProblem) -> Duration {
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        let unitText = text.dropFirst(digits.count)
        guard !digits.isEmpty else {
            throw ValueProblem(
                .invalidTime, "\(what) must be a time like 5s or 500ms, got '\(text)'",
                help: "units: us, ms (the default), s, m, h, d; no decimals or spaces"
            )
        }
        if unitText.hasPrefix("."), let decimal = decimalSuggestion(text) {
            throw ValueProblem(
                .invalidTime, "\(what) must be a whole number of a unit, got '\(text)'",
                help: "write \(decimal) instead; decimals are not allowed"
            )
        }
        let unit = unitText.isEmpty ? 1_000 : units.first { $0.suffix == unitText }?.microseconds
        guard let unit else {
            throw ValueProblem(
                .invalidTime, "\(what): unknown time unit '\(unitText)' in '\(text)'",
                help: "units: us, ms (the default), s, m, h, d; no decimals or spaces"
            )
        }
        guard digits.count <= 15, let value = Int64(digits) else { throw overflow(text, what) }
        let (microseconds, overflowed) = value.multipliedReportingOverflow(by: unit)
        guard !overflowed, (microseconds + 999) / 1_000 <= maximumMilliseconds else { throw overflow(text, what) }
        return .microseconds(microseconds)
    }

    /// `1.5s` → `1500ms`: the same time in a smaller unit, when there is one.
    private static func decimalSuggestion(_ text: String) -> String? {
        let number = text.prefix { $0.isNumber || $0 == "." }
        let unitText = text.dropFirst(number.count)
        guard let value = Double(number), let index = units.firstIndex(where: { $0.suffix == (unitText.isEmpty ? "ms" : unitText) })
        else { return nil }
        let microseconds = value * Double(units[index].microseconds)
        guard microseconds.rounded() == microseconds, microseconds < 1e15 else { return nil }
        return format(.microseconds(Int64(microseconds)))
    }

    private static func overflow(_ text: String, _ what: String) -> ValueProblem {
        ValueProblem(
            .timeOverflow, "\(what) '\(text)' is too large",
            help: "the largest time is 2147483647ms (about 24.8 days)"
        )
    }

    /// The shortest exact HAProxy spelling of a duration (`30s`, `1500ms`, `2m`).
    public static func format(_ duration: Duration) -> String {
        let microseconds = duration.totalMicroseconds
        if microseconds == 0 { return "0ms" }
        for (suffix, size) in units.reversed() where microseconds % size == 0 {
            return "\(microseconds / size)\(suffix)"
        }
        return "\(microseconds)us"
    }
}

extension Duration {
    /// The duration in whole microseconds (sub-microsecond parts are dropped; config times never have them).
    public var totalMicroseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000 + attoseconds / 1_000_000_000_000
    }
}
