/// How a backend checks its servers (for servers with `check`): a TCP connect, or an HTTP request with
/// `option httpchk` and the `http-check` rules.
public struct HealthCheck: Sendable, Hashable {
    /// The HTTP request of `option httpchk`, or `nil` for plain TCP connect checks.
    public var httpRequest: Sourced<HTTPCheckRequest?>
    /// `http-check send` overrides parts of the request.
    public var send: Sourced<HTTPCheckSend>?
    /// `http-check expect` rules; none means a 2xx or 3xx status passes.
    public var expectations: [Sourced<HTTPCheckExpectation>]

    public init(
        httpRequest: Sourced<HTTPCheckRequest?> = .builtIn(nil),
        send: Sourced<HTTPCheckSend>? = nil,
        expectations: [Sourced<HTTPCheckExpectation>] = []
    ) {
        self.httpRequest = httpRequest
        self.send = send
        self.expectations = expectations
    }
}

/// `option httpchk [METHOD] [URI] [VERSION]`.
public struct HTTPCheckRequest: Sendable, Hashable {
    public var method: String
    public var uri: String
    public var version: String

    public init(method: String = "OPTIONS", uri: String = "/", version: String = "HTTP/1.0") {
        self.method = method
        self.uri = uri
        self.version = version
    }
}

/// `http-check send [meth M] [uri U] [ver V] [hdr NAME VALUE]… [body S]`.
public struct HTTPCheckSend: Sendable, Hashable {
    public var method: String?
    public var uri: String?
    public var version: String?
    public var headers: [HTTPHeader]
    public var body: String?

    public init(method: String? = nil, uri: String? = nil, version: String? = nil, headers: [HTTPHeader] = [], body: String? = nil) {
        self.method = method
        self.uri = uri
        self.version = version
        self.headers = headers
        self.body = body
    }
}

public struct HTTPHeader: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// `http-check expect [!] status|rstatus|string|rstring PATTERN`.
public struct HTTPCheckExpectation: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The status is one of a list or range (`200`, `200-399`, `200,204`).
        case status
        case statusRegex = "rstatus"
        case bodyContains = "string"
        case bodyRegex = "rstring"
    }

    public var negated: Bool
    public var kind: Kind
    public var pattern: String

    public init(negated: Bool = false, kind: Kind, pattern: String) {
        self.negated = negated
        self.kind = kind
        self.pattern = pattern
    }
}
