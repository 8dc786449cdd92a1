/// A named access control list: the criteria of every `acl` line with that name, any of which may match.
public struct ACL: Sendable, Hashable {
    public var name: String
    public var criteria: [ACLCriterion]

    public init(name: String, criteria: [ACLCriterion]) {
        self.name = name
        self.criteria = criteria
    }
}

/// One test: fetch a value from the connection or request and match it against patterns (any pattern may match).
public struct ACLCriterion: Sendable, Hashable {
    public var fetch: ACLFetch
    public var match: ACLMatch
    /// `-i`: compare strings without case.
    public var ignoresCase: Bool
    public var patterns: [ACLPattern]
    public var origin: Origin

    public init(fetch: ACLFetch, match: ACLMatch, ignoresCase: Bool = false, patterns: [ACLPattern], origin: Origin) {
        self.fetch = fetch
        self.match = match
        self.ignoresCase = ignoresCase
        self.patterns = patterns
        self.origin = origin
    }
}

/// The value an ACL looks at.
public enum ACLFetch: Sendable, Hashable {
    /// The request path, without the query string.
    case path
    /// The query string, without the `?`.
    case query
    case method
    /// The client's IP address.
    case source
    /// The port the client connected to.
    case destinationPort
    /// The values of a request header (each comma-separated value), from `hdr(NAME)` or `req.hdr(NAME)`.
    /// The name is lower-case.
    case header(String)
    /// The value of a query-string parameter.
    case urlParameter(String)
    /// A constant: the predefined ACLs `TRUE` and `FALSE`.
    case constant(Bool)

    /// Whether the fetch needs an HTTP request (so it cannot work in `mode tcp`).
    public var needsHTTP: Bool {
        switch self {
        case .source, .destinationPort, .constant: false
        default: true
        }
    }

    /// Whether the fetch reads the request, so that it has nothing to look at in `http-response` rules.
    public var readsRequestOnly: Bool {
        switch self {
        case .path, .query, .method, .urlParameter, .header: true
        case .source, .destinationPort, .constant: false
        }
    }
}

/// How a fetched value is compared with the patterns (`-m` methods, or the suffix of `path_beg` & co).
public enum ACLMatch: String, Sendable, Hashable, CaseIterable {
    /// Exact string equality (`str`).
    case string = "str"
    case prefix = "beg"
    case suffix = "end"
    case substring = "sub"
    case regex = "reg"
    /// A slash-delimited component (`dir`).
    case directory = "dir"
    /// A dot-delimited component (`dom`).
    case domain = "dom"
    /// The value exists; takes no pattern (`found`).
    case found
    /// The length of the value, matched as an integer (`len`).
    case length = "len"
    /// An integer or integer range (`int`).
    case integer = "int"
    /// An IP address or network (`ip`).
    case ip
}

/// A pattern of an ACL, parsed for its match method.
public enum ACLPattern: Sendable, Hashable {
    case text(String)
    /// `N`, `N:M`, `:M` or `N:` (for `int` and `len`).
    case integers(ClosedRange<Int>)
    /// An address and prefix length (for `ip`); a plain address has the full length.
    case network(address: String, prefixLength: Int)

    public var description: String {
        switch self {
        case .text(let text): return text
        case .integers(let range):
            return range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound):\(range.upperBound)"
        case .network(let address, let prefixLength):
            let full = address.contains(":") ? 128 : 32
            return prefixLength == full ? address : "\(address)/\(prefixLength)"
        }
    }
}

extension ACL {
    /// HAProxy's predefined ACLs that Ferry supports, usable in conditions without an `acl` line.
    public static let predefined: [String: [ACLCriterion]] = {
        func method(_ names: String...) -> [ACLCriterion] {
            [ACLCriterion(fetch: .method, match: .string, patterns: names.map { .text($0) }, origin: .builtIn)]
        }
        return [
            "TRUE": [ACLCriterion(fetch: .constant(true), match: .found, patterns: [], origin: .builtIn)],
            "FALSE": [ACLCriterion(fetch: .constant(false), match: .found, patterns: [], origin: .builtIn)],
            "LOCALHOST": [ACLCriterion(
                fetch: .source, match: .ip,
                patterns: [.network(address: "127.0.0.0", prefixLength: 8), .network(address: "::1", prefixLength: 128)],
                origin: .builtIn
            )],
            "METH_CONNECT": method("CONNECT"),
            "METH_DELETE": method("DELETE"),
            "METH_GET": method("GET", "HEAD"),
            "METH_HEAD": method("HEAD"),
            "METH_OPTIONS": method("OPTIONS"),
            "METH_POST": method("POST"),
            "METH_PUT": method("PUT"),
            "METH_TRACE": method("TRACE"),
        ]
    }()

    /// Predefined ACLs of HAProxy that Ferry does not support yet.
    public static let unsupportedPredefined: Set<String> = [
        "HTTP", "HTTP_1.0", "HTTP_1.1", "HTTP_2.0", "HTTP_3.0", "HTTP_CONTENT", "HTTP_URL_ABS", "HTTP_URL_SLASH",
        "HTTP_URL_STAR", "RDP_COOKIE", "REQ_CONTENT", "WAIT_END",
    ]
}
