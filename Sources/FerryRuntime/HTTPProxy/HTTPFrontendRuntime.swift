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
    let requestTimeout: TimeAmount?
    /// `timeout http-keep-alive`: how long an idle client connection waits for its next request.
    let keepAliveTimeout: TimeAmount?
    private let frontend: FrontendRuntime
    private let monitorURI: MonitorURI?
    private let rules: ProxyHTTPRules
    /// Per backend, by ``BackendPool/index``: what a request routed there needs.
    private let backendRules: [BackendHTTPRules]
    /// Per-loop pools of idle server connections and idle client connections.
    let locals: LoopLocals

    /// Reads `errorfile`s: call it off the event loops. `backends` are the configuration's, in its order: a
    /// backend's position is its ``BackendPool/index``.
    init(frontend: FrontendRuntime, backends: [Backend], global: GlobalSettings, locals: LoopLocals) {
        self.frontend = frontend
        self.locals = locals
        headLimits = HTTPHeadLimits(maxHeadSize: global.bufferSize.value, maxHeaderCount: 100)
        requestTimeout = frontend.timeouts.httpRequest.value.map { TimeAmount($0) }
        keepAliveTimeout = frontend.timeouts.httpKeepAlive.value.map { TimeAmount($0) }
        monitorURI = MonitorURI(frontend.frontend.monitorURI.value)
        let readFile: (String) -> [UInt8]? = { FileManager.default.contents(atPath: $0).map(Array.init) }
        let rules = ProxyHTTPRules(frontend.frontend.common, readFile: readFile)
        self.rules = rules
        backendRules = backends.map { BackendHTTPRules($0, frontend: frontend.frontend, frontendRules: rules, readFile: readFile) }
        for problem in rules.errorPages.problems + backendRules.flatMap({ $0.backend?.errorPages.problems ?? [] }) {
            frontend.log.warning("\(problem)")
        }
    }

    /// Applies `monitor-uri`, the frontend's rules, `use_backend`, the backend's rules and `option forwardfor`.
    func route(
        _ head: HTTPHead, in buffer: ByteBuffer, client: @autoclosure () -> SocketAddress?, localPort: Int?
    ) -> Route {
        if let monitorURI, monitorURI.matches(head, in: buffer) {
            return .respond(.page(status: 200), pages: rules.errorPages, closes: false)
        }
        // Built at most once, and only if some rule reads the request: a proxy without rules routes without it.
        lazy var samples = HTTPRequestSamples(head: head, buffer: buffer, sourceAddress: client(), destinationPort: localPort)
        var edits = HeadEdits()
        if case .respond(let spec) = rules.requestRules.evaluate(samples, into: &edits) {
            return .respond(spec, pages: rules.errorPages, closes: spec.closesConnection)
        }
        guard let backend = frontend.backend(for: EditedRequestSamples(request: samples, edits: edits)) else {
            return .respond(.page(status: 503), pages: rules.errorPages, closes: true)
        }
        let routed = backendRules[backend.index]
        if let backendRules = routed.backend, case .respond(let spec) = backendRules.requestRules.evaluate(samples, into: &edits) {
            return .respond(spec, pages: routed.pages, closes: spec.closesConnection)
        }
        let presented = routed.sticky?.request(head, in: buffer, edits: &edits)
        if let forwardedFor = routed.forwardedFor, let value = forwardedFor.value(for: client()) {
            forwardedFor.apply(value: value, head: head, buffer: buffer, to: &edits)
        }
        // Server connections are kept alive and pooled unless `option http-server-close` or `option httpclose`
        // says otherwise. The client's own `Connection: close` is never passed on: it would make the server close
        // a connection the pool could reuse.
        let connection: ConnectionHeader = head.info.upgrade ? .upgrade : (routed.reusesServerConnections ? .none : .close)
        let exchange = HTTPExchangeRules(rules: routed, upgrade: head.info.upgrade, presented: presented)
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
    func balanceKey(
        for head: HTTPHead, in buffer: ByteBuffer, backend: BackendPool, client: @autoclosure () -> SocketAddress?
    ) -> UInt32? {
        let hashType = backend.backend.hashType.value
        // Built only by the algorithms that read the request: this runs for every request.
        var samples: HTTPRequestSamples { HTTPRequestSamples(head: head, buffer: buffer, sourceAddress: client(), destinationPort: nil) }
        switch backend.backend.balance.value {
        case .source:
            return client().map { KeyHasher.sourceAddressHash($0.ipBytes, avalanche: hashType.avalanche) }
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
