import FerryDiagnostics
import FerryModel

extension ConfigReader {
    /// `server NAME ADDRESS [OPTIONS…]`.
    mutating func readServer(_ statement: Statement, rule: KeywordRule, into draft: inout ProxyDraft) {
        guard expectArguments(statement, 2...Int.max, usage: rule.usage) else { return }
        let words = statement.words
        let validName = checkName(words[1], what: "server name")
        let address = parseAddress(words[2], AddressParser.serverAddress)
        // Options are checked even when the name or address is bad, so that one run shows every problem.
        let settings = readServerOptions(words.dropFirst(3), defaultServer: false)
        guard validName, let address else { return }
        draft.servers.append(ServerDraft(name: words[1], address: address, settings: settings, defaults: draft.defaultServer))
    }

    /// The options of a `server` or `default-server` line. Invalid options are reported and left unset; reading stops
    /// at an unknown option, since its arguments cannot be told from the next option.
    mutating func readServerOptions(_ words: ArraySlice<Token>, defaultServer: Bool) -> ServerSettingsDraft {
        var settings = ServerSettingsDraft()
        var reportedTLS = false
        var index = words.startIndex
        while index < words.endIndex {
            let option = words[index]
            let value: Token? = index + 1 < words.endIndex ? words[index + 1] : nil
            let origin = declared(option, through: value)
            let flagOrigin = declared(option)
            var consumed = 1
            switch option.text {
            case "check": settings.check = Sourced(true, flagOrigin)
            case "no-check": settings.check = Sourced(false, flagOrigin)
            case "backup": settings.backup = Sourced(true, flagOrigin)
            case "no-backup": settings.backup = Sourced(false, flagOrigin)
            case "disabled": settings.disabled = Sourced(true, flagOrigin)
            case "send-proxy": settings.sendProxy = Sourced(true, flagOrigin)
            case "no-send-proxy": settings.sendProxy = Sourced(false, flagOrigin)
            case "inter", "fastinter", "downinter", "slowstart":
                consumed = 2
                guard let value, let time = serverTime(value, option: option.text) else { break }
                switch option.text {
                case "inter": settings.interval = Sourced(time, origin)
                case "fastinter": settings.fastInterval = Sourced(time, origin)
                case "downinter": settings.downInterval = Sourced(time, origin)
                default: settings.slowStart = Sourced(time == .zero ? nil : time, origin)
                }
            case "rise", "fall", "weight", "maxconn", "maxqueue", "port":
                consumed = 2
                guard let value, let number = serverInteger(value, option: option.text) else { break }
                switch option.text {
                case "rise": settings.rise = Sourced(number, origin)
                case "fall": settings.fall = Sourced(number, origin)
                case "weight": settings.weight = Sourced(number, origin)
                // HAProxy reads 0 as "no limit" for both.
                case "maxconn": settings.maxConnections = Sourced(number == 0 ? nil : number, origin)
                case "maxqueue": settings.maxQueue = Sourced(number == 0 ? nil : number, origin)
                default: settings.checkPort = Sourced(number, origin)
                }
            case "cookie":
                consumed = 2
                guard let value else { break }
                settings.cookie = Sourced(value.text, origin)
            default:
                guard let arity = HAProxyVocabulary.serverOptions[option.text] else {
                    let suggestion = DidYouMean.suggestion(for: option.text, among: Self.serverOptionNames)
                    report(
                        .unknownArgument, "unknown \(defaultServer ? "default-server" : "server") option '\(option.text)'",
                        at: option.location,
                        help: suggestion.map { "did you mean '\($0)'?" }
                            ?? "supported options: \(Self.serverOptionNames.sorted().joined(separator: ", "))"
                    )
                    return settings
                }
                consumed = 1 + arity
                reportUnsupportedOption(
                    option, through: words[min(index + arity, words.endIndex - 1)], of: "server", reportedTLS: &reportedTLS,
                    tlsMessage: "TLS to servers", tlsHelp: nil
                )
            }
            if consumed == 2, value == nil {
                report(.missingArgument, "server option '\(option.text)' expects a value", at: option.location)
                return settings
            }
            index += consumed
        }
        return settings
    }

    private static let serverOptionNames = [
        "check", "no-check", "inter", "fastinter", "downinter", "rise", "fall", "weight", "backup", "no-backup",
        "maxconn", "maxqueue", "disabled", "cookie", "slowstart", "send-proxy", "no-send-proxy", "port",
    ]

    private mutating func serverInteger(_ token: Token, option: String) -> Int? {
        let range = switch option {
        case "rise", "fall": 1...1_000
        case "weight": 0...256
        case "port": 1...65_535
        default: 0...10_000_000
        }
        return integer(token, in: range, what: "'\(option)'")
    }

    private mutating func serverTime(_ token: Token, option: String) -> Duration? {
        guard let time = time(token, what: "'\(option)'") else { return nil }
        if option != "slowstart", time == .zero {
            report(.valueOutOfRange, "'\(option)' must be greater than 0", at: token.location)
            return nil
        }
        return time
    }
}
