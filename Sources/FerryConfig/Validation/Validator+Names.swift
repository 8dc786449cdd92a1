import FerryDiagnostics
import FerryModel

extension Validator {
    /// Two frontends (or two backends) may not share a name; a frontend and a backend may, as in HAProxy.
    static func checkDuplicateProxies(_ configuration: Configuration, _ diagnostics: inout DiagnosticCollector) {
        var reported: Set<ConfigLocation> = []
        for group in [configuration.frontends.map(\.common), configuration.backends.map(\.common)] {
            var first: [String: ProxyCommon] = [:]
            for proxy in group {
                guard let previous = first[proxy.name] else {
                    first[proxy.name] = proxy
                    continue
                }
                guard reported.insert(proxy.origin).inserted else { continue }
                let message = proxy.kind == previous.kind ? "\(proxy.title) is defined twice" : "\(proxy.title) has the same name as \(previous.title)"
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
