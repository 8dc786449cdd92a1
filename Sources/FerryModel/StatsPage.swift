/// The built-in statistics page of a proxy (`stats enable`, `stats uri`, …).
public struct StatsPage: Sendable, Hashable {
    public var enabled: Sourced<Bool>
    public var uri: Sourced<String>
    /// How often the page asks the browser to reload; `nil` never.
    public var refresh: Sourced<Duration?>
    public var realm: Sourced<String?>
    /// `stats auth USER:PASSWORD` lines; none means no authentication.
    public var credentials: [Sourced<StatsCredential>]
    public var hideVersion: Sourced<Bool>

    public init(
        enabled: Sourced<Bool> = .builtIn(false),
        uri: Sourced<String> = .builtIn("/haproxy?stats"),
        refresh: Sourced<Duration?> = .builtIn(nil),
        realm: Sourced<String?> = .builtIn(nil),
        credentials: [Sourced<StatsCredential>] = [],
        hideVersion: Sourced<Bool> = .builtIn(false)
    ) {
        self.enabled = enabled
        self.uri = uri
        self.refresh = refresh
        self.realm = realm
        self.credentials = credentials
        self.hideVersion = hideVersion
    }
}

public struct StatsCredential: Sendable, Hashable {
    public var user: String
    public var password: String

    public init(user: String, password: String) {
        self.user = user
        self.password = password
    }
}

/// `errorfile STATUS FILE`: the response sent instead of Ferry's own for a status.
public struct ErrorFile: Sendable, Hashable {
    public var status: Int
    public var path: String

    public init(status: Int, path: String) {
        self.status = status
        self.path = path
    }

    /// The statuses HAProxy lets `errorfile` replace.
    public static let statuses = [200, 400, 401, 403, 404, 405, 407, 408, 410, 413, 425, 429, 500, 501, 502, 503, 504]
}
