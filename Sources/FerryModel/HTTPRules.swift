/// An `http-request` rule: an action applied to requests that meet its condition, in declaration order.
public struct HTTPRequestRule: Sendable, Hashable {
    public var action: HTTPRequestAction
    public var condition: Condition?
    public var origin: Origin

    public init(action: HTTPRequestAction, condition: Condition?, origin: Origin) {
        self.action = action
        self.condition = condition
        self.origin = origin
    }
}

public enum HTTPRequestAction: Sendable, Hashable {
    /// Replace every occurrence of a header with one value (a log-format string, kept as written).
    case setHeader(name: String, value: String)
    case addHeader(name: String, value: String)
    case deleteHeader(name: String)
    case setPath(String)
    /// Answer with an error status (403 unless `deny_status` says otherwise); stops rule processing.
    case deny(status: Int)
    /// Answer with a response built from the rule; stops rule processing.
    case returnResponse(HTTPReturn)
    case redirect(Redirect)

    /// Whether the action answers the client itself, so that no later rule runs.
    public var isFinal: Bool {
        switch self {
        case .deny, .returnResponse, .redirect: true
        default: false
        }
    }

    /// The keyword after `http-request`.
    public var keyword: String {
        switch self {
        case .setHeader: "set-header"
        case .addHeader: "add-header"
        case .deleteHeader: "del-header"
        case .setPath: "set-path"
        case .deny: "deny"
        case .returnResponse: "return"
        case .redirect: "redirect"
        }
    }
}

/// `http-request return status N [content-type T] [string S]`.
public struct HTTPReturn: Sendable, Hashable {
    public var status: Int
    public var contentType: String?
    public var body: String?

    public init(status: Int = 200, contentType: String? = nil, body: String? = nil) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }
}

/// `http-request redirect location|prefix|scheme TARGET [code N] [drop-query] [append-slash]`.
public struct Redirect: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case location
        case prefix
        case scheme
    }

    public var kind: Kind
    public var target: String
    public var code: Int
    public var dropQuery: Bool
    public var appendSlash: Bool

    public init(kind: Kind, target: String, code: Int = 302, dropQuery: Bool = false, appendSlash: Bool = false) {
        self.kind = kind
        self.target = target
        self.code = code
        self.dropQuery = dropQuery
        self.appendSlash = appendSlash
    }
}

/// An `http-response` rule.
public struct HTTPResponseRule: Sendable, Hashable {
    public var action: HTTPResponseAction
    public var condition: Condition?
    public var origin: Origin

    public init(action: HTTPResponseAction, condition: Condition?, origin: Origin) {
        self.action = action
        self.condition = condition
        self.origin = origin
    }
}

public enum HTTPResponseAction: Sendable, Hashable {
    case setHeader(name: String, value: String)
    case addHeader(name: String, value: String)
    case deleteHeader(name: String)

    public var keyword: String {
        switch self {
        case .setHeader: "set-header"
        case .addHeader: "add-header"
        case .deleteHeader: "del-header"
        }
    }
}

/// A `use_backend` rule: requests (or connections) meeting the condition go to the backend.
public struct BackendSwitchingRule: Sendable, Hashable {
    public var backend: String
    public var condition: Condition?
    public var origin: ConfigLocation

    public init(backend: String, condition: Condition?, origin: ConfigLocation) {
        self.backend = backend
        self.condition = condition
        self.origin = origin
    }
}
