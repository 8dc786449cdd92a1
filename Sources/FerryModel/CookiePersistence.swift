/// `cookie NAME [insert|rewrite|prefix] [indirect] [nocache] [httponly] [secure]`: sticky sessions by cookie.
public struct CookiePersistence: Sendable, Hashable {
    public enum Mode: String, Sendable, Hashable {
        /// The application sets the cookie to a server's `cookie` value; the proxy only reads it.
        case passive
        /// The proxy adds its own cookie to responses.
        case insert
        /// The proxy rewrites the value of a cookie the application sets.
        case rewrite
        /// The proxy prefixes the application's cookie value with the server's and strips it on the way back.
        case prefix
    }

    public var name: String
    public var mode: Mode
    /// Don't send the cookie to the server, and don't set it again on clients that already have it.
    public var indirect: Bool
    /// Mark responses carrying the cookie as not cacheable.
    public var noCache: Bool
    public var httpOnly: Bool
    public var secure: Bool

    public init(name: String, mode: Mode = .passive, indirect: Bool = false, noCache: Bool = false, httpOnly: Bool = false, secure: Bool = false) {
        self.name = name
        self.mode = mode
        self.indirect = indirect
        self.noCache = noCache
        self.httpOnly = httpOnly
        self.secure = secure
    }
}
