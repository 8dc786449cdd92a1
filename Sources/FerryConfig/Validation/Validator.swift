import FerryDiagnostics
import FerryModel

/// Checks a resolved configuration as a whole: names, references between sections, modes, and the warnings that
/// only make sense once defaults are applied.
///
/// Each pass is a small function that reports into the collector; all passes always run, so one `ferry check`
/// shows every problem. Validation only reads the model: the YAML front end gets the same checks.
public enum Validator {
    public static func validate(_ configuration: Configuration, into diagnostics: inout DiagnosticCollector) {
        checkDuplicateProxies(configuration, &diagnostics)
        checkDuplicateServers(configuration, &diagnostics)
        checkBackendReferences(configuration, &diagnostics)
        checkACLReferences(configuration, &diagnostics)
        checkUnreachableRules(configuration, &diagnostics)
        checkResponseConditions(configuration, &diagnostics)
        checkHTTPOnlySettings(configuration, &diagnostics)
        checkTimeouts(configuration, &diagnostics)
        checkBinds(configuration, &diagnostics)
        checkServers(configuration, &diagnostics)
        checkHealthChecks(configuration, &diagnostics)
    }

    /// Every proxy once: frontends (and listen sections), then backends that are not the back half of a listen,
    /// with the `use_backend` rules of frontends.
    static func proxies(_ configuration: Configuration) -> [(common: ProxyCommon, backendRules: [BackendSwitchingRule])] {
        configuration.frontends.map { ($0.common, $0.backendRules) }
            + configuration.backends.filter { $0.kind == .backend }.map { ($0.common, []) }
    }

    /// The conditions of a proxy's rules: `http-request`, `http-response`, then `use_backend`.
    static func conditions(of proxy: ProxyCommon, backendRules: [BackendSwitchingRule]) -> [Condition] {
        proxy.httpRequestRules.compactMap(\.condition) + proxy.httpResponseRules.compactMap(\.condition)
            + backendRules.compactMap(\.condition)
    }
}

extension ConfigLocation {
    var sourceLocation: SourceLocation {
        SourceLocation(path: file, line: line, column: column, endLine: line, endColumn: endColumn)
    }
}

extension Origin {
    /// Where to point a diagnostic about a value: its statement, or the proxy header for built-in values.
    func sourceLocation(or fallback: ConfigLocation) -> SourceLocation {
        (location ?? fallback).sourceLocation
    }

    /// " (inherited from defaults 'x')" when the value came from a defaults section.
    var inheritanceNote: String {
        guard case .inherited(let name, _) = self else { return "" }
        return name.map { " (inherited from defaults '\($0)')" } ?? " (inherited from defaults)"
    }
}

extension ProxyCommon {
    /// `frontend 'web'`, `listen 'stats'`, for messages.
    var title: String { "\(kind.rawValue) '\(name)'" }
}
