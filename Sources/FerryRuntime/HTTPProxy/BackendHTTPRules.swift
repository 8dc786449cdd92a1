import FerryModel

/// What a request that a frontend routes to one backend needs, prepared once at start-up: the backend's rules, its
/// error pages over the frontend's, its sticky cookie, `option forwardfor`, and whether connections stay open.
///
/// ``HTTPFrontendRuntime`` keeps one per backend, found by ``BackendPool/index``: routing a request does no lookup
/// by name, and the exchange that follows holds one reference to it instead of copies of the rules.
final class BackendHTTPRules: Sendable {
    /// The frontend's rules; their `http-response` rules run after the backend's.
    let frontend: ProxyHTTPRules
    /// The backend's own rules; `nil` for the backend of a `listen` section, whose rules are the frontend's and
    /// run once.
    let backend: ProxyHTTPRules?
    /// The backend's `errorfile`s over the frontend's, per status.
    let pages: ErrorPages
    let sticky: StickyCookie?
    /// The `option forwardfor` that applies: the backend's when it has one, else the frontend's (as in HAProxy).
    let forwardedFor: ForwardedForPolicy?
    /// Server connections are kept alive and pooled: neither side has `option http-server-close` or `httpclose`.
    let reusesServerConnections: Bool
    /// `option httpclose` on either side: the client connection closes after each response.
    let closesClient: Bool

    init(_ backend: Backend, frontend: Frontend, frontendRules: ProxyHTTPRules, readFile: (String) -> [UInt8]?) {
        self.frontend = frontendRules
        let own = backend.name == frontend.name ? nil : ProxyHTTPRules(backend.common, readFile: readFile)
        self.backend = own
        pages = ProxyHTTPRules.errorPages(frontend: frontendRules, backend: own)
        sticky = StickyCookie(backend)
        forwardedFor = ProxyHTTPRules.forwardedFor(frontend: frontendRules, backend: own)
        let frontendOptions = frontend.options.enabled
        let backendOptions = backend.options.enabled
        reusesServerConnections = ![frontendOptions, backendOptions].contains {
            $0.contains(.httpServerClose) || $0.contains(.httpClose)
        }
        closesClient = frontendOptions.contains(.httpClose) || backendOptions.contains(.httpClose)
    }
}
