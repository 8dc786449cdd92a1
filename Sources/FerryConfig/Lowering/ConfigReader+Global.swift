import FerryDiagnostics
import FerryModel

extension ConfigReader {
    /// Reads a `global` section into `settings` (several global sections add up; later values win).
    mutating func readGlobal(_ section: SectionSyntax, into settings: inout GlobalSettings) {
        if let extra = section.header.arguments.first {
            report(
                .unexpectedArgument, "the global section takes no name", at: extra.location(through: section.header.words[section.header.words.count - 1]),
                help: "write `global` alone on its line"
            )
        }
        for statement in section.statements where !statement.isIncomplete {
            readGlobalStatement(statement, into: &settings)
        }
    }

    private mutating func readGlobalStatement(_ statement: Statement, into settings: inout GlobalSettings) {
        let keyword = statement.keyword.text
        guard let usage = GlobalKeywords.usage[keyword] else {
            reportMisplacedOrUnknownGlobal(statement)
            return
        }
        let arguments = Array(statement.arguments)
        switch keyword {
        case "maxconn":
            guard expectArguments(statement, 1...1, usage: usage),
                  let value = integer(arguments[0], in: 1...10_000_000, what: "maxconn"),
                  keepsFirst(settings.maxConnections.origin, statement) else { return }
            settings.maxConnections = Sourced(value, declared(statement))
        case "nbthread":
            guard expectArguments(statement, 1...1, usage: usage),
                  let value = integer(arguments[0], in: 1...1_024, what: "nbthread") else { return }
            warnIfRepeated(settings.threads, statement)
            settings.threads = Sourced(value, declared(statement))
        case "pidfile":
            guard expectArguments(statement, 1...1, usage: usage), keepsFirst(settings.pidFile.origin, statement) else { return }
            settings.pidFile = Sourced(arguments[0].text, declared(statement))
        case "daemon":
            report(
                .ignoredKeyword, "'daemon' is ignored: ferry always runs in the foreground",
                at: statement.keyword.location,
                help: "let your init system or container runtime run ferry in the background"
            )
        case "hard-stop-after":
            guard expectArguments(statement, 1...1, usage: usage),
                  let value = time(arguments[0], what: "hard-stop-after") else { return }
            warnIfRepeated(settings.hardStopAfter, statement)
            settings.hardStopAfter = Sourced(value, declared(statement))
        case "tune.bufsize":
            guard expectArguments(statement, 1...1, usage: usage),
                  let value = parse(arguments[0], { text throws(ValueProblem) in
                      try Numbers.size(text, in: 1_024...(64 << 20), what: "tune.bufsize")
                  }) else { return }
            warnIfRepeated(settings.bufferSize, statement)
            settings.bufferSize = Sourced(value, declared(statement))
        case "log":
            if let target = readLog(statement, allowGlobal: false) {
                settings.logs.append(Sourced(target, declared(statement)))
            }
        case "stats":
            readStatsSocket(statement, into: &settings)
        default:
            break
        }
    }

    /// HAProxy keeps the first `maxconn` and `pidfile` of the global sections and ignores later ones (with an
    /// alert); Ferry does the same, with a warning. Returns whether the statement should be applied.
    private mutating func keepsFirst(_ origin: Origin, _ statement: Statement) -> Bool {
        guard case .declared(let location) = origin else { return true }
        report(
            .settingRepeated, "'\(statement.keyword.text)' is already set at \(location.fileAndLine); this line is ignored",
            at: statement.location, notes: [Diagnostic.Note("first set here", at: location.sourceLocation)],
            help: "as in HAProxy, the first global '\(statement.keyword.text)' wins; keep one of the two lines"
        )
        return false
    }

    private mutating func readStatsSocket(_ statement: Statement, into settings: inout GlobalSettings) {
        let words = statement.words
        guard words.count >= 2 else {
            report(.missingArgument, "'stats' expects 'socket ADDRESS'", at: statement.location, help: "usage: stats socket ADDRESS [OPTIONS…]")
            return
        }
        guard words[1].text == "socket" else {
            reportUnrecognized(
                words[1], kind: "global stats parameter", context: "in the global section",
                candidates: ["socket"], unsupported: ["timeout", "maxconn", "bind-process"]
            )
            return
        }
        guard expectArguments(statement, 1...Int.max, skipping: 1, usage: "stats socket ADDRESS [OPTIONS…]") else { return }
        var socket = StatsSocket(address: words[2].text)
        var index = 3
        while index < words.count {
            let option = words[index]
            guard let arity = HAProxyVocabulary.bindOptions[option.text] ?? (option.text == "name" ? 1 : nil) else {
                let suggestion = DidYouMean.suggestion(for: option.text, among: ["name"] + HAProxyVocabulary.bindOptions.keys)
                report(.unknownArgument, "unknown stats socket option '\(option.text)'", at: option.location,
                       help: suggestion.map { "did you mean '\($0)'?" } ?? "common options: mode, level, user, group, expose-fd")
                return
            }
            guard index + arity < words.count else {
                report(.missingArgument, "stats socket option '\(option.text)' expects a value", at: option.location)
                return
            }
            socket.options.append(StatsSocketOption(name: option.text, value: arity == 1 ? words[index + 1].text : nil))
            index += 1 + arity
        }
        settings.statsSockets.append(Sourced(socket, declared(statement)))
    }

    private mutating func reportMisplacedOrUnknownGlobal(_ statement: Statement) {
        let keyword = statement.keyword
        if ProxyKeywords.rules[keyword.text] != nil {
            report(
                .keywordNotAllowed, "'\(keyword.text)' is not allowed in the global section",
                at: keyword.location,
                help: "it belongs in a defaults, frontend, backend or listen section"
            )
            return
        }
        reportUnrecognized(
            keyword, kind: "keyword", context: "in the global section",
            candidates: Array(GlobalKeywords.usage.keys) + SectionKind.allCases.map(\.rawValue),
            unsupported: HAProxyVocabulary.globalKeywords, removed: GlobalKeywords.removed,
            extraHelp: Self.globalHelp[keyword.text]
        )
    }

    /// Why some common global keywords have no Ferry equivalent yet, and what to do instead.
    private static let globalHelp: [String: String] = [
        "user": "run ferry as the user you want (the container image runs as an unprivileged user)",
        "group": "run ferry as the group you want (the container image runs as an unprivileged user)",
        "uid": "run ferry as the user you want",
        "gid": "run ferry as the group you want",
        "chroot": "confine ferry with your container runtime or init system",
        "ulimit-n": "raise the file descriptor limit in the service manager or container runtime",
        "master-worker": "ferry runs a single process; reloads are done in place",
        "ssl-default-bind-ciphers": "TLS is not supported by ferry yet",
        "ssl-default-bind-options": "TLS is not supported by ferry yet",
        "tune.ssl.default-dh-param": "TLS is not supported by ferry yet",
    ]
}
