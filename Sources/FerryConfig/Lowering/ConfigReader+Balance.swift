import FerryDiagnostics
import FerryModel

extension ConfigReader {
    private static let algorithms = ["roundrobin", "static-rr", "leastconn", "first", "source", "uri", "url_param", "hdr", "random"]

    /// `balance ALGORITHM [ARGUMENTS]`.
    mutating func readBalance(_ statement: Statement, rule: KeywordRule, into draft: inout ProxyDraft) {
        guard expectArguments(statement, 1...Int.max, usage: rule.usage) else { return }
        let words = Array(statement.arguments)
        let name = words[0]
        let base = Self.baseName(name.text)
        let algorithm: BalanceAlgorithm
        switch base {
        case "roundrobin", "static-rr", "leastconn", "first", "source":
            guard expectArguments(statement, 1...1, usage: "balance \(base)") else { return }
            algorithm = switch base {
            case "roundrobin": .roundRobin
            case "static-rr": .staticRoundRobin
            case "leastconn": .leastConnections
            case "first": .first
            default: .source
            }
        case "uri":
            guard let options = readURIHashOptions(words.dropFirst()) else { return }
            algorithm = .uri(options)
        case "url_param":
            if words.count > 2, words[2].text == "check_post" {
                report(.unsupportedKeyword, "'balance url_param … check_post' is not supported by ferry yet", at: words[2].location)
                return
            }
            guard expectArguments(statement, 2...2, usage: "balance url_param NAME") else { return }
            algorithm = .urlParameter(name: words[1].text)
        case "hdr":
            guard let header = parenthesizedArgument(name, usage: "balance hdr(NAME)"), checkHeaderName(header, at: name) else { return }
            let rest = words.dropFirst()
            guard rest.allSatisfy({ $0.text == "use_domain_only" }), rest.count <= 1 else {
                _ = expectArguments(statement, 1...2, usage: "balance hdr(NAME) [use_domain_only]")
                if let bad = rest.first(where: { $0.text != "use_domain_only" }) {
                    report(.unknownArgument, "unknown 'balance hdr' option '\(bad.text)'", at: bad.location, help: "the only option is use_domain_only")
                }
                return
            }
            algorithm = .header(name: header, useDomainOnly: !rest.isEmpty)
        case "random":
            guard expectArguments(statement, 1...1, usage: "balance random[(DRAWS)]") else { return }
            var draws = 2
            if name.text != "random" {
                guard let argument = parenthesizedArgument(name, usage: "balance random(DRAWS)"),
                      let value = parse(name, { _ throws(ValueProblem) in
                          try Numbers.integer(argument, in: 1...100, what: "the number of draws of 'balance random'")
                      }) else { return }
                draws = value
            }
            algorithm = .random(draws: draws)
        case "rdp-cookie", "hash":
            report(.unsupportedKeyword, "'balance \(base)' is not supported by ferry yet", at: name.location)
            return
        default:
            reportInvalidChoice(name, what: "balance algorithm", choices: Self.algorithms)
            return
        }
        warnIfRepeated(draft.balance, statement)
        draft.balance = Sourced(algorithm, declared(statement))
    }

    private mutating func readURIHashOptions(_ words: ArraySlice<Token>) -> URIHashOptions? {
        var options = URIHashOptions()
        var index = words.startIndex
        while index < words.endIndex {
            let word = words[index]
            switch word.text {
            case "whole": options.whole = true
            case "path-only": options.pathOnly = true
            case "len", "depth":
                guard index + 1 < words.endIndex else {
                    report(.missingArgument, "'balance uri \(word.text)' expects a number", at: word.location)
                    return nil
                }
                guard let value = integer(words[index + 1], in: 1...65_535, what: "'balance uri \(word.text)'") else { return nil }
                if word.text == "len" { options.length = value } else { options.depth = value }
                index += 1
            default:
                reportInvalidChoice(word, what: "'balance uri' option", choices: ["whole", "path-only", "len", "depth"])
                return nil
            }
            index += 1
        }
        return options
    }

    /// The text between parentheses in `name(ARG)`; reports a missing or empty argument.
    mutating func parenthesizedArgument(_ token: Token, usage: String) -> String? {
        let text = token.text
        guard let open = text.firstIndex(of: "("), text.hasSuffix(")"), text.index(after: open) < text.index(before: text.endIndex)
        else {
            report(.missingArgument, "'\(text)' needs an argument in parentheses", at: token.location, help: "usage: \(usage)")
            return nil
        }
        return String(text[text.index(after: open)..<text.index(before: text.endIndex)])
    }

    /// `hash-type map-based|consistent [FUNCTION] [avalanche]`.
    mutating func readHashType(_ statement: Statement, rule: KeywordRule, into draft: inout ProxyDraft) {
        guard expectArguments(statement, 1...3, usage: rule.usage) else { return }
        let words = Array(statement.arguments)
        guard let method = HashType.Method(rawValue: words[0].text) else {
            reportInvalidChoice(words[0], what: "hash-type", choices: ["map-based", "consistent"])
            return
        }
        var hashType = HashType(method: method)
        if words.count > 1 {
            guard let function = HashType.Function(rawValue: words[1].text) else {
                reportInvalidChoice(words[1], what: "hash function", choices: HashType.Function.allCases.map(\.rawValue))
                return
            }
            hashType.function = function
        }
        if words.count > 2 {
            guard words[2].text == "avalanche" else {
                reportInvalidChoice(words[2], what: "hash modifier", choices: ["avalanche"])
                return
            }
            hashType.avalanche = true
        }
        warnIfRepeated(draft.hashType, statement)
        draft.hashType = Sourced(hashType, declared(statement))
    }
}
