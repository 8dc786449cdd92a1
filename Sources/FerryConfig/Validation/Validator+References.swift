import FerryDiagnostics
import FerryModel

extension Validator {
    /// `default_backend` and `use_backend` name existing backends of a compatible mode.
    static func checkBackendReferences(_ configuration: Configuration, _ context: ValidationContext, _ diagnostics: inout DiagnosticCollector) {
        var backends: [String: Int] = [:]
        for index in configuration.backends.indices where backends[configuration.backends[index].name] == nil {
            backends[configuration.backends[index].name] = index
        }
        // A `default_backend` inherited from a defaults section is one line used by several frontends: a missing
        // backend is reported once, at that line, naming them.
        var missing: [(name: String, location: ConfigLocation, users: [String])] = []
        for frontend in configuration.frontends {
            var references: [(name: String, location: ConfigLocation, what: String)] = frontend.backendRules.map {
                ($0.backend, $0.origin, "use_backend")
            }
            let isOwnBackend = frontend.kind == .listen && frontend.defaultBackend.origin.location == frontend.origin
            if let name = frontend.defaultBackend.value, !isOwnBackend {
                references.append((name, frontend.defaultBackend.origin.location ?? frontend.origin, "default_backend"))
            }
            for reference in references {
                guard let backendIndex = backends[reference.name] else {
                    if let index = missing.firstIndex(where: { $0.location == reference.location && $0.name == reference.name }) {
                        missing[index].users.append(frontend.common.title)
                    } else {
                        missing.append((reference.name, reference.location, [frontend.common.title]))
                    }
                    continue
                }
                let backend = configuration.backends[backendIndex]
                // A mode that was rejected is not known: comparing it would only repeat that error.
                guard !context.wasRejected("mode", in: frontend.common), !context.wasRejected("mode", in: backend.common) else { continue }
                checkModes(frontend, backend, at: reference.location.sourceLocation, what: reference.what, &diagnostics)
            }
        }
        let frontendNames = Set(configuration.frontends.map(\.name))
        for reference in missing {
            var notes: [Diagnostic.Note] = []
            if reference.users.count > 1 {
                notes.append(Diagnostic.Note("used by \(reference.users.joined(separator: ", ")) through their defaults section"))
            }
            if frontendNames.contains(reference.name) {
                notes.append(Diagnostic.Note("'\(reference.name)' is a frontend; only backends and listen sections can receive traffic"))
            }
            let suggestion = DidYouMean.suggestion(for: reference.name, among: backends.keys)
            diagnostics.report(
                .undefinedBackend, "backend '\(reference.name)' is not defined", at: reference.location.sourceLocation,
                label: "used here", notes: notes,
                help: suggestion.map { name in
                    let place = backends[name].map { " (defined at \(configuration.backends[$0].origin.fileAndLine))" } ?? ""
                    return "did you mean '\(name)'?\(place)"
                }
            )
        }
    }

    private static func checkModes(_ frontend: Frontend, _ backend: Backend, at location: SourceLocation, what: String, _ diagnostics: inout DiagnosticCollector) {
        guard frontend.mode.value != backend.mode.value, !(frontend.kind == .listen && frontend.name == backend.name) else { return }
        let notes = [
            Diagnostic.Note("\(frontend.common.title) is in mode \(frontend.mode.value.rawValue)", at: frontend.mode.origin.sourceLocation(or: frontend.origin)),
            Diagnostic.Note("\(backend.common.title) is in mode \(backend.mode.value.rawValue)", at: backend.mode.origin.sourceLocation(or: backend.origin)),
        ]
        if frontend.mode.value == .http {
            diagnostics.report(
                .modeMismatch, "http \(frontend.common.title) cannot use tcp \(backend.common.title)", at: location,
                label: "\(what) here", notes: notes, help: "set the same `mode` on both (HAProxy refuses this too)"
            )
        } else {
            diagnostics.report(
                .unsupportedKeyword, "tcp \(frontend.common.title) using http \(backend.common.title) is not supported by ferry yet",
                at: location, label: "\(what) here", notes: notes,
                help: "HAProxy upgrades such connections to HTTP; with ferry, set `mode http` on the frontend as well"
            )
        }
    }

    /// Named ACLs in conditions are declared in the same proxy, before the rule (HAProxy resolves them as it reads).
    static func checkACLReferences(_ configuration: Configuration, _ diagnostics: inout DiagnosticCollector) {
        forEachProxy(configuration) { proxy, backendRules in
            var declarations: [String: ConfigLocation] = [:]
            for acl in proxy.acls {
                if let location = acl.criteria.compactMap(\.origin.location).min(by: { $0.line < $1.line }) {
                    declarations[acl.name] = location
                }
            }
            let terms = conditions(of: proxy, backendRules: backendRules).flatMap { $0.alternatives.flatMap { $0 } }
            for term in terms {
                guard case .named(let name) = term.reference else { continue }
                let location = term.origin.sourceLocation
                if ACL.predefined[name] != nil, declarations[name] == nil { continue }
                if ACL.unsupportedPredefined.contains(name) {
                    diagnostics.report(.unsupportedKeyword, "predefined ACL '\(name)' is not supported by ferry yet", at: location)
                    continue
                }
                guard let declared = declarations[name] else {
                    let suggestion = DidYouMean.suggestion(for: name, among: Array(declarations.keys) + ACL.predefined.keys)
                    diagnostics.report(
                        .undeclaredACL, "ACL '\(name)' is not declared in \(proxy.title)", at: location, label: "used here",
                        help: suggestion.map { "did you mean '\($0)'?" } ?? "declare it with `acl \(name) FETCH PATTERN…` before this line"
                    )
                    continue
                }
                // In YAML the order of keys means nothing: an ACL may be declared below the rule that uses it.
                if declared.file == term.origin.file, declared.line > term.origin.line, ConfigFormat(path: declared.file) == .cfg {
                    diagnostics.report(
                        .undeclaredACL, "ACL '\(name)' is used before it is declared", at: location, label: "used here",
                        notes: [Diagnostic.Note("declared here", at: declared.sourceLocation)],
                        help: "move the `acl` line above the rule (HAProxy reads ACLs in order)"
                    )
                }
            }
        }
    }
}
