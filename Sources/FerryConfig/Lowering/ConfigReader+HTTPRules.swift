import FerryDiagnostics
import FerryModel

extension ConfigReader {
    private static let requestActions = ["set-header", "add-header", "del-header", "set-path", "deny", "return", "redirect"]
    private static let responseActions = ["set-header", "add-header", "del-header"]
    /// The statuses `deny_status` accepts (those with a built-in error page in HAProxy).
    private static let denyStatuses = ErrorFile.statuses
    private static let redirectCodes = [301, 302, 303, 307, 308]

    /// `http-request ACTION [ARGUMENTS] [if|unless CONDITION]`.
    mutating func readHTTPRequest(_ statement: Statement, into draft: inout ProxyDraft) {
        guard let (actionToken, arguments, condition) = readRule(statement, actions: Self.requestActions, unsupported: HAProxyVocabulary.httpRequestActions)
        else { return }
        let action: HTTPRequestAction?
        switch actionToken.text {
        case "set-header", "add-header":
            guard let (name, value) = headerArguments(statement, arguments) else { return }
            action = actionToken.text == "set-header" ? .setHeader(name: name, value: value) : .addHeader(name: name, value: value)
        case "del-header":
            guard let name = deleteHeaderArgument(statement, arguments) else { return }
            action = .deleteHeader(name: name)
        case "set-path":
            guard arguments.count == 1 else {
                reportRuleArity(statement, arguments, expected: 1, usage: "http-request set-path FORMAT [if|unless CONDITION]")
                return
            }
            action = .setPath(arguments[arguments.startIndex].text)
        case "deny":
            action = readDeny(arguments).map { .deny(status: $0) }
        case "return":
            action = readReturn(arguments).map { .returnResponse($0) }
        default:
            action = readRedirect(statement, arguments).map { .redirect($0) }
        }
        guard let action else { return }
        draft.httpRequestRules.append(HTTPRequestRule(action: action, condition: condition, origin: declared(statement)))
    }

    /// `http-response set-header|add-header|del-header … [if|unless CONDITION]`.
    mutating func readHTTPResponse(_ statement: Statement, into draft: inout ProxyDraft) {
        guard let (actionToken, arguments, condition) = readRule(statement, actions: Self.responseActions, unsupported: HAProxyVocabulary.httpResponseActions)
        else { return }
        let action: HTTPResponseAction
        switch actionToken.text {
        case "set-header", "add-header":
            guard let (name, value) = headerArguments(statement, arguments) else { return }
            action = actionToken.text == "set-header" ? .setHeader(name: name, value: value) : .addHeader(name: name, value: value)
        default:
            guard let name = deleteHeaderArgument(statement, arguments) else { return }
            action = .deleteHeader(name: name)
        }
        draft.httpResponseRules.append(HTTPResponseRule(action: action, condition: condition, origin: declared(statement)))
    }

    /// The action word, its arguments and the condition of an `http-request` / `http-response` line.
    private mutating func readRule(
        _ statement: Statement,
        actions: [String],
        unsupported: Set<String>
    ) -> (Token, ArraySlice<Token>, Condition?)? {
        let keyword = statement.keyword.text
        guard let actionToken = statement.arguments.first else {
            report(.missingArgument, "'\(keyword)' expects an action", at: statement.location,
                   help: "actions: \(actions.joined(separator: ", "))")
            return nil
        }
        guard actions.contains(actionToken.text) else {
            reportUnrecognized(
                actionToken, kind: "\(keyword) action", context: "", candidates: actions,
                unsupported: unsupported.union(Self.prefixedActions(unsupported)),
                extraHelp: "supported actions: \(actions.joined(separator: ", "))"
            )
            return nil
        }
        guard let (arguments, condition) = splitCondition(statement.words.dropFirst(2)) else { return nil }
        return (actionToken, arguments, condition)
    }

    /// `set-var(txn.x)` and `track-sc0` style actions are listed by their base name.
    private static func prefixedActions(_ actions: Set<String>) -> Set<String> {
        Set(actions.map { baseName($0) })
    }

    private mutating func headerArguments(_ statement: Statement, _ arguments: ArraySlice<Token>) -> (String, String)? {
        let usage = "\(statement.keyword.text) \(statement.words[1].text) NAME VALUE [if|unless CONDITION]"
        guard arguments.count == 2 else {
            reportRuleArity(statement, arguments, expected: 2, usage: usage)
            return nil
        }
        let name = arguments[arguments.startIndex]
        guard checkHeaderName(name.text, at: name) else { return nil }
        return (name.text, arguments[arguments.startIndex + 1].text)
    }

    private mutating func deleteHeaderArgument(_ statement: Statement, _ arguments: ArraySlice<Token>) -> String? {
        let usage = "\(statement.keyword.text) del-header NAME [if|unless CONDITION]"
        if arguments.count > 1, arguments[arguments.startIndex + 1].text == "-m" {
            report(.unsupportedKeyword, "'del-header … -m' is not supported by ferry yet", at: arguments[arguments.startIndex + 1].location)
            return nil
        }
        guard arguments.count == 1 else {
            reportRuleArity(statement, arguments, expected: 1, usage: usage)
            return nil
        }
        let name = arguments[arguments.startIndex]
        return checkHeaderName(name.text, at: name) ? name.text : nil
    }

    private mutating func reportRuleArity(_ statement: Statement, _ arguments: ArraySlice<Token>, expected: Int, usage: String) {
        if arguments.count < expected {
            let action = statement.words[1]
            report(.missingArgument, "'\(statement.keyword.text) \(action.text)' expects \(expected == 1 ? "1 argument" : "\(expected) arguments")",
                   at: statement.keyword.location(through: arguments.last ?? action), help: "usage: \(usage)")
        } else {
            let extra = arguments[arguments.startIndex + expected]
            report(.unexpectedArgument, "unexpected argument '\(extra.text)'", at: extra.location(through: arguments[arguments.endIndex - 1]),
                   help: "usage: \(usage); quote a value that contains spaces")
        }
    }

    /// `deny [deny_status N]`.
    private mutating func readDeny(_ arguments: ArraySlice<Token>) -> Int? {
        guard let first = arguments.first else { return 403 }
        guard first.text == "deny_status" else {
            if ["status", "content-type", "string", "lf-string", "file", "lf-file", "errorfile", "errorfiles", "hdr"].contains(first.text) {
                report(.unsupportedKeyword, "'http-request deny \(first.text)' is not supported by ferry yet", at: first.location,
                       help: "use `deny_status N`, or `http-request return` for a custom response")
            } else {
                reportInvalidChoice(first, what: "'http-request deny' argument", choices: ["deny_status"])
            }
            return nil
        }
        guard arguments.count == 2 else {
            report(arguments.count < 2 ? .missingArgument : .unexpectedArgument,
                   arguments.count < 2 ? "'deny_status' expects a status code" : "unexpected argument after 'deny_status'",
                   at: arguments[arguments.endIndex - 1].location)
            return nil
        }
        return status(arguments[arguments.startIndex + 1], allowed: Self.denyStatuses, what: "deny_status")
    }

    /// `return [status N] [content-type TYPE] [string TEXT]`.
    private mutating func readReturn(_ arguments: ArraySlice<Token>) -> HTTPReturn? {
        var response = HTTPReturn()
        var bodyToken: Token?
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let word = arguments[index]
            guard ["status", "content-type", "string"].contains(word.text) else {
                if ["lf-string", "file", "lf-file", "errorfile", "errorfiles", "hdr", "default-errorfiles"].contains(word.text) {
                    report(.unsupportedKeyword, "'http-request return \(word.text)' is not supported by ferry yet", at: word.location)
                } else {
                    reportInvalidChoice(word, what: "'http-request return' argument", choices: ["status", "content-type", "string"])
                }
                return nil
            }
            guard index + 1 < arguments.endIndex else {
                report(.missingArgument, "'\(word.text)' expects a value", at: word.location)
                return nil
            }
            let value = arguments[index + 1]
            switch word.text {
            case "status":
                guard let code = status(value, allowed: Array(200...599), what: "return status") else { return nil }
                response.status = code
            case "content-type": response.contentType = value.text
            default:
                response.body = value.text
                bodyToken = word
            }
            index += 2
        }
        if let bodyToken, response.contentType == nil {
            report(.missingArgument, "'http-request return … string' needs a content-type", at: bodyToken.location,
                   help: "add `content-type text/plain` before `string`")
            return nil
        }
        return response
    }

    /// `redirect location|prefix|scheme TARGET [code N] [drop-query] [append-slash]`, options in any order.
    private mutating func readRedirect(_ statement: Statement, _ arguments: ArraySlice<Token>) -> Redirect? {
        let usage = "http-request redirect location|prefix|scheme TARGET [code N] [drop-query] [append-slash]"
        var target: (kind: Redirect.Kind, value: String)?
        var code = 302
        var dropQuery = false
        var appendSlash = false
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let word = arguments[index]
            switch word.text {
            case "drop-query": dropQuery = true
            case "append-slash": appendSlash = true
            case "code", "location", "prefix", "scheme":
                guard index + 1 < arguments.endIndex else {
                    report(.missingArgument, "'\(word.text)' expects a value", at: word.location, help: "usage: \(usage)")
                    return nil
                }
                let value = arguments[index + 1]
                if word.text == "code" {
                    guard let status = status(value, allowed: Self.redirectCodes, what: "redirect code") else { return nil }
                    code = status
                } else {
                    if target != nil {
                        report(.conflictingSettings, "a redirect has one target; '\(word.text)' is a second one", at: word.location, help: "usage: \(usage)")
                        return nil
                    }
                    target = (Redirect.Kind(rawValue: word.text) ?? .location, value.text)
                }
                index += 1
            case "set-cookie", "clear-cookie", "ignore-empty":
                report(.unsupportedKeyword, "'redirect … \(word.text)' is not supported by ferry yet", at: word.location)
                return nil
            default:
                reportInvalidChoice(word, what: "redirect argument", choices: ["location", "prefix", "scheme", "code", "drop-query", "append-slash"])
                return nil
            }
            index += 1
        }
        guard let target else {
            report(.missingArgument, "'http-request redirect' expects location, prefix or scheme", at: statement.location, help: "usage: \(usage)")
            return nil
        }
        return Redirect(kind: target.kind, target: target.value, code: code, dropQuery: dropQuery, appendSlash: appendSlash)
    }

    /// An HTTP status code from a fixed list.
    mutating func status(_ token: Token, allowed: [Int], what: String) -> Int? {
        guard let value = Numbers.parseDecimal(token.text), allowed.contains(value) else {
            let list = allowed.count > 20 ? "\(allowed[0]) to \(allowed[allowed.count - 1])" : allowed.map(String.init).joined(separator: ", ")
            report(.invalidStatus, "invalid \(what) '\(token.text)'", at: token.location, help: "expected one of: \(list)")
            return nil
        }
        return value
    }
}
