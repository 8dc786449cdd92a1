import FerryModel
import NIOCore

/// What the HTTP session needs from one frontend or backend, compiled once at start-up (error files are read here,
/// never on an event loop). Immutable and `Sendable`: share one per proxy with every event loop.
struct ProxyHTTPRules: Sendable {
    let requestRules: HTTPRequestRuleSet
    let responseRules: HTTPResponseRuleSet
    /// `option forwardfor` of this proxy, if on.
    let forwardedFor: ForwardedForPolicy?
    /// Ferry's pages with this proxy's `errorfile`s.
    let errorPages: ErrorPages

    init(_ proxy: ProxyCommon, readFile: (String) -> [UInt8]?) {
        requestRules = HTTPRequestRuleSet(rules: proxy.httpRequestRules, acls: proxy.acls)
        responseRules = HTTPResponseRuleSet(rules: proxy.httpResponseRules, acls: proxy.acls)
        forwardedFor = proxy.forwardFor.value.map(ForwardedForPolicy.init)
        errorPages = ErrorPages(errorFiles: proxy.errorFiles, readFile: readFile)
    }

    /// The `option forwardfor` that applies to a request: HAProxy adds the header when either side has the option,
    /// with the backend's arguments when it has its own.
    static func forwardedFor(frontend: ProxyHTTPRules, backend: ProxyHTTPRules?) -> ForwardedForPolicy? {
        backend?.forwardedFor ?? frontend.forwardedFor
    }

    /// The pages for a response, per status: the backend's `errorfile` once a backend is chosen, else the
    /// frontend's, else Ferry's (as in HAProxy). Builds a table: the runtime keeps one per backend.
    static func errorPages(frontend: ProxyHTTPRules, backend: ProxyHTTPRules?) -> ErrorPages {
        backend.map { ErrorPages(preferring: $0.errorPages, over: frontend.errorPages) } ?? frontend.errorPages
    }
}

/// `monitor-uri`: requests for this URI get a 200 from Ferry, before any rule.
///
/// As in HAProxy, a URI starting with `/` is compared with the request's path and query (so
/// `http://host/health` matches `/health` too, `/health?x` does not); anything else with the whole request-target.
/// Compared byte for byte, no allocation per request.
struct MonitorURI: Sendable {
    private let uri: [UInt8]

    init?(_ uri: String?) {
        guard let uri, !uri.isEmpty else { return nil }
        self.uri = Array(uri.utf8)
    }

    func matches(_ head: HTTPHead, in buffer: ByteBuffer) -> Bool {
        guard case .request(let method, _, let target) = head.kind else { return false }
        return buffer.withUnsafeReadableBytes { bytes in
            if uri.first == UInt8(ascii: "/"),
               let path = HTTPTargetParts(bytes: bytes, target: target, isConnect: method == .connect).path,
               equals(bytes, path.lowerBound..<target.upperBound) {
                return true
            }
            return equals(bytes, target)
        }
    }

    private func equals(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Bool {
        range.count == uri.count && zip(range, uri).allSatisfy { bytes[$0] == $1 }
    }
}
