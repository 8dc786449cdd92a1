import FerryDiagnostics
import FerryModel

extension ConfigReader {
    /// Reads `log global` (proxies only) or `log ADDRESS [len N] [format F] FACILITY [LEVEL [MINLEVEL]]`.
    mutating func readLog(_ statement: Statement, allowGlobal: Bool) -> LogTarget? {
        let usage = (allowGlobal ? ProxyKeywords.rules["log"]?.usage : GlobalKeywords.usage["log"]) ?? "log …"
        let words = Array(statement.arguments)
        guard !words.isEmpty else {
            _ = expectArguments(statement, 1...1, usage: usage)
            return nil
        }
        if words[0].text == "global" {
            guard allowGlobal else {
                report(.invalidValue, "'log global' only makes sense in a proxy section", at: words[0].location)
                return nil
            }
            return expectArguments(statement, 1...1, usage: usage) ? .global : nil
        }
        guard let address = parse(words[0], Self.logAddress) else { return nil }
        var destination = LogDestination(address: address, facility: "")
        var index = 1
        while index < words.count, ["len", "format", "sample"].contains(words[index].text) {
            let option = words[index]
            guard index + 1 < words.count else {
                report(.missingArgument, "'log' option '\(option.text)' expects a value", at: option.location, help: "usage: \(usage)")
                return nil
            }
            let value = words[index + 1]
            switch option.text {
            case "len":
                guard let length = integer(value, in: 80...65_535, what: "log len") else { return nil }
                destination.maximumLength = length
            case "format":
                guard LogDestination.formats.contains(value.text) else {
                    reportInvalidChoice(value, what: "log format", choices: LogDestination.formats)
                    return nil
                }
                destination.format = value.text
            default:
                report(.unsupportedKeyword, "'log … sample' is not supported by ferry yet", at: option.location)
                return nil
            }
            index += 2
        }
        guard index < words.count else {
            report(.missingArgument, "'log' expects a facility after the address", at: statement.location, help: "usage: \(usage)")
            return nil
        }
        let levels = words[index...].dropFirst()
        guard LogDestination.facilities.contains(words[index].text) else {
            reportInvalidChoice(words[index], what: "syslog facility", choices: LogDestination.facilities)
            return nil
        }
        destination.facility = words[index].text
        guard levels.count <= 2 else {
            _ = expectArguments(statement, 0...(index + 3), usage: usage)
            return nil
        }
        for (offset, level) in levels.enumerated() {
            guard LogDestination.levels.contains(level.text) else {
                reportInvalidChoice(level, what: "log level", choices: LogDestination.levels)
                return nil
            }
            if offset == 0 { destination.level = level.text } else { destination.minimumLevel = level.text }
        }
        return .remote(destination)
    }

    /// Reports a word that is not one of a fixed set of choices, with a did-you-mean.
    mutating func reportInvalidChoice(_ token: Token, what: String, choices: [String]) {
        let suggestion = DidYouMean.suggestion(for: token.text, among: choices)
        report(
            .invalidValue, "invalid \(what) '\(token.text)'", at: token.location,
            help: suggestion.map { "did you mean '\($0)'?" } ?? "expected one of: \(choices.joined(separator: ", "))"
        )
    }

    private static func logAddress(_ text: String) throws(ValueProblem) -> LogDestination.Address {
        switch text {
        case "stdout": return .stdout
        case "stderr": return .stderr
        default: break
        }
        if text.hasPrefix("/") { return .unixSocket(text) }
        if text.hasPrefix("unix@") { return .unixSocket(String(text.dropFirst(5))) }
        if text.hasPrefix("fd@") || text.hasPrefix("ring@") {
            throw ValueProblem(.unsupportedKeyword, "log target '\(text)' is not supported by ferry yet", help: "log to stdout or stderr instead")
        }
        var rest = text
        var tcp = false
        for prefix in ["udp@", "udp4@", "udp6@", "ipv4@", "ipv6@"] where rest.hasPrefix(prefix) {
            rest = String(rest.dropFirst(prefix.count))
        }
        if rest.hasPrefix("tcp@") {
            tcp = true
            rest = String(rest.dropFirst(4))
        }
        let address = try AddressParser.serverAddress(rest)
        guard case .tcp(let host, let portSpec) = address else {
            throw ValueProblem(.invalidAddress, "invalid log address '\(text)'")
        }
        let port: Int
        switch portSpec {
        case .fixed(let value): port = value
        case .sameAsClient: port = 514
        case .offset: throw ValueProblem(.invalidAddress, "invalid log address '\(text)'")
        }
        let hostText = switch host {
        case .ipv4(let value), .ipv6(let value), .name(let value): value
        case .anyIPv4, .anyIPv6: "*"
        }
        return tcp ? .tcp(host: hostText, port: port) : .udp(host: hostText, port: port)
    }
}
