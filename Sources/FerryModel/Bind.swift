/// A listening address of a frontend, from one `bind` line (a line with several comma-separated addresses gives
/// several binds with the same options).
public struct Bind: Sendable, Hashable {
    public var address: BindAddress
    /// The `name` option, used in logs and stats.
    public var name: String?
    /// `accept-proxy`: expect a PROXY protocol header (v1 or v2) before any data.
    public var acceptProxy: Bool
    public var origin: ConfigLocation

    public init(address: BindAddress, name: String? = nil, acceptProxy: Bool = false, origin: ConfigLocation) {
        self.address = address
        self.name = name
        self.acceptProxy = acceptProxy
        self.origin = origin
    }
}
