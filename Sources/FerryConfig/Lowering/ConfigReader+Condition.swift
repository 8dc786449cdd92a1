import FerryDiagnostics
import FerryModel

extension ConfigReader {
    /// Splits rule words at `if` / `unless`: the words before it, and the parsed condition after it.
    /// Returns `nil` when the condition is malformed (already reported).
    mutating func splitCondition(_ words: ArraySlice<Token>) -> (action: ArraySlice<Token>, condition: Condition?)? {
        guard let keywordIndex = words.firstIndex(where: { $0.text == "if" || $0.text == "unless" }) else {
            return (words, nil)
        }
        guard let condition = readCondition(words[keywordIndex...]) else { return nil }
        return (words[..<keywordIndex], condition)
    }

    /// `if|unless TERM… [or|'||' TERM…]…` where a term is `[!]ACL` or `[!]{ FETCH [FLAGS] PATTERN… }`.
    mutating func readCondition(_ words: ArraySlice<Token>) -> Condition? {
        guard let polarityToken = words.first, let polarity = Condition.Polarity(rawValue: polarityToken.text) else { return nil }
        var alternatives: [[ACLTerm]] = [[]]
        var index = words.startIndex + 1
        guard index < words.endIndex else {
            report(.invalidCondition, "'\(polarityToken.text)' must be followed by a condition", at: polarityToken.location,
                   help: "name an ACL (`if is_api`) or write one in braces (`if { path_beg /api }`)")
            return nil
        }
        while index < words.endIndex {
            let token = words[index]
            // HAProxy reads `or` in any case.
            if token.text.lowercased() == "or" || token.text == "||" {
                guard !alternatives[alternatives.count - 1].isEmpty else {
                    report(.invalidCondition, "'\(token.text)' needs a term before it", at: token.location)
                    return nil
                }
                alternatives.append([])
                index += 1
                continue
            }
            guard let term = readTerm(words, at: &index) else { return nil }
            alternatives[alternatives.count - 1].append(term)
        }
        if alternatives[alternatives.count - 1].isEmpty {
            report(.invalidCondition, "condition ends with '\(words[words.endIndex - 1].text)'", at: words[words.endIndex - 1].location)
            return nil
        }
        return Condition(polarity: polarity, alternatives: alternatives)
    }

    /// One term starting at `index`, which it moves past the term.
    private mutating func readTerm(_ words: ArraySlice<Token>, at index: inout Int) -> ACLTerm? {
        let start = words[index]
        var token = start
        var negated = false
        var name = token.text
        if name == "!" {
            negated = true
            index += 1
            guard index < words.endIndex else {
                report(.invalidCondition, "'!' must be followed by an ACL", at: token.location)
                return nil
            }
            token = words[index]
            name = token.text
        } else if name.hasPrefix("!") {
            negated = true
            name.removeFirst()
        }
        if name == "{" {
            guard let close = words[index...].firstIndex(where: { $0.text == "}" }) else {
                report(.invalidCondition, "'{' is not closed by '}'", at: token.location,
                       help: "braces are separate words: `{ path_beg /api }`")
                return nil
            }
            let inner = words[(index + 1)..<close]
            guard !inner.isEmpty else {
                report(.invalidCondition, "empty anonymous ACL '{ }'", at: token.location(through: words[close]))
                return nil
            }
            guard let criterion = readCriterion(inner, origin: declared(token, through: words[close]), aclName: nil) else { return nil }
            index = close + 1
            let text = inner.map(\.text).joined(separator: " ")
            return ACLTerm(negated: negated, reference: .anonymous(criterion, text: text), origin: start.configLocation(through: words[close]))
        }
        if name == "}" || name.hasPrefix("{") || name.hasSuffix("}") || name.isEmpty {
            report(
                .invalidCondition, name == "}" ? "'}' without a matching '{'" : "unexpected '\(token.text)' in condition",
                at: token.location, help: "braces are separate words: `{ path_beg /api }`"
            )
            return nil
        }
        index += 1
        return ACLTerm(negated: negated, reference: .named(name), origin: start.configLocation(through: token))
    }

    /// `use_backend BACKEND [if|unless CONDITION]`.
    mutating func readUseBackend(_ statement: Statement, rule: KeywordRule, into draft: inout ProxyDraft) {
        guard expectArguments(statement, 1...Int.max, usage: rule.usage),
              let (action, condition) = splitCondition(statement.arguments) else { return }
        guard let backend = action.first else {
            _ = expectArguments(statement, 1...1, usage: rule.usage)
            return
        }
        guard action.count == 1 else {
            let extra = action[action.startIndex + 1]
            report(.unexpectedArgument, "unexpected '\(extra.text)' after the backend name", at: extra.location,
                   help: "usage: \(rule.usage)")
            return
        }
        guard checkBackendReference(backend) else { return }
        draft.backendRules.append(BackendSwitchingRule(backend: backend.text, condition: condition, origin: backend.configLocation))
    }
}
