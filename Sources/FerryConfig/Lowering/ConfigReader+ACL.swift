import FerryDiagnostics
import FerryModel

extension ConfigReader {
    /// ACL keywords Ferry supports: the fetch, its default match, and whether it takes a `(NAME)` argument.
    private static let aclKeywords: [String: (fetch: String, match: ACLMatch, takesName: Bool)] = {
        var table: [String: (String, ACLMatch, Bool)] = [
            "method": ("method", .string, false),
            "src": ("src", .ip, false),
            "dst_port": ("dst_port", .integer, false),
            "query": ("query", .string, false),
            "url_param": ("url_param", .string, true),
            "urlp": ("url_param", .string, true),
            "req.hdr": ("hdr", .string, true),
        ]
        let suffixes: [(String, ACLMatch)] = [
            ("", .string), ("_beg", .prefix), ("_end", .suffix), ("_sub", .substring), ("_reg", .regex),
            ("_dir", .directory), ("_dom", .domain), ("_len", .length),
        ]
        for (suffix, match) in suffixes {
            table["path" + suffix] = ("path", match, false)
            table["hdr" + suffix] = ("hdr", match, true)
        }
        return table
    }()

    /// `acl NAME CRITERION`: declarations with the same name add alternatives.
    mutating func readACL(_ statement: Statement, into draft: inout ProxyDraft) {
        guard expectArguments(statement, 2...Int.max, usage: "acl NAME FETCH [FLAGS] PATTERN…") else { return }
        let words = statement.words
        let origin = declared(words[1], through: words[words.count - 1])
        _ = checkName(words[1], what: "ACL name")
        guard let criterion = readCriterion(words[2...], origin: origin, aclName: words[1].text) else {
            declareFailedACL(words[1], origin: origin, into: &draft)
            return
        }
        draft.acls.append((words[1].text, criterion))
    }

    /// A declaration with errors still declares its name (as an ACL that never matches), so that the rules using it
    /// are not reported again as using an undeclared ACL.
    mutating func declareFailedACL(_ name: Token, origin: Origin, into draft: inout ProxyDraft) {
        draft.acls.append((name.text, ACLCriterion(fetch: .constant(false), match: .found, patterns: [], origin: origin)))
    }

    /// `FETCH [FLAGS] [OPERATOR] PATTERN…`, for a named or an anonymous ACL.
    mutating func readCriterion(_ words: ArraySlice<Token>, origin: Origin, aclName: String?) -> ACLCriterion? {
        guard let keywordToken = words.first else { return nil }
        let keyword = Self.baseName(keywordToken.text)
        guard let entry = Self.aclKeywords[keyword] else {
            let known = Self.aclKeywords.keys.sorted()
            reportUnrecognized(
                keywordToken, kind: "ACL fetch", context: "", candidates: known,
                unsupported: HAProxyVocabulary.fetches,
                extraHelp: "supported fetches: \(known.joined(separator: ", "))"
            )
            return nil
        }
        let fetch: ACLFetch
        switch entry.fetch {
        case "path": fetch = .path
        case "method": fetch = .method
        case "src": fetch = .source
        case "dst_port": fetch = .destinationPort
        case "query": fetch = .query
        default:
            guard let name = parenthesizedArgument(keywordToken, usage: "\(keyword)(NAME)") else { return nil }
            if name.contains(",") {
                report(.unsupportedKeyword, "occurrence arguments ('\(keywordToken.text)') are not supported by ferry yet", at: keywordToken.location)
                return nil
            }
            if entry.fetch == "hdr" {
                guard checkHeaderName(name, at: keywordToken) else { return nil }
                fetch = .header(name.lowercased())
            } else {
                fetch = .urlParameter(name)
            }
        }
        if !entry.takesName, keywordToken.text != keyword {
            report(.unexpectedArgument, "'\(keyword)' takes no argument in parentheses", at: keywordToken.location)
            return nil
        }
        return readFlagsAndPatterns(words.dropFirst(), fetch: fetch, match: entry.match, origin: origin, keyword: keywordToken, aclName: aclName)
    }

    /// The flags before the patterns of an ACL: `-i`, `-n`, `-m METHOD`, ended by the first word not starting with
    /// `-` or by `--`.
    private struct Flags {
        var match: ACLMatch
        var ignoresCase = false
        /// `--` was given: an empty pattern list is intended.
        var explicitEnd = false
        /// Where the patterns start.
        var end: Int
    }

    private mutating func readFlags(_ words: ArraySlice<Token>, fetch: ACLFetch, match: ACLMatch, keyword: Token) -> Flags? {
        var flags = Flags(match: match, end: words.startIndex)
        while flags.end < words.endIndex, words[flags.end].text.hasPrefix("-") {
            let flag = words[flags.end]
            flags.end += 1
            switch flag.text {
            case "-i": flags.ignoresCase = true
            case "-n": break
            case "--":
                flags.explicitEnd = true
                return flags
            case "-m":
                guard flags.end < words.endIndex else {
                    report(.missingArgument, "'-m' expects a match method", at: flag.location)
                    return nil
                }
                guard let chosen = readMatchMethod(words[flags.end], fetch: fetch, keyword: keyword) else { return nil }
                flags.match = chosen
                flags.end += 1
            case "-f", "-M", "-u":
                report(.unsupportedKeyword, "ACL flag '\(flag.text)' is not supported by ferry yet", at: flag.location,
                       help: flag.text == "-f" ? "list the patterns on the line (several `acl` lines with one name add up)" : nil)
                return nil
            default:
                // As in HAProxy, a word starting with '-' is a flag until `--`, even a negative number.
                report(.invalidValue, "unknown ACL flag '\(flag.text)'", at: flag.location,
                       help: "flags are -i, -m METHOD, -n; put `--` before a pattern that starts with '-'")
                return nil
            }
        }
        return flags
    }

    private mutating func readMatchMethod(_ method: Token, fetch: ACLFetch, keyword: Token) -> ACLMatch? {
        guard let chosen = ACLMatch(rawValue: method.text) else {
            if ["bool", "bin"].contains(method.text) {
                report(.unsupportedKeyword, "match method '\(method.text)' is not supported by ferry yet", at: method.location)
            } else {
                reportInvalidChoice(method, what: "match method", choices: ACLMatch.allCases.map(\.rawValue))
            }
            return nil
        }
        guard Self.isCompatible(chosen, with: fetch) else {
            let help = fetch == .source ? "match addresses with networks: `src 10.0.0.0/8`" : "ports are matched as integers or ranges: `dst_port 8000:8080`"
            report(.invalidValue, "match method '\(chosen.rawValue)' cannot be used with '\(keyword.text)'", at: method.location, help: help)
            return nil
        }
        return chosen
    }

    private mutating func readFlagsAndPatterns(
        _ words: ArraySlice<Token>,
        fetch: ACLFetch,
        match defaultMatch: ACLMatch,
        origin: Origin,
        keyword: Token,
        aclName: String?
    ) -> ACLCriterion? {
        guard let flags = readFlags(words, fetch: fetch, match: defaultMatch, keyword: keyword) else { return nil }
        let match = flags.match
        var patterns: [ACLPattern] = []
        let rest = words[flags.end...]
        if match == .integer || match == .length, let first = rest.first, let range = Self.operatorRange(first.text) {
            guard rest.count == 2 else {
                report(.missingArgument, "operator '\(first.text)' expects one integer", at: first.location)
                return nil
            }
            guard let bound = integer(rest[rest.startIndex + 1], in: Int.min...Int.max, what: "'\(first.text)' operand") else { return nil }
            patterns = [.integers(range(bound))]
        } else {
            for word in rest {
                guard let pattern = parse(word, { text throws(ValueProblem) in try Self.pattern(text, match: match) }) else { return nil }
                patterns.append(pattern)
            }
        }
        if match == .found, let extra = rest.first {
            report(.unexpectedArgument, "'-m found' takes no pattern", at: extra.location(through: rest[rest.endIndex - 1]))
            return nil
        }
        if patterns.isEmpty, match != .found, !flags.explicitEnd {
            let what = aclName.map { "ACL '\($0)'" } ?? "this anonymous ACL"
            report(
                .ruleNeverMatches, "\(what) has no pattern, so it never matches", at: keyword.location,
                help: "add patterns, use `-m found` to test for presence, or add `--` if this is intended"
            )
        }
        return ACLCriterion(fetch: fetch, match: match, ignoresCase: flags.ignoresCase, patterns: patterns, origin: origin)
    }

    private static func pattern(_ text: String, match: ACLMatch) throws(ValueProblem) -> ACLPattern {
        switch match {
        case .ip: try ACLPatterns.network(text)
        case .integer, .length: try ACLPatterns.integerRange(text)
        case .regex: try ACLPatterns.regex(text)
        default: .text(text)
        }
    }

    private static func operatorRange(_ word: String) -> ((Int) -> ClosedRange<Int>)? {
        switch word {
        case "eq": { $0...$0 }
        case "ge": { $0...Int.max }
        case "gt": { $0 == Int.max ? Int.max...Int.max : ($0 + 1)...Int.max }
        case "le": { Int.min...$0 }
        case "lt": { $0 == Int.min ? Int.min...Int.min : Int.min...($0 - 1) }
        default: nil
        }
    }

    private static func isCompatible(_ match: ACLMatch, with fetch: ACLFetch) -> Bool {
        switch fetch {
        case .source: [.ip, .found].contains(match)
        case .destinationPort: [.integer, .found].contains(match)
        default: true
        }
    }
}
