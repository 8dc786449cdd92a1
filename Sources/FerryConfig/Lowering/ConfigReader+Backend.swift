import FerryDiagnostics
import FerryModel

extension ConfigReader {
    /// `cookie NAME [insert|rewrite|prefix] [indirect] [nocache] [httponly] [secure]`.
    mutating func readCookie(_ statement: Statement, rule: KeywordRule, into draft: inout ProxyDraft) {
        guard expectArguments(statement, 1...Int.max, usage: rule.usage) else { return }
        let words = Array(statement.arguments)
        var cookie = CookiePersistence(name: words[0].text)
        var modeToken: Token?
        for word in words.dropFirst() {
            switch word.text {
            case "insert", "rewrite", "prefix":
                if let previous = modeToken, previous.text != word.text {
                    report(
                        .conflictingSettings, "cookie modes '\(previous.text)' and '\(word.text)' cannot be combined",
                        at: word.location, label: "second mode",
                        notes: [Diagnostic.Note("first mode here", at: previous.location)],
                        help: "choose one of insert, rewrite or prefix"
                    )
                    return
                }
                modeToken = word
                cookie.mode = CookiePersistence.Mode(rawValue: word.text) ?? .passive
            case "indirect": cookie.indirect = true
            case "nocache": cookie.noCache = true
            case "httponly": cookie.httpOnly = true
            case "secure": cookie.secure = true
            case "postonly", "preserve", "domain", "maxidle", "maxlife", "dynamic", "attr":
                report(.unsupportedKeyword, "cookie option '\(word.text)' is not supported by ferry yet", at: word.location)
                return
            default:
                reportInvalidChoice(word, what: "cookie option", choices: ["insert", "rewrite", "prefix", "indirect", "nocache", "httponly", "secure"])
                return
            }
        }
        warnIfRepeated(draft.cookie, statement)
        draft.cookie = Sourced(cookie, declared(statement))
    }

    /// `stats enable|uri|refresh|auth|realm|hide-version …`.
    mutating func readStats(_ statement: Statement, into draft: inout ProxyDraft) {
        let supported = ["enable", "uri", "refresh", "auth", "realm", "hide-version"]
        guard let what = statement.arguments.first else {
            report(.missingArgument, "'stats' expects a parameter", at: statement.location, help: "parameters: \(supported.joined(separator: ", "))")
            return
        }
        let origin = declared(statement)
        let takesValue = ["uri", "refresh", "auth", "realm"].contains(what.text)
        if supported.contains(what.text) {
            guard expectArguments(statement, takesValue ? 1...1 : 0...0, skipping: 1, usage: "stats \(what.text)\(takesValue ? " VALUE" : "")") else { return }
        }
        let value = statement.words.count > 2 ? statement.words[2] : what
        switch what.text {
        case "enable": draft.stats.enabled = Sourced(true, origin)
        case "hide-version": draft.stats.hideVersion = Sourced(true, origin)
        case "uri":
            warnIfRepeated(draft.stats.uri, statement, name: "stats uri")
            draft.stats.uri = Sourced(value.text, origin)
        case "realm":
            warnIfRepeated(draft.stats.realm, statement, name: "stats realm")
            draft.stats.realm = Sourced(value.text, origin)
        case "refresh":
            guard let time = time(value, what: "stats refresh") else { return }
            draft.stats.refresh = Sourced(time, origin)
        case "auth":
            guard let colon = value.text.firstIndex(of: ":"), colon != value.text.startIndex else {
                report(.invalidValue, "'stats auth' expects USER:PASSWORD, got '\(value.text)'", at: value.location)
                return
            }
            let credential = StatsCredential(user: String(value.text[..<colon]), password: String(value.text[value.text.index(after: colon)...]))
            draft.stats.credentials.append(Sourced(credential, origin))
        case "socket":
            report(.keywordNotAllowed, "'stats socket' is only allowed in the global section", at: what.location)
        default:
            reportUnrecognized(
                what, kind: "stats parameter", context: "", candidates: supported,
                unsupported: ["admin", "http-request", "scope", "show-desc", "show-legends", "show-node", "bind-process", "timeout", "maxconn"]
            )
        }
    }

    /// `errorfile STATUS FILE`: the file must exist and hold an HTTP response.
    mutating func readErrorFile(_ statement: Statement, rule: KeywordRule, into draft: inout ProxyDraft) {
        guard expectArguments(statement, 2...2, usage: rule.usage) else { return }
        let words = Array(statement.arguments)
        guard let code = status(words[0], allowed: ErrorFile.statuses, what: "errorfile status") else { return }
        let path = words[1].text
        guard let bytes = fileReader(path) else {
            report(.unreadableReferencedFile, "cannot read error file '\(path)'", at: words[1].location,
                   help: "relative paths are resolved from the directory ferry runs in")
            return
        }
        let head = String(decoding: bytes.prefix(13), as: UTF8.self)
        let isResponse = (head.hasPrefix("HTTP/1.0 ") || head.hasPrefix("HTTP/1.1 ")) && head.dropFirst(9).prefix(3).allSatisfy(\.isNumber) && head.count >= 12
        guard isResponse else {
            report(.invalidErrorFile, "error file '\(path)' is not an HTTP response", at: words[1].location,
                   help: "the file must start with a status line such as `HTTP/1.1 503 Service Unavailable`, then headers, a blank line and the body")
            return
        }
        if let index = draft.errorFiles.firstIndex(where: { $0.value.status == code }) {
            warnIfRepeated(draft.errorFiles[index], statement, name: "errorfile \(code)")
            draft.errorFiles.remove(at: index)
        }
        draft.errorFiles.append(Sourced(ErrorFile(status: code, path: path), declared(statement)))
    }

    /// `http-check send …` and `http-check expect …`.
    mutating func readHTTPCheck(_ statement: Statement, into draft: inout ProxyDraft) {
        guard let what = statement.arguments.first else {
            report(.missingArgument, "'http-check' expects 'send' or 'expect'", at: statement.location)
            return
        }
        switch what.text {
        case "send":
            if let previous = draft.httpCheckSend?.origin.location, case .declared = draft.httpCheckSend?.origin {
                report(
                    .unsupportedKeyword, "a second 'http-check send' (a multi-step check) is not supported by ferry yet",
                    at: statement.location, notes: [Diagnostic.Note("first 'http-check send' here", at: previous.sourceLocation)],
                    help: "put the method, URI, headers and body on one `http-check send` line"
                )
                return
            }
            guard let send = readHTTPCheckSend(statement.words.dropFirst(2)) else { return }
            draft.httpCheckSend = Sourced(send, declared(statement))
        case "expect":
            guard let expectation = readHTTPCheckExpect(statement) else { return }
            draft.httpCheckExpectations.append(Sourced(expectation, declared(statement)))
        default:
            reportUnrecognized(
                what, kind: "http-check directive", context: "", candidates: ["send", "expect"],
                unsupported: ["comment", "connect", "disable-on-404", "send-state", "set-var", "unset-var"]
            )
        }
    }

    private mutating func readHTTPCheckSend(_ words: ArraySlice<Token>) -> HTTPCheckSend? {
        var send = HTTPCheckSend()
        var index = words.startIndex
        while index < words.endIndex {
            let word = words[index]
            let arity = word.text == "hdr" ? 2 : 1
            guard ["meth", "uri", "ver", "hdr", "body"].contains(word.text) else {
                if ["uri-lf", "body-lf", "comment"].contains(word.text) {
                    report(.unsupportedKeyword, "'http-check send \(word.text)' is not supported by ferry yet", at: word.location)
                } else {
                    reportInvalidChoice(word, what: "'http-check send' argument", choices: ["meth", "uri", "ver", "hdr", "body"])
                }
                return nil
            }
            guard index + arity < words.endIndex else {
                report(.missingArgument, "'\(word.text)' expects \(arity == 2 ? "a name and a value" : "a value")", at: word.location)
                return nil
            }
            let value = words[index + 1].text
            switch word.text {
            case "meth": send.method = value
            case "uri": send.uri = value
            case "ver": send.version = value
            case "body": send.body = value
            default:
                guard checkHeaderName(value, at: words[index + 1]) else { return nil }
                send.headers.append(HTTPHeader(name: value, value: words[index + 2].text))
            }
            index += 1 + arity
        }
        return send
    }

    private mutating func readHTTPCheckExpect(_ statement: Statement) -> HTTPCheckExpectation? {
        var words = statement.words.dropFirst(2)
        var negated = false
        if words.first?.text == "!" {
            negated = true
            words = words.dropFirst()
        }
        let usage = "http-check expect [!] status|rstatus|string|rstring PATTERN"
        guard let kindToken = words.first else {
            report(.missingArgument, "'http-check expect' expects a match", at: statement.location, help: "usage: \(usage)")
            return nil
        }
        guard let kind = HTTPCheckExpectation.Kind(rawValue: kindToken.text) else {
            let unsupported: Set<String> = ["hdr", "fhdr", "string-lf", "status-code", "min-recv", "comment", "ok-status", "error-status", "tout-status", "on-success", "on-error"]
            reportUnrecognized(kindToken, kind: "http-check expect match", context: "", candidates: HTTPCheckExpectation.Kind.allCases.map(\.rawValue), unsupported: unsupported)
            return nil
        }
        guard words.count == 2 else {
            report(words.count < 2 ? .missingArgument : .unexpectedArgument,
                   words.count < 2 ? "'http-check expect \(kind.rawValue)' expects a pattern" : "unexpected argument after the pattern",
                   at: words.count < 2 ? kindToken.location : words[words.startIndex + 2].location, help: "usage: \(usage)")
            return nil
        }
        let pattern = words[words.startIndex + 1]
        switch kind {
        case .status:
            let valid = pattern.text.split(separator: ",").allSatisfy { item in
                item.split(separator: "-", omittingEmptySubsequences: false).allSatisfy { Int($0).map { (100...599).contains($0) } == true }
            }
            guard valid else {
                report(.invalidStatus, "invalid status list '\(pattern.text)'", at: pattern.location, help: "write a status, a list or a range: 200, 200,204 or 200-399")
                return nil
            }
        case .statusRegex, .bodyRegex:
            guard parse(pattern, { text throws(ValueProblem) in try ACLPatterns.regex(text) }) != nil else { return nil }
        case .bodyContains:
            break
        }
        return HTTPCheckExpectation(negated: negated, kind: kind, pattern: pattern.text)
    }
}
