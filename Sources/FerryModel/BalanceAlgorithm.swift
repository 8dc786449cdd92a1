/// How a backend picks a server for a connection (or, in HTTP mode, a request).
public enum BalanceAlgorithm: Sendable, Hashable {
    /// Weighted round-robin; weight changes take effect at once.
    case roundRobin
    /// Weighted round-robin over a fixed weight table (`static-rr`).
    case staticRoundRobin
    /// The server with the fewest connections relative to its weight.
    case leastConnections
    /// The first server (in declaration order) that has a free connection slot.
    case first
    /// A hash of the client address.
    case source
    /// A hash of the request URI.
    case uri(URIHashOptions)
    /// A hash of a query-string parameter (`url_param NAME`).
    case urlParameter(name: String)
    /// A hash of a request header (`hdr(NAME)`).
    case header(name: String, useDomainOnly: Bool)
    /// Random choice: with `draws` > 1, the least loaded of that many random servers (power of N choices).
    case random(draws: Int)

    /// Whether the algorithm hashes a property of the client or request, so `hash-type` applies.
    public var isHashBased: Bool {
        switch self {
        case .source, .uri, .urlParameter, .header: true
        default: false
        }
    }

    /// Whether the algorithm reads HTTP requests, so it needs `mode http`.
    public var needsHTTP: Bool {
        switch self {
        case .uri, .urlParameter, .header: true
        default: false
        }
    }
}

/// Options of `balance uri`.
public struct URIHashOptions: Sendable, Hashable {
    /// Hash the whole URI including the query string (`whole`).
    public var whole: Bool
    /// Hash only the path, not the authority of an absolute URI (`path-only`).
    public var pathOnly: Bool
    /// Hash only the first `length` characters (`len N`).
    public var length: Int?
    /// Hash only the first `depth` directories (`depth N`).
    public var depth: Int?

    public init(whole: Bool = false, pathOnly: Bool = false, length: Int? = nil, depth: Int? = nil) {
        self.whole = whole
        self.pathOnly = pathOnly
        self.length = length
        self.depth = depth
    }
}

/// `hash-type`: how hash-based algorithms map a hash to a server.
public struct HashType: Sendable, Hashable {
    public enum Method: String, Sendable, Hashable {
        /// Hash modulo the total weight: fast, but a server change moves most keys.
        case mapBased = "map-based"
        /// A hash ring: removing a server moves only its own keys.
        case consistent
    }

    public enum Function: String, Sendable, Hashable, CaseIterable {
        case sdbm
        case djb2
        case wt6
        case crc32
    }

    public var method: Method
    public var function: Function
    /// Apply an avalanche mix on the hash (`avalanche`).
    public var avalanche: Bool

    public init(method: Method = .mapBased, function: Function = .sdbm, avalanche: Bool = false) {
        self.method = method
        self.function = function
        self.avalanche = avalanche
    }
}
