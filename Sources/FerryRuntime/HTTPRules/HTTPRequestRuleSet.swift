import FerryModel

/// The `http-request` rules of one proxy, compiled at start-up: conditions into matchers, formatted values into
/// parts, static responses into specs. Immutable and `Sendable`: build it once, share it with every event loop.
struct HTTPRequestRuleSet: Sendable {
    private let rules: [Rule]

    private struct Rule: Sendable {
        var condition: CompiledCondition?
        var action: Action
    }

    private enum Action: Sendable {
        case setHeader(name: String, lowercasedName: String, value: FormattedValue)
        case addHeader(name: String, lowercasedName: String, value: FormattedValue)
        case deleteHeader(lowercasedName: String)
        case setPath(FormattedValue)
        /// `deny` and `return`: the response does not depend on the request.
        case respond(HTTPResponseSpec)
        case redirect(RedirectRule)
    }

    /// - Parameter acls: the named ACLs of the proxy the rules belong to.
    init(rules: [HTTPRequestRule], acls: [ACL]) {
        self.rules = rules.map { rule in
            let action: Action = switch rule.action {
            case .setHeader(let name, let value):
                .setHeader(name: name, lowercasedName: HeadEdits.lowercased(name), value: FormattedValue(value))
            case .addHeader(let name, let value):
                .addHeader(name: name, lowercasedName: HeadEdits.lowercased(name), value: FormattedValue(value))
            case .deleteHeader(let name): .deleteHeader(lowercasedName: HeadEdits.lowercased(name))
            case .setPath(let path): .setPath(FormattedValue(path))
            case .deny(let status): .respond(.page(status: status))
            case .returnResponse(let response): .respond(.custom(response))
            case .redirect(let redirect): .redirect(RedirectRule(redirect))
            }
            return Rule(condition: rule.condition.map { CompiledCondition($0, acls: acls) }, action: action)
        }
    }

    /// Runs the rules in order, HAProxy style: header and path actions accumulate in `edits` (each rule sees the
    /// request as the earlier ones left it), and the first `deny`, `return` or `redirect` whose condition holds
    /// ends the evaluation with its response.
    ///
    /// A frontend's rules run first, then the chosen backend's, into the same `edits`. `samples` is built only when
    /// there are rules: most proxies have none, and this runs for every request.
    func evaluate(_ samples: @autoclosure () -> HTTPRequestSamples, into edits: inout HeadEdits) -> RuleVerdict {
        guard !rules.isEmpty else { return .continue }
        let samples = samples()
        for rule in rules {
            let current = EditedRequestSamples(request: samples, edits: edits)
            if let condition = rule.condition, !condition.holds(for: current) { continue }
            switch rule.action {
            case .setHeader(let name, let lowercasedName, let value):
                edits.setHeader(name, lowercasedName: lowercasedName, value.render(current))
            case .addHeader(let name, let lowercasedName, let value):
                edits.addHeader(name, lowercasedName: lowercasedName, value.render(current))
            case .deleteHeader(let lowercasedName):
                edits.deleteHeader(lowercasedName: lowercasedName)
            case .setPath(let path):
                edits.setPath(path.render(current))
            case .respond(let response):
                return .respond(response)
            case .redirect(let redirect):
                return .respond(.redirect(status: redirect.code, location: redirect.location(for: current)))
            }
        }
        return .continue
    }
}

/// `http-request redirect`, ready to build a `Location`.
struct RedirectRule: Sendable {
    let kind: Redirect.Kind
    let target: FormattedValue
    let code: Int
    let dropQuery: Bool
    let appendSlash: Bool

    init(_ redirect: Redirect) {
        kind = redirect.kind
        target = FormattedValue(redirect.target)
        code = redirect.code
        dropQuery = redirect.dropQuery
        appendSlash = redirect.appendSlash
    }

    /// The `Location`, as HAProxy builds it:
    /// * `location L`: L, as written (`drop-query` and `append-slash` do not apply);
    /// * `prefix P`: P then the path and query (the path only with `drop-query`); a prefix of exactly `/` adds
    ///   nothing, so that `prefix /` redirects to the same URL;
    /// * `scheme S`: `S://`, the `Host` field, then the path and query.
    ///
    /// A target without a path (`*`, authority form) counts as `/`. `append-slash` adds a `/` when the location
    /// does not end with one — after the query if one is kept, as HAProxy does (hence its pairing with
    /// `drop-query`).
    func location(for samples: EditedRequestSamples) -> String {
        if kind == .location { return target.render(samples) }
        let pathPart = (dropQuery ? samples.path : samples.pathAndQuery) ?? "/"
        var location: String
        if kind == .prefix {
            let prefix = target.render(samples)
            location = prefix == "/" ? String(pathPart) : prefix + pathPart
        } else {
            let host = samples.values(of: .header("host"))?.first ?? authority(samples.request) ?? ""
            location = target.render(samples) + "://" + host + pathPart
        }
        if appendSlash, location.last != "/" { location += "/" }
        return location
    }

    private func authority(_ request: HTTPRequestSamples) -> Substring? {
        guard let range = request.targetParts?.authority else { return nil }
        return request.buffer.withUnsafeReadableBytes { Substring(HTTPRuleBytes.string($0, range)) }
    }
}
