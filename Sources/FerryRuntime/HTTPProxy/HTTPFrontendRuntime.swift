import FerryBalancing
import FerryModel
import Foundation
import NIOCore

/// The HTTP side of a `mode http` frontend, prepared once at start-up: parser limits, timeouts, the compiled rules
/// of the frontend and of every backend it may use, and the decisions taken per request (rules, backend choice,
/// balancing key, the heads that go out).
final class HTTPFrontendRuntime: Sendable {
    /// What to do with a request.
    enum Route {
        /// Answer it here. `closes`: the answer ends the connection (an error page).
        case respond(HTTPResponseSpec, pages: ErrorPages, closes: Bool)
        /// Send it to a server of this backend, with this head; `exchange` carries what the response needs.
        case forward(BackendPool, head: ByteBuffer, exchange: HTTPExchangeRules)
    }

    let headLimits: HTTPHeadLimits
    /// `timeout http-request`: the whole head must arrive within it (the slowloris defence).
    let requestTimeout: Duration?
    /// `timeout http-keep-alive`: how long an idle client connection waits for its next request.
    let keepAliveTimeout: Duration?
    private let frontend: FrontendRuntime
    private let monitorURI: MonitorURI?
    private let rules: ProxyHTTPRules
    private let backendRules: [String: ProxyHTTPRules]
    private let stickyCookies: [String: StickyCookie]
    /// Each backend's error pages over the frontend's.
    private let pagesByBackend: [String: ErrorPages]
    /// Per-loop pools of idle server connections and idle client connections.
    let locals: LoopLocals
    private let frontendClosesServerSide: Bool
    private let frontendClosesClient: Bool
    /// Backends with `option http-server-close` or `option httpclose`.
    private let closesServerSide: Set<String>
    /// Backends with `option httpclose`.
    private let closesClientSide: Set<String>

    /// Reads `errorfile`s: call it off the event loops.
    init(frontend: FrontendRuntime, backends: [Backend], global: GlobalSettings, locals: LoopLocals) {
        self.frontend = frontend
        self.locals = locals
        let options = frontend.frontend.options.enabled
        frontendClosesServerSide = options.contains(.httpServerClose) || options.contains(.httpClose)
        frontendClosesClient = options.contains(.httpClose)
        closesServerSide = Set(backends.filter { $0.options.enabled.contains(.httpServerClose) || $0.options.enabled.contains(.httpClose) }.map(\.name))
        closesClientSide = Set(backends.filter { $0.options.enabled.contains(.httpClose) }.map(\.name))
        headLimits = HTTPHeadLimits(maxHeadSize: global.bufferSize.value, maxHeaderCount: 100)
        requestTimeout = frontend.timeouts.httpRequest.value
        keepAliveTimeout = frontend.timeouts.httpKeepAlive.value
        monitorURI = MonitorURI(frontend.frontend.monitorURI.value)
        let readFile: (String) -> [UInt8]? = { FileManager.default.contents(atPath: $0).map(Array.init) }
        rules = ProxyHTTPRules(frontend.frontend.common, readFile: readFile)
        var backendRules: [String: ProxyHTTPRules] = [:]
        // A `listen` section is its own backend: its rules run once, as the frontend's.
        for backend in backends where backend.name != frontend.name {
            backendRules[backend.name] = ProxyHTTPRules(backend.common, readFile: readFile)
        }
        self.backendRules = backendRules
        let frontendPages = rules.errorPages
        self.pagesByBackend = backendRules.mapValues { ErrorPages(preferring: $0.errorPages, over: frontendPages) }
        var stickyCookies: [String: StickyCookie] = [:]
        for backend in backends { stickyCookies[backend.name] = StickyCookie(backend) }
        self.stickyCookies = stickyCookies
        for problem in rules.errorPages.problems + backendRules.values.flatMap(\.errorPages.problems) {
            frontend.log.warning("\(problem)")
        }
    }

    /// Applies `monitor-uri`, the frontend's rules, `use_backend`, the backend's rules and `option forwardfor`.
    func route(_ head: HTTPHead, in buffer: ByteBuffer, client: SocketAddress?, localPort: Int?) -> Route {
        if let monitorURI, monitorURI.matches(head, in: buffer) {
            return .respond(.page(status: 200), pages: rules.errorPages, closes: false)
        }
        let samples = HTTPRequestSamples(head: head, buffer: buffer, sourceAddress: client, destinationPort: localPort)
        var edits = HeadEdits()
        if case .respond(let spec) = rules.requestRules.evaluate(samples, into: &edits) {
            return .respond(spec, pages: rules.errorPages, closes: spec.closesConnection)
        }
        guard let backend = frontend.backend(for: EditedRequestSamples(request: samples, edits: edits)) else {
            return .respond(.page(status: 503), pages: rules.errorPages, closes: true)
        }
        let backendRules = self.backendRules[backend.name]
        let pages = pagesByBackend[backend.name] ?? rules.errorPages
        if let backendRules, case .respond(let spec) = backendRules.requestRules.evaluate(samples, into: &edits) {
            return .respond(spec, pages: pages, closes: spec.closesConnection)
        }
        let sticky = stickyCookies[backend.name]
        let presented = sticky?.request(head, in: buffer, edits: &edits)
        if let forwardedFor = ProxyHTTPRules.forwardedFor(frontend: rules, backend: backendRules),
           let value = forwardedFor.value(for: client) {
            forwardedFor.apply(value: value, head: head, buffer: buffer, to: &edits)
        }
        // Server connections are kept alive and pooled unless `option http-server-close` or `option httpclose`
        // says otherwise. The client's own `Connection: close` is never passed on: it would make the server close
        // a connection the pool could reuse.
        let reuse = !closesServerSide.contains(backend.name) && !frontendClosesServerSide
        let connection: ConnectionHeader = head.info.upgrade ? .upgrade : (reuse ? .none : .close)
        let exchange = HTTPExchangeRules(
            frontend: rules, backend: backendRules, pages: pages,
            samples: ConnectionSamples(sourceAddress: client, destinationPort: localPort),
            reusesServerConnections: reuse && !head.info.upgrade,
            closesClient: frontendClosesClient || closesClientSide.contains(backend.name),
            sticky: sticky, presented: presented
        )
        if !HeadWriter.needsRewrite(head, edits: edits, connection: connection),
           let original = buffer.getSlice(at: buffer.readerIndex + head.startLineOffset, length: head.headLength - head.startLineOffset) {
            return .forward(backend, head: original, exchange: exchange)
        }
        var out = ByteBuffer()
        HeadWriter.writeRequest(head, from: buffer, edits: edits, connection: connection, into: &out)
        return .forward(backend, head: out, exchange: exchange)
    }

    /// The balancing hash of a request for the backend's algorithm; `nil` when it hashes nothing or the value is
    /// missing (then the backend balances round-robin, as HAProxy does).
    func balanceKey(for head: HTTPHead, in buffer: ByteBuffer, backend: BackendPool, client: SocketAddress?) -> UInt32? {
        let hashType = backend.backend.hashType.value
        // Built only by the algorithms that read the request: this runs for every request.
        var samples: HTTPRequestSamples { HTTPRequestSamples(head: head, buffer: buffer, sourceAddress: client, destinationPort: nil) }
        switch backend.backend.balance.value {
        case .source:
            return client.map { KeyHasher.sourceAddressHash($0.ipBytes, avalanche: hashType.avalanche) }
        case .uri(let options):
            let samples = samples
            guard var uri = options.whole ? samples.pathAndQuery : samples.path else { return nil }
            if let depth = options.depth {
                var slashes = 0
                if let cut = uri.firstIndex(where: { $0 == "/" && { slashes += 1; return slashes > depth }() }) {
                    uri = uri[..<cut]
                }
            }
            if let length = options.length { uri = uri.prefix(length) }
            return KeyHasher.hash(uri.utf8, using: hashType)
        case .urlParameter(let name):
            return samples.urlParameter(name).map { KeyHasher.hash($0.utf8, using: hashType) }
        case .header(let name, _):
            return samples.headerValues(name)?.first.map { KeyHasher.hash($0.utf8, using: hashType) }
        default:
            return nil
        }
    }

    /// The page for an error the session itself detects (400, 408, 502, 503, 504), closing the connection.
    func errorResponse(_ status: Int, pages: ErrorPages? = nil) -> ByteBuffer {
        (pages ?? rules.errorPages).response(.page(status: status), connection: .close)
    }
}

/// What the response to a forwarded request needs: the response rules of the backend then the frontend, and the
/// error pages that apply.
struct HTTPExchangeRules {
    let frontend: ProxyHTTPRules
    let backend: ProxyHTTPRules?
    let pages: ErrorPages
    let samples: ConnectionSamples
    /// Whether the server connection may go back to the pool after the response.
    let reusesServerConnections: Bool
    /// `option httpclose`: the client connection closes after the response.
    let closesClient: Bool
    /// The backend's sticky cookie, and what the request said of it.
    let sticky: StickyCookie?
    let presented: StickyCookie.Presented?

    /// The server the request's sticky cookie names, if any.
    var preferredServer: Int? { presented?.server }

    /// The response head for the client: `http-response` rules applied, hop-by-hop fields removed and the
    /// connection's fate stated. `nil` when the server's head can go as it is.
    func responseHead(_ head: HTTPHead, in buffer: ByteBuffer, request: HTTPHead, closeClient: Bool, server: Int?) -> ByteBuffer? {
        var edits = HeadEdits()
        if let sticky, let server, let presented {
            sticky.response(head, in: buffer, server: server, presented: presented, edits: &edits)
        }
        // Request fetches have nothing to look at in response rules (W0107), so no request samples are given.
        backend?.responseRules.evaluate(connection: samples, request: nil, into: &edits)
        frontend.responseRules.evaluate(connection: samples, request: nil, into: &edits)
        let connection: ConnectionHeader = head.info.framing == .tunnel
            ? .upgrade : (closeClient ? .close : .toward(peerVersion: request.version, keepAlive: true))
        guard HeadWriter.needsRewrite(head, edits: edits, connection: connection) else { return nil }
        var out = ByteBuffer()
        HeadWriter.writeResponse(head, from: buffer, edits: edits, connection: connection, into: &out)
        return out
    }
}
