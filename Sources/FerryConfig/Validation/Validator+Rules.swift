import FerryDiagnostics
import FerryModel

extension Validator {
    /// Rules after one that always applies never run; a default backend after an unconditional `use_backend` is
    /// never used.
    static func checkUnreachableRules(_ configuration: Configuration, _ diagnostics: inout DiagnosticCollector) {
        forEachProxy(configuration) { proxy, backendRules in
            if let final = proxy.httpRequestRules.first(where: { $0.condition == nil && $0.action.isFinal }),
               let finalLocation = final.origin.location {
                for rule in proxy.httpRequestRules where rule.origin.location.map({ $0.file == finalLocation.file && $0.isAfter(finalLocation) }) == true {
                    reportUnreachable(
                        "this http-request rule never runs", at: rule.origin.sourceLocation(or: proxy.origin),
                        because: "'http-request \(final.action.keyword)' without a condition answers every request first",
                        at: finalLocation, &diagnostics
                    )
                }
            }
            guard let catchAll = backendRules.first(where: { $0.condition == nil }) else { return }
            for rule in backendRules where rule.origin.isAfter(catchAll.origin) {
                reportUnreachable(
                    "this use_backend rule never applies", at: rule.origin.sourceLocation,
                    because: "'use_backend \(catchAll.backend)' without a condition takes all traffic first",
                    at: catchAll.origin, &diagnostics
                )
            }
        }
        for frontend in configuration.frontends {
            guard let catchAll = frontend.backendRules.first(where: { $0.condition == nil }),
                  let location = frontend.defaultBackend.origin.location,
                  frontend.defaultBackend.value != nil, frontend.defaultBackend.origin.location != frontend.origin else { continue }
            reportUnreachable(
                "default_backend '\(frontend.defaultBackend.value ?? "")' of \(frontend.common.title) is never used",
                at: location.sourceLocation,
                because: "'use_backend \(catchAll.backend)' without a condition takes all traffic", at: catchAll.origin,
                help: "add a condition to the use_backend rule, or remove the default_backend", &diagnostics
            )
        }
    }

    private static func reportUnreachable(
        _ message: String,
        at location: SourceLocation,
        because reason: String,
        at cause: ConfigLocation,
        help: String = "add a condition to the earlier rule, or move this one above it",
        _ diagnostics: inout DiagnosticCollector
    ) {
        diagnostics.report(
            .ruleNeverMatches, message, at: location,
            notes: [Diagnostic.Note(reason, at: cause.sourceLocation)],
            help: help
        )
    }
}

extension Validator {
    /// ACLs on the request (its path, method, query, `req.hdr`) have nothing to look at in `http-response` rules;
    /// HAProxy warns that they never match.
    static func checkResponseConditions(_ configuration: Configuration, _ diagnostics: inout DiagnosticCollector) {
        forEachProxy(configuration) { proxy, _ in
            for rule in proxy.httpResponseRules {
                for term in rule.condition?.alternatives.flatMap({ $0 }) ?? [] {
                    let (criteria, what): ([ACLCriterion], String) = switch term.reference {
                    case .named(let name): (proxy.acl(named: name)?.criteria ?? [], "ACL '\(name)'")
                    case .anonymous(let criterion, _): ([criterion], "this anonymous ACL")
                    }
                    guard let first = criteria.first, criteria.allSatisfy(\.fetch.readsRequestOnly) else { continue }
                    diagnostics.report(
                        .ruleNeverMatches, "\(what) never matches in an http-response rule: it looks at \(fetchName(first.fetch)) of the request",
                        at: term.origin.sourceLocation,
                        help: "in http-response rules only the connection (src, dst_port) can be tested; decide in an http-request rule instead"
                    )
                }
            }
        }
    }
}

extension ConfigLocation {
    /// Whether this place comes after another in the same file (YAML can hold several rules on one line).
    func isAfter(_ other: ConfigLocation) -> Bool {
        (line, column) > (other.line, other.column)
    }
}
