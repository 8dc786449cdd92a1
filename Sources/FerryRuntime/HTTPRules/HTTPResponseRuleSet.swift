import FerryModel

/// The `http-response` rules of one proxy, compiled at start-up; they edit the response head.
///
/// HAProxy gives `http-response` conditions nothing but connection samples to look at (`src`, `dst_port`,
/// constants): an ACL on `path`, `query`, `method`, `url_param` or `hdr` has nothing to match there, which the
/// configuration checker reports (W0107). Pass `request: nil` to keep exactly that behaviour; passing the
/// request's samples lets those ACLs and `%[…]` values read the request instead, a Ferry extension.
struct HTTPResponseRuleSet: Sendable {
    private let rules: [Rule]

    private struct Rule: Sendable {
        var condition: CompiledCondition?
        var action: Action
    }

    private enum Action: Sendable {
        case setHeader(name: String, lowercasedName: String, value: FormattedValue)
        case addHeader(name: String, lowercasedName: String, value: FormattedValue)
        case deleteHeader(lowercasedName: String)
    }

    init(rules: [HTTPResponseRule], acls: [ACL]) {
        self.rules = rules.map { rule in
            let action: Action = switch rule.action {
            case .setHeader(let name, let value):
                .setHeader(name: name, lowercasedName: HeadEdits.lowercased(name), value: FormattedValue(value))
            case .addHeader(let name, let value):
                .addHeader(name: name, lowercasedName: HeadEdits.lowercased(name), value: FormattedValue(value))
            case .deleteHeader(let name):
                .deleteHeader(lowercasedName: HeadEdits.lowercased(name))
            }
            return Rule(condition: rule.condition.map { CompiledCondition($0, acls: acls) }, action: action)
        }
    }

    /// Runs every rule whose condition holds, in order, into `edits` (the backend's rules first, then the
    /// frontend's, into the same `edits`, as HAProxy does). `connection` is built only when there are rules.
    func evaluate(
        connection: @autoclosure () -> ConnectionSamples, request: HTTPRequestSamples?, into edits: inout HeadEdits
    ) {
        guard !rules.isEmpty else { return }
        if let request {
            evaluate(request, into: &edits)
        } else {
            evaluate(connection(), into: &edits)
        }
    }

    private func evaluate(_ samples: some SampleSource, into edits: inout HeadEdits) {
        for rule in rules {
            if let condition = rule.condition, !condition.holds(for: samples) { continue }
            switch rule.action {
            case .setHeader(let name, let lowercasedName, let value):
                edits.setHeader(name, lowercasedName: lowercasedName, value.render(samples))
            case .addHeader(let name, let lowercasedName, let value):
                edits.addHeader(name, lowercasedName: lowercasedName, value.render(samples))
            case .deleteHeader(let lowercasedName):
                edits.deleteHeader(lowercasedName: lowercasedName)
            }
        }
    }
}
