/// The `if` / `unless` condition of a rule: alternatives separated by `or` / `||`, each a list of terms that must
/// all hold.
public struct Condition: Sendable, Hashable {
    public enum Polarity: String, Sendable, Hashable {
        case `if`
        case unless
    }

    public var polarity: Polarity
    public var alternatives: [[ACLTerm]]

    public init(polarity: Polarity, alternatives: [[ACLTerm]]) {
        self.polarity = polarity
        self.alternatives = alternatives
    }

    /// The condition as it would be written, with anonymous ACLs in braces.
    public var description: String {
        let body = alternatives.map { terms in terms.map(\.description).joined(separator: " ") }.joined(separator: " || ")
        return "\(polarity.rawValue) \(body)"
    }
}

/// One term of a condition: a named ACL or an anonymous `{ … }` one, possibly negated with `!`.
public struct ACLTerm: Sendable, Hashable {
    public enum Reference: Sendable, Hashable {
        case named(String)
        case anonymous(ACLCriterion, text: String)
    }

    public var negated: Bool
    public var reference: Reference
    public var origin: ConfigLocation

    public init(negated: Bool, reference: Reference, origin: ConfigLocation) {
        self.negated = negated
        self.reference = reference
        self.origin = origin
    }

    public var description: String {
        let body = switch reference {
        case .named(let name): name
        case .anonymous(_, let text): "{ \(text) }"
        }
        return (negated ? "!" : "") + body
    }
}
