import FerryDiagnostics
import FerryModel

extension Validator {
    /// Two frontends (or two backends) may not share a name; a frontend and a backend may, as in HAProxy.
    static func checkDuplicateProxies(_ configuration: Configuration, _ diagnostics: inout DiagnosticCollector) {
        var reported: Set<ConfigLocation> = []
        let groups: [[(name: String, kind: ProxyKind, origin: ConfigLocation)]] = [
            configuration.frontends.map { ($0.name, $0.kind, $0.origin) },
            configuration.backends.map { ($0.name, $0.kind, $0.origin) },
        ]
        for group in groups {
            var first: [String: Int] = [:]
            for (index, proxy) in group.enumerated() {
                guard let previousIndex = first[proxy.name] else {
                    first[proxy.name] = index
                    continue
                }
                let previous = group[previousIndex]
                guard reported.insert(proxy.origin).inserted else { continue }
                let title = "\(proxy.kind.rawValue) '\(proxy.name)'"
                let message = proxy.kind == previous.kind ? "\(title) is defined twice" : "\(title) has the same name as \(previous.kind.rawValue) '\(previous.name)'"
                diagnostics.report(
                    .duplicateProxy, message,
                    at: proxy.origin.sourceLocation, label: "defined again here",
                    notes: [Diagnostic.Note("first defined here", at: previous.origin.sourceLocation)],
                    help: "proxy names must be unique among frontends and among backends (a listen section is both)"
                )
            }
        }
    }

    static func checkDuplicateServers(_ configuration: Configuration, _ diagnostics: inout DiagnosticCollector) {
        for backend in configuration.backends {
            var first: [String: Server] = [:]
            for server in backend.servers {
                guard let previous = first[server.name] else {
                    first[server.name] = server
                    continue
                }
                diagnostics.report(
                    .duplicateServer, "server '\(server.name)' is defined twice in \(backend.common.title)",
                    at: server.origin.sourceLocation, label: "defined again here",
                    notes: [Diagnostic.Note("first defined here", at: previous.origin.sourceLocation)],
                    help: "give each server of a backend its own name"
                )
            }
        }
    }
}
