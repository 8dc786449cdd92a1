import FerryDiagnostics
import FerryModel

/// Checks a resolved configuration as a whole: names, references between sections, modes, and the warnings that
/// only make sense once defaults are applied.
///
/// Each pass is a small function that reports into the collector; all passes always run, so one `ferry check`
/// shows every problem. Validation only reads the model: the YAML front end gets the same checks.
public enum Validator {
    /// Runs every pass. `context` says which settings had lines with errors, so that passes don't also report them
    /// as missing.
    public static func validate(
        _ configuration: Configuration,
        context: ValidationContext = ValidationContext(),
        into diagnostics: inout DiagnosticCollector
    ) {
        checkDuplicateProxies(configuration, &diagnostics)
        checkDuplicateServers(configuration, &diagnostics)
        checkBackendReferences(configuration, context, &diagnostics)
        checkACLReferences(configuration, &diagnostics)
        checkUnreachableRules(configuration, &diagnostics)
        checkResponseConditions(configuration, &diagnostics)
        checkHTTPOnlySettings(configuration, context, &diagnostics)
        checkTimeouts(configuration, context, &diagnostics)
        checkBinds(configuration, context, &diagnostics)
        checkServers(configuration, context, &diagnostics)
        checkHealthChecks(configuration, &diagnostics)
    }

    /// Calls `body` with every proxy once: frontends (and listen sections), then backends that are not the back half
    /// of a listen, with the `use_backend` rules of frontends. Nothing is copied into a new array: with 10,000
    /// proxies, copies of the model are what validation would spend its time on.
    static func forEachProxy(_ configuration: Configuration, _ body: (ProxyCommon, [BackendSwitchingRule]) -> Void) {
        for index in configuration.frontends.indices {
            body(configuration.frontends[index].common, configuration.frontends[index].backendRules)
        }
        for index in configuration.backends.indices where configuration.backends[index].kind == .backend {
            body(configuration.backends[index].common, [])
        }
    }

    /// The conditions of a proxy's rules: `http-request`, `http-response`, then `use_backend`.
    static func conditions(of proxy: ProxyCommon, backendRules: [BackendSwitchingRule]) -> [Condition] {
        proxy.httpRequestRules.compactMap(\.condition) + proxy.httpResponseRules.compactMap(\.condition)
            + backendRules.compactMap(\.condition)
    }
}

/// What validation needs to know about the lines that were already rejected.
public struct ValidationContext: Sendable {
    /// Setting keys (`bind`, `server`, `mode`, `timeout client`, …) with rejected lines, by proxy header location.
    public var rejected: [ConfigLocation: Set<String>]

    public init(rejected: [ConfigLocation: Set<String>] = [:]) {
        self.rejected = rejected
    }

    /// Whether a line setting `key` in `proxy` (or its defaults) had errors.
    func wasRejected(_ key: String, in proxy: ProxyCommon) -> Bool {
        guard let keys = rejected[proxy.origin] else { return false }
        // An unresolved `from` leaves the defaults unknown: timeouts and mode may have come from there.
        // A rejected `timeout` without a kind (a YAML `timeout:` of the wrong type) covers every timeout.
        return keys.contains(key) || (key.hasPrefix("timeout ") && keys.contains("timeout"))
            || (keys.contains("defaults") && (key.hasPrefix("timeout ") || key == "mode"))
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
