import FerryModel

/// A response Ferry answers with itself instead of forwarding the request; `ErrorPages` turns it into bytes.
enum HTTPResponseSpec: Sendable, Hashable {
    /// The page for a status: the proxy's errors (400, 408, 500, 502, 503, 504…), `deny` (403 or `deny_status`)
    /// and `monitor-uri` (200). An `errorfile` for the status replaces Ferry's own page.
    case page(status: Int)
    /// `http-request return`: the status, and the body with its content type when the rule has one.
    case custom(HTTPReturn)
    /// `http-request redirect`: the status (301, 302, 303, 307 or 308) and the `Location`, with an empty body.
    case redirect(status: Int, location: String)

    var status: Int {
        switch self {
        case .page(let status): status
        case .custom(let response): response.status
        case .redirect(let status, _): status
        }
    }

    /// Whether HAProxy closes the client connection after this response whatever the client asked: it does after
    /// every error page (4xx and 5xx, `deny` included), and keeps the connection for `monitor-uri`, `return` and
    /// redirects when the request allowed it.
    var closesConnection: Bool {
        switch self {
        case .page(let status): status >= 400
        case .custom, .redirect: false
        }
    }
}

/// What the `http-request` rules decided.
enum RuleVerdict: Sendable, Equatable {
    /// Forward the request (with the edits the rules made).
    case `continue`
    /// Answer with this response; the request goes nowhere.
    case respond(HTTPResponseSpec)
}
