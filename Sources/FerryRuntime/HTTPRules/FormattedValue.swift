import FerryModel
import NIOCore

/// A value written in a rule (`set-header` and `add-header` values, `set-path`, redirect targets): HAProxy's
/// log-format syntax, compiled once at start-up and rendered per request.
///
/// Supported: literal text, `%%` for a `%`, and `%[FETCH]` for the fetches Ferry knows: `src`, `dst_port`,
/// `path`, `query`, `method`, `hdr(NAME)` / `req.hdr(NAME)` (the last value, as HAProxy's sample fetch returns),
/// `url_param(NAME)` / `urlp(NAME)`. A fetch without a value renders as
/// `-`, as in HAProxy. Anything else (converters such as `%[src,ipmask(24)]`, unknown fetches, `%ci`-style
/// aliases, `%{…}` flags) is kept as written, since the configuration checker does not validate these yet.
struct FormattedValue: Sendable, Equatable {
    enum Part: Sendable, Equatable {
        case text(String)
        case fetch(SampleExpression)
    }

    let parts: [Part]

    init(_ format: String) {
        var parts: [Part] = []
        var text = ""
        var rest = Substring(format)
        while let percent = rest.firstIndex(of: "%") {
            text += rest[..<percent]
            let after = rest[rest.index(after: percent)...]
            if after.first == "%" {
                text += "%"
                rest = after.dropFirst()
            } else if after.first == "[", let close = after.firstIndex(of: "]"),
                      let expression = SampleExpression(after[after.index(after: after.startIndex)..<close]) {
                if !text.isEmpty { parts.append(.text(text)) }
                text = ""
                parts.append(.fetch(expression))
                rest = after[after.index(after: close)...]
            } else {
                text += "%"
                rest = after
            }
        }
        text += rest
        if !text.isEmpty || parts.isEmpty { parts.append(.text(text)) }
        self.parts = parts
    }

    /// The value when it has no fetch, so that rendering it costs nothing.
    var constant: String? {
        if parts.count == 1, case .text(let text) = parts[0] { return text }
        return nil
    }

    func render(_ samples: some SampleSource) -> String {
        if let constant { return constant }
        var result = ""
        for part in parts {
            switch part {
            case .text(let text): result += text
            case .fetch(let expression): result += expression.evaluate(samples) ?? "-"
            }
        }
        return result
    }
}

/// One `%[…]` fetch of a formatted value.
enum SampleExpression: Sendable, Equatable {
    case source
    case destinationPort
    /// A fetch that ACLs also use; the last of its values is the result.
    case last(ACLFetch)

    init?(_ text: Substring) {
        let text = text.trimmingSpaces
        if let open = text.firstIndex(of: "("), text.last == ")" {
            let name = text[..<open]
            let argument = String(text[text.index(after: open)..<text.index(before: text.endIndex)].trimmingSpaces)
            guard !argument.isEmpty, !argument.contains(","), !argument.contains(")") else { return nil }
            switch name {
            case "hdr", "req.hdr": self = .last(.header(HeadEdits.lowercased(argument)))
            case "url_param", "urlp": self = .last(.urlParameter(argument))
            default: return nil
            }
            return
        }
        switch text {
        case "src": self = .source
        case "dst_port": self = .destinationPort
        case "path": self = .last(.path)
        case "query": self = .last(.query)
        case "method": self = .last(.method)
        default: return nil
        }
    }

    func evaluate(_ samples: some SampleSource) -> String? {
        switch self {
        case .source:
            return samples.sourceAddress?.ipAddress
        case .destinationPort:
            return samples.destinationPort.map { String($0) }
        case .last(let fetch):
            return samples.values(of: fetch)?.last.map(String.init)
        }
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var text = self
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return text
    }
}
