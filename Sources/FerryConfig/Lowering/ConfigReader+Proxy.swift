import FerryDiagnostics
import FerryModel

extension ConfigReader {
    /// Reads a defaults, frontend, backend or listen section. Returns `nil` when the header is unusable (no name).
    mutating func readProxy(_ section: SectionSyntax) -> ProxyDraft? {
        guard var draft = readProxyHeader(section) else { return nil }
        for statement in section.statements {
            readProxyStatement(statement, into: &draft)
        }
        return draft
    }

    private mutating func readProxyHeader(_ section: SectionSyntax) -> ProxyDraft? {
        let header = section.header
        var words = Array(header.arguments)
        var name: Token?
        if let first = words.first, !(section.kind == .defaults && first.text == "from") {
            name = first
            words.removeFirst()
        }
        var from: Token?
        if let word = words.first, word.text == "from" {
            guard words.count >= 2 else {
                report(.missingArgument, "'from' expects the name of a defaults section", at: word.location)
                return nil
            }
            from = words[1]
            words.removeFirst(2)
        }
        if let extra = words.first {
            let last = words[words.count - 1]
            if section.kind == .listen || section.kind == .frontend, from == nil, name != nil {
                report(
                    .removedKeyword, "'\(section.kind.rawValue) NAME ADDRESS' was removed from HAProxy",
                    at: extra.location(through: last), help: "declare the address on its own line: `bind \(extra.text)`"
                )
            } else {
                report(
                    .unexpectedArgument, "unexpected '\(extra.text)' after the \(section.kind.rawValue) section name",
                    at: extra.location(through: last),
                    help: "usage: \(section.kind.rawValue) \(section.kind == .defaults ? "[NAME]" : "NAME") [from DEFAULTS]"
                )
            }
        }
        if let name {
            // A bad name is reported, but the section is still read so that its references resolve.
            _ = checkName(name, what: "\(section.kind.rawValue) name")
        } else if section.kind != .defaults {
            report(
                .missingSectionName, "\(section.kind.rawValue) section needs a name", at: header.keyword.location,
                help: "usage: \(section.kind.rawValue) NAME"
            )
            return nil
        }
        var draft = ProxyDraft(kind: section.kind, name: name, header: header, from: from)
        // An address on the header line was meant as a bind: no "has no bind" warning on top of the error.
        if section.kind == .listen || section.kind == .frontend, !words.isEmpty { draft.rejected.insert("bind") }
        return draft
    }

    /// Proxy, server and ACL names: letters, digits, `-`, `_`, `.` and `:` (HAProxy's rule).
    mutating func checkName(_ token: Token, what: String) -> Bool {
        let isAllowed: (UInt8) -> Bool = { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: ":"): true
            default: false
            }
        }
        guard token.text.isEmpty || !token.text.utf8.allSatisfy(isAllowed) else { return true }
        let bad = token.text.unicodeScalars.first { !($0.isASCII && isAllowed(UInt8($0.value))) }
        let reason = bad.map { "character '\($0.escaped(asASCII: true))' is not allowed" } ?? "it is empty"
        report(
            .invalidName, "invalid \(what) '\(token.text)': \(reason)", at: token.location,
            help: "names use letters, digits, '-', '_', '.' and ':'"
        )
        return false
    }

    private mutating func readProxyStatement(_ statement: Statement, into draft: inout ProxyDraft) {
        if statement.isIncomplete {
            draft.rejected.insert(Self.settingKey(statement))
            if statement.keyword.text == "acl", statement.words.count > 1 {
                declareFailedACL(statement.words[1], origin: declared(statement), into: &draft)
            }
            return
        }
        let errors = diagnostics.errorCount
        readProxyStatementChecked(statement, into: &draft)
        if diagnostics.errorCount > errors {
            draft.rejected.insert(Self.settingKey(statement))
        }
    }

    /// What a statement configures, for the settings whose lines were rejected: `bind`, `server`,
    /// `timeout connect`… Removed keywords count as the settings that replaced them.
    static func settingKey(_ statement: Statement) -> String {
        let words = statement.words.map(\.text)
        switch words[0] {
        case "timeout" where words.count > 1: return "timeout \(words[1])"
        case "contimeout": return "timeout connect"
        case "clitimeout": return "timeout client"
        case "srvtimeout": return "timeout server"
        case "server-template": return "server"
        default: return words[0]
        }
    }

    private mutating func readProxyStatementChecked(_ statement: Statement, into draft: inout ProxyDraft) {
        let keyword = statement.keyword
        guard let rule = ProxyKeywords.rules[keyword.text] else {
            reportUnknownProxyKeyword(keyword, in: draft)
            return
        }
        guard rule.sections.contains(draft.kind) else {
            reportNotAllowed(keyword, rule: rule, in: draft.kind)
            return
        }
        if let proxyKind = draft.proxyKind, !rule.capability.isAvailable(in: proxyKind) {
            // HAProxy ignores such settings with a warning; check them anyway, then drop them.
            reportIgnored(statement.keyword, statement: statement, in: draft, needs: rule.capability)
            var scratch = draft
            dispatch(statement, rule: rule, into: &scratch)
            return
        }
        dispatch(statement, rule: rule, into: &draft)
    }

    private mutating func dispatch(_ statement: Statement, rule: KeywordRule, into draft: inout ProxyDraft) {
        let arguments = Array(statement.arguments)
        switch statement.keyword.text {
        case "mode":
            guard expectArguments(statement, 1...1, usage: rule.usage) else { return }
            guard let mode = ProxyMode(rawValue: arguments[0].text) else {
                if arguments[0].text == "health" {
                    report(.removedKeyword, "'mode health' was removed from HAProxy", at: arguments[0].location, help: "use `monitor-uri` in an http frontend")
                } else {
                    reportInvalidChoice(arguments[0], what: "mode", choices: ProxyMode.allCases.map(\.rawValue))
                }
                return
            }
            warnIfRepeated(draft.mode, statement)
            draft.mode = Sourced(mode, declared(statement))
        case "bind": readBind(statement, rule: rule, into: &draft)
        case "balance": readBalance(statement, rule: rule, into: &draft)
        case "hash-type": readHashType(statement, rule: rule, into: &draft)
        case "server": readServer(statement, rule: rule, into: &draft)
        case "default-server":
            draft.defaultServer = readServerOptions(statement.words.dropFirst(), defaultServer: true).over(draft.defaultServer)
        case "timeout": readTimeout(statement, into: &draft)
        case "maxconn":
            guard expectArguments(statement, 1...1, usage: rule.usage),
                  let value = integer(arguments[0], in: 1...10_000_000, what: "maxconn") else { return }
            warnIfRepeated(draft.maxConnections, statement)
            draft.maxConnections = Sourced(value, declared(statement))
        case "retries":
            guard expectArguments(statement, 1...1, usage: rule.usage),
                  let value = integer(arguments[0], in: 0...1_000, what: "retries") else { return }
            warnIfRepeated(draft.retries, statement)
            draft.retries = Sourced(value, declared(statement))
        case "option": readOption(statement, negated: false, into: &draft)
        case "no": readNo(statement, into: &draft)
        case "http-check": readHTTPCheck(statement, into: &draft)
        case "acl": readACL(statement, into: &draft)
        case "use_backend": readUseBackend(statement, rule: rule, into: &draft)
        case "default_backend":
            guard expectArguments(statement, 1...1, usage: rule.usage), checkBackendReference(arguments[0]) else { return }
            warnIfRepeated(draft.defaultBackend, statement)
            draft.defaultBackend = Sourced(arguments[0].text, declared(arguments[0]))
        case "http-request": readHTTPRequest(statement, into: &draft)
        case "http-response": readHTTPResponse(statement, into: &draft)
        case "cookie": readCookie(statement, rule: rule, into: &draft)
        case "stats": readStats(statement, into: &draft)
        case "monitor-uri":
            guard expectArguments(statement, 1...1, usage: rule.usage) else { return }
            warnIfRepeated(draft.monitorURI, statement)
            draft.monitorURI = Sourced(arguments[0].text, declared(statement))
        case "errorfile": readErrorFile(statement, rule: rule, into: &draft)
        case "log":
            if let target = readLog(statement, allowGlobal: true) {
                draft.logs.append(Sourced(target, declared(statement)))
            }
        case "description":
            guard expectArguments(statement, 1...Int.max, usage: rule.usage) else { return }
            warnIfRepeated(draft.description, statement)
            draft.description = Sourced(arguments.map(\.text).joined(separator: " "), declared(statement))
        case "disabled":
            guard expectArguments(statement, 0...0, usage: rule.usage) else { return }
            draft.disabled = Sourced(true, declared(statement))
        default:
            break
        }
    }

    /// `no option NAME` and `no log`.
    private mutating func readNo(_ statement: Statement, into draft: inout ProxyDraft) {
        let usage = "no option NAME | no log"
        guard let what = statement.arguments.first else {
            _ = expectArguments(statement, 1...1, usage: usage)
            return
        }
        switch what.text {
        case "option":
            readOption(statement, negated: true, into: &draft)
        case "log":
            guard expectArguments(statement, 1...1, usage: usage) else { return }
            draft.logs.removeAll()
            draft.clearsLogs = true
        default:
            report(.unknownArgument, "'no' applies to 'option' or 'log', not '\(what.text)'", at: what.location, help: "usage: \(usage)")
        }
    }

    /// `use_backend` and `default_backend` name a backend; a `%[…]` expression would pick it at run time.
    mutating func checkBackendReference(_ token: Token) -> Bool {
        guard token.text.contains("%[") else { return true }
        report(
            .unsupportedKeyword, "backend names computed at run time ('\(token.text)') are not supported by ferry yet",
            at: token.location, help: "write one `use_backend NAME if CONDITION` rule per backend"
        )
        return false
    }

    private mutating func reportUnknownProxyKeyword(_ keyword: Token, in draft: ProxyDraft) {
        if GlobalKeywords.usage[keyword.text] != nil || HAProxyVocabulary.globalKeywords.contains(keyword.text) {
            report(
                .keywordNotAllowed, "'\(keyword.text)' is not allowed in a \(draft.kind.rawValue) section",
                at: keyword.location, help: "it belongs in the global section"
            )
            return
        }
        let candidates = ProxyKeywords.rules.filter { $0.value.sections.contains(draft.kind) }.map(\.key)
        reportUnrecognized(
            keyword, kind: "keyword", context: "in \(draft.kind.rawValue) section",
            candidates: candidates + SectionKind.allCases.map(\.rawValue),
            unsupported: HAProxyVocabulary.proxyKeywords, removed: ProxyKeywords.removed,
            extraHelp: Self.proxyHelp[keyword.text]
        )
    }

    private mutating func reportNotAllowed(_ keyword: Token, rule: KeywordRule, in kind: SectionKind) {
        let allowed = SectionKind.allCases.filter(rule.sections.contains).map(\.rawValue)
        let help: String
        switch (keyword.text, kind) {
        case ("acl", .defaults), ("http-request", .defaults), ("http-response", .defaults):
            help = "declare it in each frontend, backend or listen section that needs it (rules in defaults sections are not supported by ferry yet)"
        case ("server", .frontend), ("default-server", .frontend):
            help = "servers belong in a backend (or listen) section; point the frontend at it with `default_backend`"
        case ("bind", .backend):
            help = "a backend does not accept connections; bind in a frontend whose `default_backend` is this backend"
        default:
            help = "allowed in: \(allowed.joined(separator: ", "))"
        }
        report(
            .keywordNotAllowed, "'\(keyword.text)' is not allowed in a \(kind.rawValue) section",
            at: keyword.location, help: help
        )
    }

    /// Warns about a setting that a proxy of this kind ignores, as HAProxy does.
    mutating func reportIgnored(_ keyword: Token, statement: Statement, in draft: ProxyDraft, needs capability: ProxyCapability) {
        let count = switch keyword.text {
        case "timeout", "option": 2
        case "no": 3
        default: 1
        }
        let name = statement.words.prefix(count).map(\.text).joined(separator: " ")
        let side = capability == .frontend ? "client side (frontend)" : "server side (backend)"
        report(
            .ignoredWithoutCapability,
            "'\(name)' is ignored in \(draft.kind.rawValue) '\(draft.name?.text ?? "")': it configures the \(side)",
            at: statement.location,
            help: capability == .frontend ? "move it to the frontend (or a listen section)" : "move it to the backend (or a listen section)"
        )
    }

    private static let proxyHelp: [String: String] = [
        "redirect": "use `http-request redirect`, which takes the same arguments",
        "tcp-request": "content inspection rules are not supported by ferry yet",
        "stick-table": "stick tables are not supported by ferry yet; use `cookie` persistence in http mode or `balance source`",
        "stick": "stick tables are not supported by ferry yet; use `cookie` persistence in http mode or `balance source`",
        "compression": "put compression in the application or a CDN for now",
        "capture": "`option httplog` logs the request line",
        "http-reuse": "ferry reuses server connections safely by default (http-reuse safe)",
        "server-template": "list the servers one per line",
    ]
}
