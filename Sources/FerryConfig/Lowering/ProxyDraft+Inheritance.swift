import FerryModel

/// How a section's own settings combine with those of its defaults section. This is the one place where defaults
/// are applied: a value set in the section wins over the defaults section's, which wins over the built-in one.
extension ProxyDraft {
    /// The settings a defaults section passes on, with their origins marked as inherited from it.
    func inheritable() -> ProxyDraft {
        let defaultsName = name?.text
        func tag<Value>(_ value: Sourced<Value>?) -> Sourced<Value>? {
            value.map { Sourced($0.value, $0.origin.inherited(from: defaultsName)) }
        }
        func tagAll<Value>(_ values: [Sourced<Value>]) -> [Sourced<Value>] {
            values.map { Sourced($0.value, $0.origin.inherited(from: defaultsName)) }
        }
        var copy = ProxyDraft(kind: kind, name: name, header: header, from: from)
        copy.mode = tag(mode)
        copy.timeouts = timeouts.mapValues { Sourced($0.value, $0.origin.inherited(from: defaultsName)) }
        copy.options = options.mapValues { Sourced($0.value, $0.origin.inherited(from: defaultsName)) }
        copy.forwardFor = tag(forwardFor)
        copy.maxConnections = tag(maxConnections)
        copy.retries = tag(retries)
        copy.balance = tag(balance)
        copy.hashType = tag(hashType)
        copy.defaultServer = defaultServer.mapOrigins { $0.inherited(from: defaultsName) }
        copy.defaultBackend = tag(defaultBackend)
        copy.httpCheckRequest = tag(httpCheckRequest)
        copy.httpCheckSend = tag(httpCheckSend)
        copy.httpCheckExpectations = tagAll(httpCheckExpectations)
        copy.cookie = tag(cookie)
        copy.stats = StatsDraft(
            enabled: tag(stats.enabled), uri: tag(stats.uri), refresh: tag(stats.refresh), realm: tag(stats.realm),
            credentials: tagAll(stats.credentials), hideVersion: tag(stats.hideVersion)
        )
        copy.monitorURI = tag(monitorURI)
        copy.errorFiles = tagAll(errorFiles)
        copy.logs = tagAll(logs)
        copy.disabled = tag(disabled)
        copy.rejected = rejected
        return copy
    }

    /// This section's settings over those of its defaults (already passed through ``inheritable()``).
    func merged(over base: ProxyDraft?) -> ProxyDraft {
        guard let base else { return self }
        var result = self
        result.mode = mode ?? base.mode
        result.timeouts = base.timeouts.merging(timeouts) { _, own in own }
        result.options = base.options.merging(options) { _, own in own }
        result.forwardFor = forwardFor ?? base.forwardFor
        result.maxConnections = maxConnections ?? base.maxConnections
        result.retries = retries ?? base.retries
        result.balance = balance ?? base.balance
        result.hashType = hashType ?? base.hashType
        result.defaultServer = defaultServer.over(base.defaultServer)
        result.servers = servers.map { server in
            var server = server
            server.defaults = server.defaults.over(base.defaultServer)
            return server
        }
        result.defaultBackend = defaultBackend ?? base.defaultBackend
        result.httpCheckRequest = httpCheckRequest ?? base.httpCheckRequest
        result.httpCheckSend = httpCheckSend ?? base.httpCheckSend
        result.httpCheckExpectations = httpCheckExpectations.isEmpty ? base.httpCheckExpectations : httpCheckExpectations
        result.cookie = cookie ?? base.cookie
        result.stats = StatsDraft(
            enabled: stats.enabled ?? base.stats.enabled,
            uri: stats.uri ?? base.stats.uri,
            refresh: stats.refresh ?? base.stats.refresh,
            realm: stats.realm ?? base.stats.realm,
            credentials: stats.credentials.isEmpty ? base.stats.credentials : stats.credentials,
            hideVersion: stats.hideVersion ?? base.stats.hideVersion
        )
        result.monitorURI = monitorURI ?? base.monitorURI
        // An errorfile for a status replaces the inherited one for that status only.
        let ownStatuses = Set(errorFiles.map(\.value.status))
        result.errorFiles = base.errorFiles.filter { !ownStatuses.contains($0.value.status) } + errorFiles
        // Log lines add to the inherited ones, unless `no log` dropped them.
        result.logs = clearsLogs ? logs : base.logs + logs
        result.disabled = disabled ?? base.disabled
        result.rejected = rejected.union(base.rejected)
        return result
    }
}

extension Origin {
    /// The origin as seen from a section that takes the value from defaults section `name`.
    func inherited(from name: String?) -> Origin {
        switch self {
        case .declared(let location): .inherited(defaults: name, location)
        case .builtIn, .inherited, .fallback: self
        }
    }
}

extension ServerSettingsDraft {
    func mapOrigins(_ transform: (Origin) -> Origin) -> ServerSettingsDraft {
        func map<Value>(_ value: Sourced<Value>?) -> Sourced<Value>? {
            value.map { Sourced($0.value, transform($0.origin)) }
        }
        return ServerSettingsDraft(
            check: map(check), interval: map(interval), fastInterval: map(fastInterval), downInterval: map(downInterval),
            rise: map(rise), fall: map(fall), weight: map(weight), backup: map(backup),
            maxConnections: map(maxConnections), maxQueue: map(maxQueue), disabled: map(disabled), cookie: map(cookie),
            slowStart: map(slowStart), sendProxy: map(sendProxy), checkPort: map(checkPort)
        )
    }

    /// The effective settings, with built-in defaults for whatever no line set.
    func resolved() -> ServerSettings {
        let builtIn = ServerSettings()
        let interval = interval ?? builtIn.interval
        return ServerSettings(
            check: check ?? builtIn.check,
            interval: interval,
            fastInterval: fastInterval ?? interval,
            downInterval: downInterval ?? interval,
            rise: rise ?? builtIn.rise,
            fall: fall ?? builtIn.fall,
            weight: weight ?? builtIn.weight,
            backup: backup ?? builtIn.backup,
            maxConnections: maxConnections ?? builtIn.maxConnections,
            maxQueue: maxQueue ?? builtIn.maxQueue,
            disabled: disabled ?? builtIn.disabled,
            cookie: cookie ?? builtIn.cookie,
            slowStart: slowStart ?? builtIn.slowStart,
            sendProxy: sendProxy ?? builtIn.sendProxy,
            checkPort: checkPort ?? builtIn.checkPort
        )
    }
}
