import FerryModel

/// Writes model values back in HAProxy configuration syntax, for plans and converted configs.
public enum ConfigText {
    /// A word as it must be written so that the lexer reads it back unchanged: bare when it can be, else in
    /// double quotes with `"`, `\` and `$` escaped.
    public static func quote(_ word: String) -> String {
        let needsQuotes = word.utf8.contains { byte in
            byte < 0x21 || byte == 0x7F || byte == UInt8(ascii: "#") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
                || byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "$")
        }
        guard word.isEmpty || needsQuotes else { return word }
        return doubleQuoted(word, escapingDollar: true)
    }

    /// `text` in double quotes with the escapes HAProxy's and YAML's double quotes share (`\"`, `\\`, `\n`, `\r`,
    /// `\t`, `\xHH`); `escapingDollar` adds `\$`, which HAProxy needs to keep `$` from expanding.
    static func doubleQuoted(_ text: String, escapingDollar: Bool) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "$" where escapingDollar: result += "\\$"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let hex = String(scalar.value, radix: 16)
                result += "\\x" + (hex.count == 1 ? "0" + hex : hex)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    public static func time(_ duration: Duration?) -> String {
        duration.map(TimeValue.format) ?? "none"
    }

    public static func balance(_ algorithm: BalanceAlgorithm) -> String {
        switch algorithm {
        case .roundRobin: return "roundrobin"
        case .staticRoundRobin: return "static-rr"
        case .leastConnections: return "leastconn"
        case .first: return "first"
        case .source: return "source"
        case .uri(let options):
            var words = ["uri"]
            if options.whole { words.append("whole") }
            if options.pathOnly { words.append("path-only") }
            if let length = options.length { words += ["len", String(length)] }
            if let depth = options.depth { words += ["depth", String(depth)] }
            return words.joined(separator: " ")
        case .urlParameter(let name): return "url_param \(quote(name))"
        case .header(let name, let domainOnly): return "hdr(\(name))" + (domainOnly ? " use_domain_only" : "")
        case .random(let draws): return draws == 2 ? "random" : "random(\(draws))"
        }
    }

    public static func hashType(_ hashType: HashType) -> String {
        "\(hashType.method.rawValue) \(hashType.function.rawValue)" + (hashType.avalanche ? " avalanche" : "")
    }

    /// The ACL keyword and flags of a criterion, e.g. `path_beg -i` or `hdr(host) -m dom`.
    public static func criterion(_ criterion: ACLCriterion) -> String {
        var words: [String] = []
        let (base, argument, defaultMatch, suffixable): (String, String?, ACLMatch, Bool) = switch criterion.fetch {
        case .path: ("path", nil, .string, true)
        case .query: ("query", nil, .string, false)
        case .method: ("method", nil, .string, false)
        case .source: ("src", nil, .ip, false)
        case .destinationPort: ("dst_port", nil, .integer, false)
        case .header(let name): ("hdr", name, .string, true)
        case .urlParameter(let name): ("url_param", name, .string, false)
        case .constant(let value): (value ? "always_true" : "always_false", nil, .found, false)
        }
        let suffixes: [ACLMatch: String] = [
            .prefix: "_beg", .suffix: "_end", .substring: "_sub", .regex: "_reg", .directory: "_dir", .domain: "_dom", .length: "_len",
        ]
        let parenthesized = argument.map { "(\($0))" } ?? ""
        if criterion.match == defaultMatch {
            words.append(base + parenthesized)
        } else if suffixable, let suffix = suffixes[criterion.match] {
            words.append(base + suffix + parenthesized)
        } else {
            words += [base + parenthesized, "-m", criterion.match.rawValue]
        }
        if criterion.ignoresCase { words.append("-i") }
        words += criterion.patterns.map { quote($0.description) }
        if criterion.patterns.isEmpty, criterion.match != .found { words.append("--") }
        return words.joined(separator: " ")
    }

    public static func condition(_ condition: Condition?) -> String? {
        guard let condition else { return nil }
        let body = condition.alternatives.map { terms in
            terms.map { term -> String in
                let text = switch term.reference {
                case .named(let name): name
                case .anonymous(let criterion, _): "{ \(Self.criterion(criterion)) }"
                }
                return (term.negated ? "!" : "") + text
            }.joined(separator: " ")
        }.joined(separator: " || ")
        return "\(condition.polarity.rawValue) \(body)"
    }

    public static func requestAction(_ action: HTTPRequestAction) -> String {
        switch action {
        case .setHeader(let name, let value): "set-header \(name) \(quote(value))"
        case .addHeader(let name, let value): "add-header \(name) \(quote(value))"
        case .deleteHeader(let name): "del-header \(name)"
        case .setPath(let path): "set-path \(quote(path))"
        case .deny(let status): status == 403 ? "deny" : "deny deny_status \(status)"
        case .returnResponse(let response):
            (["return", "status", String(response.status)]
                + (response.contentType.map { ["content-type", quote($0)] } ?? [])
                + (response.body.map { ["string", quote($0)] } ?? [])).joined(separator: " ")
        case .redirect(let redirect):
            (["redirect", redirect.kind.rawValue, quote(redirect.target)]
                + (redirect.code == 302 ? [] : ["code", String(redirect.code)])
                + (redirect.dropQuery ? ["drop-query"] : []) + (redirect.appendSlash ? ["append-slash"] : [])).joined(separator: " ")
        }
    }

    public static func responseAction(_ action: HTTPResponseAction) -> String {
        switch action {
        case .setHeader(let name, let value): "set-header \(name) \(quote(value))"
        case .addHeader(let name, let value): "add-header \(name) \(quote(value))"
        case .deleteHeader(let name): "del-header \(name)"
        }
    }

    public static func cookie(_ cookie: CookiePersistence) -> String {
        var words = [quote(cookie.name)]
        if cookie.mode != .passive { words.append(cookie.mode.rawValue) }
        if cookie.indirect { words.append("indirect") }
        if cookie.noCache { words.append("nocache") }
        if cookie.httpOnly { words.append("httponly") }
        if cookie.secure { words.append("secure") }
        return words.joined(separator: " ")
    }

    public static func logTarget(_ target: LogTarget) -> String {
        guard case .remote(let destination) = target else { return "global" }
        var words: [String] = switch destination.address {
        case .stdout: ["stdout"]
        case .stderr: ["stderr"]
        case .unixSocket(let path): [path]
        case .udp(let host, let port): ["\(host.contains(":") ? "[\(host)]" : host):\(port)"]
        case .tcp(let host, let port): ["tcp@\(host.contains(":") ? "[\(host)]" : host):\(port)"]
        }
        if let length = destination.maximumLength { words += ["len", String(length)] }
        if let format = destination.format { words += ["format", format] }
        words.append(destination.facility)
        if let level = destination.level { words.append(level) }
        if let minimum = destination.minimumLevel { words.append(minimum) }
        return words.joined(separator: " ")
    }
}
