import FerryDiagnostics
import FerryModel

extension Validator {
    /// Settings that only mean something for HTTP traffic, in a proxy whose mode is tcp (HAProxy ignores them).
    static func checkHTTPOnlySettings(_ configuration: Configuration, _ context: ValidationContext, _ diagnostics: inout DiagnosticCollector) {
        var frontendAt: [ConfigLocation: Int] = [:]
        for index in configuration.frontends.indices { frontendAt[configuration.frontends[index].origin] = index }
        var backendAt: [ConfigLocation: Int] = [:]
        for index in configuration.backends.indices { backendAt[configuration.backends[index].origin] = index }
        forEachProxy(configuration) { proxy, backendRules in
            guard proxy.mode.value == .tcp, !context.wasRejected("mode", in: proxy) else { return }
            var findings: [(what: String, origin: Origin)] = []
            findings += proxy.httpRequestRules.map { ("'http-request \($0.action.keyword)'", $0.origin) }
            findings += proxy.httpResponseRules.map { ("'http-response \($0.action.keyword)'", $0.origin) }
            findings += ProxyOption.allCases.filter { $0.isHTTPOnly && proxy.options[$0].value }.map {
                ("'option \($0.rawValue)'", proxy.options[$0].origin)
            }
            if proxy.forwardFor.value != nil { findings.append(("'option forwardfor'", proxy.forwardFor.origin)) }
            if proxy.stats.enabled.value { findings.append(("the stats page", proxy.stats.enabled.origin)) }
            findings += proxy.errorFiles.map { ("'errorfile \($0.value.status)'", $0.origin) }
            findings += httpFetches(proxy, backendRules: backendRules)
            if let index = frontendAt[proxy.origin], configuration.frontends[index].monitorURI.value != nil {
                findings.append(("'monitor-uri'", configuration.frontends[index].monitorURI.origin))
            }
            if let index = backendAt[proxy.origin] {
                let backend = configuration.backends[index]
                if backend.balance.value.needsHTTP { findings.append(("'balance' on a request property", backend.balance.origin)) }
                if backend.cookie.value != nil { findings.append(("'cookie'", backend.cookie.origin)) }
            }
            let modeNote = proxy.mode.origin.location.map { Diagnostic.Note("mode tcp is set here", at: $0.sourceLocation) }
                ?? Diagnostic.Note("mode tcp is the built-in default")
            for finding in findings {
                diagnostics.report(
                    .httpOnlyInTCPMode,
                    "\(finding.what) has no effect in \(proxy.title), which is in mode tcp\(finding.origin.inheritanceNote)",
                    at: finding.origin.sourceLocation(or: proxy.origin),
                    notes: [modeNote],
                    help: "set `mode http` on the proxy, or remove the setting"
                )
            }
        }
    }

    /// ACL criteria that look inside HTTP requests, in the order declared. Predefined ACLs (METH_GET…) have no line
    /// of their own: they are reported where a rule uses them.
    private static func httpFetches(_ proxy: ProxyCommon, backendRules: [BackendSwitchingRule]) -> [(String, Origin)] {
        let terms = conditions(of: proxy, backendRules: backendRules).flatMap { $0.alternatives.flatMap { $0 } }
        var firstUse: [String: ConfigLocation] = [:]
        var anonymous: [ACLCriterion] = []
        for term in terms {
            switch term.reference {
            case .named(let name): if firstUse[name] == nil { firstUse[name] = term.origin }
            case .anonymous(let criterion, _): anonymous.append(criterion)
            }
        }
        let named = proxy.acls.flatMap { acl in
            acl.criteria.map { criterion -> (ACLCriterion, Origin) in
                guard criterion.origin == .builtIn, let use = firstUse[acl.name] else { return (criterion, criterion.origin) }
                return (criterion, .declared(use))
            }
        }
        return (named + anonymous.map { ($0, $0.origin) }).filter { $0.0.fetch.needsHTTP }.map { ("an ACL on \(fetchName($0.0.fetch))", $0.1) }
    }

    static func fetchName(_ fetch: ACLFetch) -> String {
        switch fetch {
        case .path: "the path"
        case .query: "the query string"
        case .method: "the method"
        case .source: "the client address"
        case .destinationPort: "the destination port"
        case .header(let name): "header '\(name)'"
        case .urlParameter(let name): "URL parameter '\(name)'"
        case .constant(let value): value ? "TRUE" : "FALSE"
        }
    }
}
