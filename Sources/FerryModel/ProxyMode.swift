/// What a proxy understands of the traffic: bytes (`tcp`) or HTTP/1.1 messages (`http`).
public enum ProxyMode: String, Sendable, Hashable, CaseIterable {
    case tcp
    case http
}

/// The kind of section a proxy was declared in. A `listen` section yields both a ``Frontend`` and a ``Backend``.
public enum ProxyKind: String, Sendable, Hashable {
    case frontend
    case backend
    case listen
}

/// Which half of a proxy a setting belongs to: the side that accepts clients, the side that talks to servers, or both.
public enum ProxyCapability: Sendable, Hashable {
    case frontend
    case backend
    case both

    /// Whether a proxy of `kind` has this capability (a `listen` section has both).
    public func isAvailable(in kind: ProxyKind) -> Bool {
        switch (self, kind) {
        case (.both, _), (_, .listen), (.frontend, .frontend), (.backend, .backend): true
        default: false
        }
    }
}
