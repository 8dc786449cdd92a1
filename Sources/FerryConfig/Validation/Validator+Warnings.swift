import FerryDiagnostics
import FerryModel

extension Validator {
    /// HAProxy warns when a proxy has no client, server or connect timeout: connections could then hang forever.
    static func checkTimeouts(_ configuration: Configuration, _ context: ValidationContext, _ diagnostics: inout DiagnosticCollector) {
        var missing: [ConfigLocation: (proxy: ProxyCommon, kinds: [TimeoutKind])] = [:]
        var order: [ConfigLocation] = []
        func note(_ proxy: ProxyCommon, _ kinds: [TimeoutKind]) {
            let absent = kinds.filter { proxy.timeouts[$0].value == nil && !context.wasRejected("timeout \($0.rawValue)", in: proxy) }
            guard !absent.isEmpty else { return }
            if missing[proxy.origin] == nil { order.append(proxy.origin) }
            missing[proxy.origin, default: (proxy, [])].kinds += absent
        }
        for frontend in configuration.frontends where !frontend.disabled.value { note(frontend.common, [.client]) }
        for backend in configuration.backends where !backend.disabled.value { note(backend.common, [.connect, .server]) }
        for origin in order {
            guard let (proxy, kinds) = missing[origin] else { continue }
            let names = kinds.map { "'timeout \($0.rawValue)'" }.joined(separator: ", ")
            diagnostics.report(
                .missingTimeout, "\(proxy.title) has no \(names): connections may hang forever",
                at: proxy.origin.sourceLocation,
                help: "set them in the section or in its defaults section, e.g. `timeout client 30s`, `timeout connect 5s`, `timeout server 30s`"
            )
        }
    }

    /// Frontends need a bind; two binds on the same address would split or steal each other's connections.
    static func checkBinds(_ configuration: Configuration, _ context: ValidationContext, _ diagnostics: inout DiagnosticCollector) {
        var seen: [(bind: Bind, owner: String)] = []
        for frontend in configuration.frontends where !frontend.disabled.value {
            if frontend.binds.isEmpty, !context.wasRejected("bind", in: frontend.common) {
                diagnostics.report(
                    .frontendWithoutBind, "\(frontend.common.title) has no 'bind', so it accepts no connections",
                    at: frontend.origin.sourceLocation,
                    help: frontend.kind == .frontend ? "add `bind :PORT`, or declare it as a backend if it only serves other frontends" : "add `bind :PORT`"
                )
            }
            for bind in frontend.binds {
                // Two binds of one frontend feed the same frontend: only binds of different frontends conflict.
                if let earlier = seen.first(where: { $0.owner != frontend.common.title && overlaps($0.bind.address, bind.address) }) {
                    diagnostics.report(
                        .duplicateBind, "\(frontend.common.title) binds \(bind.address.description), which \(earlier.owner) already binds",
                        at: bind.origin.sourceLocation, label: "bound again here",
                        notes: [Diagnostic.Note("first bound here", at: earlier.bind.origin.sourceLocation)],
                        help: "each address and port should belong to one frontend; connections would be split between them"
                    )
                }
                seen.append((bind, frontend.common.title))
            }
        }
    }

    /// Whether two listening addresses would receive the same connections.
    static func overlaps(_ a: BindAddress, _ b: BindAddress) -> Bool {
        switch (a, b) {
        case (.unix(let left), .unix(let right)):
            return left == right
        case (.tcp(let leftHost, let leftPorts), .tcp(let rightHost, let rightPorts)):
            // Port 0 asks the kernel for a free port: never a conflict.
            guard leftPorts.overlaps(rightPorts), leftPorts != 0...0, rightPorts != 0...0 else { return false }
            switch (leftHost, rightHost) {
            case (.anyIPv6, _), (_, .anyIPv6): return true
            case (.anyIPv4, .anyIPv4), (.anyIPv4, .ipv4), (.ipv4, .anyIPv4), (.anyIPv4, .name), (.name, .anyIPv4): return true
            default: return leftHost == rightHost
            }
        default:
            return false
        }
    }

    /// Backends without servers answer every request with 503; persistence needs a cookie value on each server.
    static func checkServers(_ configuration: Configuration, _ context: ValidationContext, _ diagnostics: inout DiagnosticCollector) {
        for backend in configuration.backends where !backend.disabled.value {
            let answersItself = backend.stats.enabled.value
                || backend.httpRequestRules.contains { $0.condition == nil && $0.action.isFinal }
                || ["server", "mode", "stats", "http-request"].contains { context.wasRejected($0, in: backend.common) }
            if backend.servers.isEmpty, !answersItself {
                diagnostics.report(
                    .backendWithoutServers, "\(backend.common.title) has no servers: its traffic gets 503 or is closed",
                    at: backend.origin.sourceLocation, help: "add `server NAME ADDRESS:PORT check`"
                )
            }
            guard let cookie = backend.cookie.value, cookie.mode != .passive else { continue }
            for server in backend.servers where server.settings.cookie.value == nil && !server.settings.backup.value {
                diagnostics.report(
                    .serverWithoutCookie, "server '\(server.name)' has no 'cookie' value, so clients cannot stick to it",
                    at: server.origin.sourceLocation,
                    notes: [Diagnostic.Note("cookie persistence is set here", at: backend.cookie.origin.sourceLocation(or: backend.origin))],
                    help: "add `cookie \(server.name)` to the server line"
                )
            }
        }
    }

    /// `http-check` rules only apply with `option httpchk`.
    static func checkHealthChecks(_ configuration: Configuration, _ diagnostics: inout DiagnosticCollector) {
        for backend in configuration.backends where backend.healthCheck.httpRequest.value == nil {
            let origins = [backend.healthCheck.send?.origin].compactMap { $0 } + backend.healthCheck.expectations.map(\.origin)
            for origin in origins {
                diagnostics.report(
                    .httpCheckWithoutHTTPChk, "'http-check' has no effect in \(backend.common.title) without 'option httpchk'\(origin.inheritanceNote)",
                    at: origin.sourceLocation(or: backend.origin),
                    help: "add `option httpchk` so that health checks use HTTP"
                )
            }
        }
    }
}
