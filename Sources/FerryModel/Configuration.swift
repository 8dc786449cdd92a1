/// A whole, validated configuration with every default resolved: what `ferry plan` prints and `ferry run` serves.
///
/// Frontends and backends keep the order in which they were declared. A `listen` section appears in both lists
/// under the same name.
public struct Configuration: Sendable, Hashable {
    public var global: GlobalSettings
    public var frontends: [Frontend]
    public var backends: [Backend]

    public init(global: GlobalSettings = GlobalSettings(), frontends: [Frontend] = [], backends: [Backend] = []) {
        self.global = global
        self.frontends = frontends
        self.backends = backends
    }

    /// The backend of a given name, if any.
    public func backend(named name: String) -> Backend? {
        backends.first { $0.name == name }
    }
}
