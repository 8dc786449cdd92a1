import FerryDiagnostics
import FerryModel

extension ConfigReader {
    /// TLS options of `bind` and `server`: reported once per line as "TLS is not supported yet".
    static let tlsOptions: Set<String> = [
        "ssl", "crt", "crt-list", "ca-file", "ca-ignore-err", "ca-sign-file", "ca-sign-pass", "ca-verify-file",
        "crl-file", "crt-ignore-err", "ciphers", "ciphersuites", "curves", "ecdhe", "alpn", "npn", "verify",
        "verifyhost", "sni", "allow-0rtt", "force-sslv3", "force-tlsv10", "force-tlsv11", "force-tlsv12",
        "force-tlsv13", "generate-certificates", "no-ca-names", "no-sslv3", "no-tls-tickets", "no-tlsv10",
        "no-tlsv11", "no-tlsv12", "no-tlsv13", "prefer-client-ciphers", "ssl-max-ver", "ssl-min-ver",
        "strict-sni", "tls-ticket-keys", "check-ssl", "check-sni", "check-alpn", "ssl-reuse", "no-ssl-reuse",
        "tls-tickets", "no-ssl", "send-proxy-v2-ssl", "send-proxy-v2-ssl-cn",
    ]

    /// `bind ADDRESS[,ADDRESS…] [name NAME] [accept-proxy]`.
    mutating func readBind(_ statement: Statement, rule: KeywordRule, into draft: inout ProxyDraft) {
        guard expectArguments(statement, 1...Int.max, usage: rule.usage) else { return }
        let words = statement.words
        let addressToken = words[1]
        guard let addresses = parseAddress(addressToken, AddressParser.bindAddresses) else { return }
        var name: String?
        var acceptProxy = false
        var reportedTLS = false
        var index = 2
        options: while index < words.count {
            let option = words[index]
            switch option.text {
            case "name":
                guard index + 1 < words.count else {
                    report(.missingArgument, "bind option 'name' expects a value", at: option.location)
                    break options
                }
                name = words[index + 1].text
                index += 2
                continue
            case "accept-proxy":
                acceptProxy = true
                index += 1
                continue
            default:
                break
            }
            guard let arity = HAProxyVocabulary.bindOptions[option.text] else {
                let candidates = ["name", "accept-proxy"] + HAProxyVocabulary.bindOptions.keys
                let suggestion = DidYouMean.suggestion(for: option.text, among: candidates)
                report(
                    .unknownArgument, "unknown bind option '\(option.text)'", at: option.location,
                    help: suggestion.map { "did you mean '\($0)'?" } ?? "supported bind options: name NAME, accept-proxy"
                )
                // Its arguments cannot be told from the next option: stop reading options here.
                break options
            }
            reportUnsupportedOption(
                option, through: words[min(index + arity, words.count - 1)], of: "bind", reportedTLS: &reportedTLS,
                tlsMessage: "TLS on bind", tlsHelp: "terminate TLS in front of ferry for now, or bind this frontend without ssl"
            )
            index += 1 + arity
        }
        // The bind is kept even with bad options, so that the frontend is not also reported as unbound.
        for address in addresses {
            draft.binds.append(Bind(address: address, name: name, acceptProxy: acceptProxy, origin: addressToken.configLocation))
        }
    }

    /// Reports a `bind` or `server` option that HAProxy has and Ferry does not support yet. TLS options are reported
    /// once per line: a line with `ssl crt … alpn …` has one problem, not three.
    mutating func reportUnsupportedOption(
        _ option: Token,
        through last: Token,
        of kind: String,
        reportedTLS: inout Bool,
        tlsMessage: String,
        tlsHelp: String?
    ) {
        guard Self.tlsOptions.contains(option.text) else {
            report(.unsupportedKeyword, "\(kind) option '\(option.text)' is not supported by ferry yet", at: option.location(through: last))
            return
        }
        guard !reportedTLS else { return }
        reportedTLS = true
        report(
            .unsupportedKeyword, "\(tlsMessage) ('\(option.text)') is not supported by ferry yet",
            at: option.location(through: last), help: tlsHelp
        )
    }

    /// Parses a `bind` or `server` address after expanding `$VAR` / `${VAR}` as HAProxy does for addresses.
    mutating func parseAddress<Value>(_ token: Token, _ body: (String) throws(ValueProblem) -> Value) -> Value? {
        let (text, unquotedUnset) = AddressParser.expandEnvironment(token.text, environment)
        let unset = token.unsetVariables + unquotedUnset
        do {
            return try body(text)
        } catch {
            var problem = error
            if !unset.isEmpty {
                let quoted = unset.map { "'\($0)'" }
                let names = quoted.count == 1 ? "variable \(quoted[0])" : "variables \(quoted.dropLast().joined(separator: ", ")) and \(quoted[quoted.count - 1])"
                if !unquotedUnset.isEmpty { problem.message += " (after expanding '\(token.text)')" }
                problem.help = "environment \(names) \(unset.count == 1 ? "is" : "are") not set"
            }
            report(problem, at: token)
            return nil
        }
    }
}
