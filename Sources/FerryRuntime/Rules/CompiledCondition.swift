import FerryModel
import NIOCore

/// A condition (`if`/`unless` over ACL terms) turned, once at start-up, into matchers that need no parsing per
/// evaluation: lower-cased patterns for `-i`, network masks for `ip`, compiled regular expressions.
struct CompiledCondition: Sendable {
    private let negatedResult: Bool
    /// Alternatives (`or`/`||`) of terms that must all hold.
    private let alternatives: [[Term]]

    struct Term: Sendable {
        var negated: Bool
        /// The criteria of the ACL; any of them may match.
        var criteria: [CompiledCriterion]
    }

    /// - Parameter acls: the named ACLs of the proxy whose rules use the condition.
    init(_ condition: Condition, acls: [ACL]) {
        negatedResult = condition.polarity == .unless
        alternatives = condition.alternatives.map { terms in
            terms.map { term in
                let criteria: [ACLCriterion] = switch term.reference {
                case .named(let name): acls.first { $0.name == name }?.criteria ?? ACL.predefined[name] ?? []
                case .anonymous(let criterion, _): [criterion]
                }
                return Term(negated: term.negated, criteria: criteria.map(CompiledCriterion.init))
            }
        }
    }

    /// Whether the condition holds for these samples.
    func holds(for samples: some SampleSource) -> Bool {
        let matched = alternatives.contains { terms in
            terms.allSatisfy { term in
                term.criteria.contains { $0.matches(samples) } != term.negated
            }
        }
        return matched != negatedResult
    }
}

/// One ACL criterion, ready to match.
struct CompiledCriterion: Sendable {
    private let fetch: ACLFetch
    private let match: ACLMatch
    private let ignoresCase: Bool
    private let texts: [String]
    private let ranges: [ClosedRange<Int>]
    private let networks: [Network]
    private let expressions: [RegexBox]

    init(_ criterion: ACLCriterion) {
        fetch = criterion.fetch
        match = criterion.match
        ignoresCase = criterion.ignoresCase
        var texts: [String] = []
        var ranges: [ClosedRange<Int>] = []
        var networks: [Network] = []
        for pattern in criterion.patterns {
            switch pattern {
            case .text(let text): texts.append(criterion.ignoresCase ? text.lowercased() : text)
            case .integers(let range): ranges.append(range)
            case .network(let address, let prefixLength):
                if let network = Network(address: address, prefixLength: prefixLength) { networks.append(network) }
            }
        }
        if criterion.match == .ip {
            // Addresses written as text (a host name, say) have no network form and never match.
            networks += texts.compactMap { Network(address: $0, prefixLength: $0.contains(":") ? 128 : 32) }
        }
        self.texts = texts
        self.ranges = ranges
        self.networks = networks
        self.expressions = criterion.match == .regex
            ? texts.compactMap { try? RegexBox(pattern: $0, ignoresCase: criterion.ignoresCase) } : []
    }

    func matches(_ samples: some SampleSource) -> Bool {
        switch fetch {
        case .constant(let value):
            return value
        case .source:
            guard let address = samples.sourceAddress else { return false }
            if match == .found { return true }
            return networks.contains { $0.contains(address) }
        case .destinationPort:
            guard let port = samples.destinationPort else { return false }
            return matches(integer: port, text: Substring(String(port)))
        default:
            guard let values = samples.values(of: fetch) else { return false }
            if match == .found { return true }
            return values.contains { matches(text: $0) }
        }
    }

    /// Whether the pattern's components appear as consecutive whole components of the value (HAProxy's `dir` and
    /// `dom`: `example.com` is in `www.example.com`, `/v1/api` in `/v1/api/users`, `api` is not in `/apis`).
    static func containsRun(of pattern: String, in value: Substring, separatedBy isSeparator: (Character) -> Bool) -> Bool {
        let wanted = pattern.split(whereSeparator: isSeparator)
        guard !wanted.isEmpty else { return false }
        let parts = value.split(whereSeparator: isSeparator)
        guard parts.count >= wanted.count else { return false }
        return (0...(parts.count - wanted.count)).contains { start in
            parts[start..<(start + wanted.count)].elementsEqual(wanted)
        }
    }

    private func matches(integer: Int, text: Substring) -> Bool {
        switch match {
        case .integer: ranges.contains { $0.contains(integer) }
        case .found: true
        default: matches(text: text)
        }
    }

    private func matches(text value: Substring) -> Bool {
        let value = ignoresCase ? Substring(value.lowercased()) : value
        switch match {
        case .string: return texts.contains { value == $0 }
        case .prefix: return texts.contains { value.hasPrefix($0) }
        case .suffix: return texts.contains { value.hasSuffix($0) }
        case .substring: return texts.contains { value.contains($0) }
        case .regex: return expressions.contains { $0.matches(value) }
        case .directory:
            return texts.contains { Self.containsRun(of: $0, in: value) { $0 == "/" } }
        case .domain:
            return texts.contains { Self.containsRun(of: $0, in: value) { $0 == "." || $0 == "/" } }
        case .found: return true
        case .length: return ranges.contains { $0.contains(value.utf8.count) }
        case .integer: return Int(value).map { number in ranges.contains { $0.contains(number) } } ?? false
        case .ip:
            guard let address = try? SocketAddress(ipAddress: String(value), port: 0) else { return false }
            return networks.contains { $0.contains(address) }
        }
    }
}

/// An IPv4 or IPv6 network: address bytes and a prefix length.
struct Network: Sendable {
    let bytes: [UInt8]
    let prefixLength: Int

    init?(address: String, prefixLength: Int) {
        guard let parsed = try? SocketAddress(ipAddress: address, port: 0) else { return nil }
        bytes = parsed.ipBytes
        self.prefixLength = prefixLength
    }

    func contains(_ address: SocketAddress) -> Bool {
        var candidate = address.ipBytes
        if candidate.count == 16, bytes.count == 4, candidate[0..<10].allSatisfy({ $0 == 0 }),
           candidate[10] == 0xFF, candidate[11] == 0xFF {
            candidate = Array(candidate[12...])  // An IPv4-mapped IPv6 client matches IPv4 networks.
        }
        guard candidate.count == bytes.count else { return false }
        var remaining = prefixLength
        for (have, want) in zip(candidate, bytes) where remaining > 0 {
            let mask: UInt8 = remaining >= 8 ? 0xFF : ~(0xFF >> UInt8(remaining))
            if have & mask != want & mask { return false }
            remaining -= 8
        }
        return true
    }
}

/// A regular expression compiled once; `Regex` is not `Sendable`, so it is rebuilt per thread use from the pattern
/// only when needed.
struct RegexBox: @unchecked Sendable {
    // Regex values are immutable after creation; matching does not mutate them.
    private let regex: Regex<AnyRegexOutput>

    init(pattern: String, ignoresCase: Bool) throws {
        let regex = try Regex(pattern)
        self.regex = ignoresCase ? regex.ignoresCase() : regex
    }

    func matches(_ value: Substring) -> Bool {
        (try? regex.firstMatch(in: value)) != nil
    }
}
