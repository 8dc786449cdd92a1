import FerryDiagnostics
import FerryModel

extension ConfigReader {
    /// `timeout KIND TIME`.
    mutating func readTimeout(_ statement: Statement, into draft: inout ProxyDraft) {
        let usage = "timeout \(TimeoutKind.allCases.map(\.rawValue).joined(separator: "|")) TIME"
        guard let kindToken = statement.arguments.first else {
            _ = expectArguments(statement, 2...2, usage: usage)
            return
        }
        guard let kind = TimeoutKind(rawValue: kindToken.text) else {
            reportUnrecognized(
                kindToken, kind: "timeout", context: "", candidates: TimeoutKind.allCases.map(\.rawValue),
                unsupported: ["tarpit"]
            )
            return
        }
        guard expectArguments(statement, 1...1, skipping: 1, usage: "timeout \(kind.rawValue) TIME"),
              let value = time(statement.words[2], what: "timeout \(kind.rawValue)") else { return }
        if let proxyKind = draft.proxyKind, !kind.capability.isAvailable(in: proxyKind) {
            reportIgnored(statement.keyword, statement: statement, in: draft, needs: kind.capability)
            return
        }
        warnIfRepeated(draft.timeouts[kind], statement, name: "timeout \(kind.rawValue)")
        // Like HAProxy, 0 means no timeout.
        draft.timeouts[kind] = Sourced(value == .zero ? nil : value, declared(statement))
    }

    /// `option NAME [ARGUMENTS]`, or `no option NAME` when `negated` (then the statement starts with `no`).
    mutating func readOption(_ statement: Statement, negated: Bool, into draft: inout ProxyDraft) {
        let skip = negated ? 2 : 1
        let words = statement.words
        guard words.count > skip else {
            report(.missingArgument, "'\(negated ? "no option" : "option")' expects an option name", at: statement.location)
            return
        }
        let nameToken = words[skip]
        let name = nameToken.text
        let origin = declared(statement)
        if negated, Self.notNegatable.contains(name) {
            report(
                .invalidValue, "'no option \(name)' is not allowed: this option cannot be negated",
                at: statement.location, help: "HAProxy refuses it too; remove the line, or do not set the option in the defaults section"
            )
            return
        }
        if name == "httpchk" || name == "forwardfor" {
            if let proxyKind = draft.proxyKind, name == "httpchk", !ProxyCapability.backend.isAvailable(in: proxyKind) {
                reportIgnored(statement.keyword, statement: statement, in: draft, needs: .backend)
                return
            }
            if negated {
                guard expectArguments(statement, 0...0, skipping: skip, usage: "no option \(name)") else { return }
                if name == "httpchk" { draft.httpCheckRequest = Sourced(nil, origin) } else { draft.forwardFor = Sourced(nil, origin) }
            } else if name == "httpchk" {
                guard let request = readHTTPChkArguments(statement) else { return }
                warnIfRepeated(draft.httpCheckRequest, statement, name: "option httpchk")
                draft.httpCheckRequest = Sourced(request, origin)
            } else {
                guard let forwardFor = readForwardFor(statement) else { return }
                draft.forwardFor = Sourced(forwardFor, origin)
            }
            return
        }
        guard let option = ProxyOption(rawValue: name) else {
            reportUnrecognized(
                nameToken, kind: "option", context: "",
                candidates: ProxyOption.allCases.map(\.rawValue) + ["httpchk", "forwardfor"],
                unsupported: HAProxyVocabulary.options, removed: ProxyKeywords.removedOptions
            )
            return
        }
        let maximum = option == .httpLog || option == .redispatch ? 1 : 0
        guard expectArguments(statement, 0...maximum, skipping: skip, usage: "option \(name)") else { return }
        if words.count > skip + 1 {
            report(.unsupportedKeyword, "'option \(name) \(words[skip + 1].text)' is not supported by ferry yet", at: words[skip + 1].location)
            return
        }
        if let proxyKind = draft.proxyKind, !option.capability.isAvailable(in: proxyKind) {
            reportIgnored(statement.keyword, statement: statement, in: draft, needs: option.capability)
            return
        }
        draft.options[option] = Sourced(!negated, origin)
        // Options of one group exclude each other: as in HAProxy, the last one set wins.
        if !negated, let group = ProxyOption.exclusiveGroups.first(where: { $0.contains(option) }) {
            for other in group where other != option {
                if let previous = draft.options[other], previous.value, case .declared(let location) = previous.origin {
                    report(
                        .settingRepeated, "'option \(name)' overrides 'option \(other.rawValue)' set at \(location.fileAndLine)",
                        at: statement.location, notes: [Diagnostic.Note("set here", at: location.sourceLocation)],
                        help: "the two options exclude each other; keep one"
                    )
                }
                draft.options[other] = Sourced(false, origin)
            }
        }
    }

    /// Options HAProxy does not let `no option` clear.
    static let notNegatable: Set<String> = ["httplog", "tcplog", "forwardfor", "httpchk"]

    /// `option httpchk`, `option httpchk URI`, `option httpchk METHOD URI [VERSION]`.
    private mutating func readHTTPChkArguments(_ statement: Statement) -> HTTPCheckRequest? {
        guard expectArguments(statement, 0...3, skipping: 1, usage: "option httpchk [METHOD URI [VERSION]]") else { return nil }
        let words = statement.words.dropFirst(2).map(\.text)
        var request = HTTPCheckRequest()
        switch words.count {
        case 0: break
        case 1: request.uri = words[0]
        default:
            request.method = words[0]
            request.uri = words[1]
            if words.count == 3 { request.version = words[2] }
        }
        if request.version.contains("\r") || request.version.contains("\n") {
            report(
                .unsupportedKeyword, "headers hidden in the version of 'option httpchk' are not supported",
                at: statement.words[4].location, help: "add headers with `http-check send hdr NAME VALUE`"
            )
            return nil
        }
        return request
    }

    /// `option forwardfor [except NETWORK] [header NAME] [if-none]`.
    private mutating func readForwardFor(_ statement: Statement) -> ForwardFor? {
        var forwardFor = ForwardFor()
        let words = Array(statement.words.dropFirst(2))
        var index = 0
        while index < words.count {
            let word = words[index]
            switch word.text {
            case "if-none":
                forwardFor.ifNone = true
                index += 1
            case "except", "header":
                guard index + 1 < words.count else {
                    report(.missingArgument, "'option forwardfor \(word.text)' expects a value", at: word.location)
                    return nil
                }
                let value = words[index + 1]
                if word.text == "header" {
                    guard checkHeaderName(value.text, at: value) else { return nil }
                    forwardFor.header = value.text
                } else {
                    guard let network = parse(value, { text throws(ValueProblem) in try ACLPatterns.network(text) }) else { return nil }
                    forwardFor.except = network
                }
                index += 2
            default:
                reportInvalidChoice(word, what: "'option forwardfor' argument", choices: ["except", "header", "if-none"])
                return nil
            }
        }
        return forwardFor
    }
}

extension ConfigReader {
    /// Reports a header name with characters HTTP does not allow.
    mutating func checkHeaderName(_ name: String, at token: Token) -> Bool {
        guard !HTTPValues.isHeaderName(name) else { return true }
        report(
            .invalidHeaderName, "invalid header name '\(name)'", at: token.location,
            help: "header names use letters, digits and !#$%&'*+-.^_`|~ (no spaces or colons)"
        )
        return false
    }
}
