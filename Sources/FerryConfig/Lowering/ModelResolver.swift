import FerryDiagnostics
import FerryModel

/// Turns the drafts of all sections, in load order, into the resolved ``Configuration``.
///
/// A proxy takes its defaults from the section named by `from`, else from the last defaults section before it (in
/// any earlier file). A defaults section starts from built-in values, or from the one it names with `from`.
struct ModelResolver {
    private var named: [String: [ProxyDraft]] = [:]
    private var last: ProxyDraft?
    private(set) var configuration = Configuration()
    /// The settings with rejected lines, by proxy header, for ``ValidationContext``.
    private(set) var rejected: [ConfigLocation: Set<String>] = [:]

    /// `capacity` is the number of sections to come, so the model's arrays grow once.
    init(global: GlobalSettings, capacity: Int = 0) {
        configuration.global = global
        configuration.frontends.reserveCapacity(capacity)
        configuration.backends.reserveCapacity(capacity)
    }

    mutating func add(_ draft: ProxyDraft, diagnostics: inout DiagnosticCollector) {
        let base = draft.from.map { defaults(named: $0, for: draft, diagnostics: &diagnostics) } ?? last
        guard draft.kind != .defaults else {
            let resolved = draft.inheritable().merged(over: draft.from == nil ? nil : base)
            if let name = draft.name { named[name.text, default: []].append(resolved) }
            last = resolved
            return
        }
        var effective = draft.merged(over: base)
        if let from = draft.from, (named[from.text]?.count ?? 0) != 1 {
            // Its defaults are unknown: don't also warn about settings they would probably have provided.
            effective.rejected.insert("defaults")
        }
        let defaultsName = base.map { $0.name?.text ?? "" }
        guard let name = draft.name, let kind = draft.proxyKind else { return }
        let common = commonSettings(effective, name: name.text, kind: kind, defaultsName: defaultsName)
        if !effective.rejected.isEmpty { rejected[common.origin] = effective.rejected }
        if kind != .backend {
            configuration.frontends.append(frontend(effective, common: common))
        }
        if kind != .frontend {
            configuration.backends.append(backend(effective, common: common))
        }
    }

    /// The defaults section a `from` names. An unknown or ambiguous name is reported; the section then falls back to
    /// the defaults it would have had without `from`, so that it causes no follow-on errors.
    private func defaults(named token: Token, for draft: ProxyDraft, diagnostics: inout DiagnosticCollector) -> ProxyDraft? {
        if draft.kind == .defaults, draft.name?.text == token.text, named[token.text] == nil {
            diagnostics.report(
                .unknownDefaults, "defaults section '\(token.text)' cannot inherit from itself", at: token.location,
                help: "name another, earlier defaults section, or remove `from`"
            )
            return nil
        }
        guard let candidates = named[token.text] else {
            let suggestion = DidYouMean.suggestion(for: token.text, among: named.keys)
            diagnostics.report(
                .unknownDefaults, "defaults section '\(token.text)' is not defined", at: token.location,
                help: suggestion.map { "did you mean '\($0)'?" } ?? "a named defaults section must come before the sections that use it"
            )
            return last
        }
        if candidates.count > 1 {
            // HAProxy accepts two defaults sections with one name, but not a reference to it.
            diagnostics.report(
                .unknownDefaults, "defaults section '\(token.text)' is ambiguous: \(candidates.count) sections have that name",
                at: token.location,
                notes: candidates.compactMap { $0.name.map { Diagnostic.Note("defined here", at: $0.location) } },
                help: "give each defaults section its own name"
            )
        }
        return candidates.last
    }

    private func commonSettings(_ draft: ProxyDraft, name: String, kind: ProxyKind, defaultsName: String?) -> ProxyCommon {
        var options = ProxyOptions()
        for (option, value) in draft.options { options[option] = value }
        var timeouts = Timeouts()
        for (kind, value) in draft.timeouts { timeouts[kind] = value }
        var acls: [ACL] = []
        var index: [String: Int] = [:]
        for (aclName, criterion) in draft.acls {
            if let position = index[aclName] {
                acls[position].criteria.append(criterion)
            } else {
                index[aclName] = acls.count
                acls.append(ACL(name: aclName, criteria: [criterion]))
            }
        }
        // Predefined ACLs that rules use become ordinary ACLs, so the runtime needs no special case.
        for aclName in Self.referencedACLNames(draft) where index[aclName] == nil {
            guard let criteria = ACL.predefined[aclName] else { continue }
            index[aclName] = acls.count
            acls.append(ACL(name: aclName, criteria: criteria))
        }
        let builtInStats = StatsPage()
        return ProxyCommon(
            name: name,
            kind: kind,
            origin: draft.header.configLocation,
            defaultsName: defaultsName,
            mode: draft.mode ?? .builtIn(.tcp),
            timeouts: timeouts.withFallbacks(),
            options: options,
            forwardFor: draft.forwardFor ?? .builtIn(nil),
            logs: draft.logs,
            acls: acls,
            httpRequestRules: draft.httpRequestRules,
            httpResponseRules: draft.httpResponseRules,
            stats: StatsPage(
                enabled: draft.stats.enabled ?? Self.implicitStatsEnable(draft.stats) ?? builtInStats.enabled,
                uri: draft.stats.uri ?? builtInStats.uri,
                refresh: draft.stats.refresh ?? builtInStats.refresh,
                realm: draft.stats.realm ?? builtInStats.realm,
                credentials: draft.stats.credentials,
                hideVersion: draft.stats.hideVersion ?? builtInStats.hideVersion
            ),
            errorFiles: draft.errorFiles,
            description: draft.description ?? .builtIn(nil),
            disabled: draft.disabled ?? .builtIn(false)
        )
    }

    private func frontend(_ draft: ProxyDraft, common: ProxyCommon) -> Frontend {
        var defaultBackend = draft.defaultBackend ?? .builtIn(nil)
        if draft.kind == .listen, defaultBackend.value == nil {
            // A listen section is its own default backend.
            defaultBackend = Sourced(common.name, .declared(common.origin))
        }
        return Frontend(
            common: common,
            binds: draft.binds,
            maxConnections: draft.maxConnections ?? .builtIn(nil),
            backendRules: draft.backendRules,
            defaultBackend: defaultBackend,
            monitorURI: draft.monitorURI ?? .builtIn(nil)
        )
    }

    private func backend(_ draft: ProxyDraft, common: ProxyCommon) -> Backend {
        let servers = draft.servers.map { server in
            Server(
                name: server.name.text,
                address: server.address,
                settings: server.settings.over(server.defaults).resolved(),
                origin: server.name.configLocation
            )
        }
        return Backend(
            common: common,
            balance: draft.balance ?? .builtIn(.roundRobin),
            hashType: draft.hashType ?? .builtIn(HashType()),
            servers: servers,
            retries: draft.retries ?? .builtIn(3),
            healthCheck: HealthCheck(
                httpRequest: draft.httpCheckRequest ?? .builtIn(nil),
                send: draft.httpCheckSend,
                expectations: draft.httpCheckExpectations
            ),
            cookie: draft.cookie ?? .builtIn(nil)
        )
    }

    /// As in HAProxy, any `stats` setting turns the page on even without `stats enable`.
    private static func implicitStatsEnable(_ stats: StatsDraft) -> Sourced<Bool>? {
        let origins = [stats.uri?.origin, stats.refresh?.origin, stats.realm?.origin, stats.hideVersion?.origin, stats.credentials.first?.origin]
        return origins.compactMap { $0 }.first.map { Sourced(true, $0) }
    }

    /// Names of ACLs that the section's rules refer to.
    private static func referencedACLNames(_ draft: ProxyDraft) -> [String] {
        let conditions = draft.backendRules.map(\.condition) + draft.httpRequestRules.map(\.condition)
            + draft.httpResponseRules.map(\.condition)
        return conditions.compactMap { $0 }.flatMap { $0.alternatives.flatMap { $0 } }.compactMap { term in
            if case .named(let name) = term.reference { name } else { nil }
        }
    }
}
