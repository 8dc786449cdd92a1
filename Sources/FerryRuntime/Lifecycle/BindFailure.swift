import FerryModel

/// A listening address could not be opened: the one-line message names the address, its frontend and where the
/// `bind` line is.
public struct BindFailure: Error, CustomStringConvertible {
    public var frontend: String
    public var address: String
    public var origin: ConfigLocation
    public var reason: String

    public var description: String {
        "cannot bind \(address) for frontend '\(frontend)' (\(origin.file):\(origin.line):\(origin.column)): \(reason)"
    }
}

/// The configuration uses something the runtime can't serve yet, although it is valid.
public struct UnsupportedAtRuntime: Error, CustomStringConvertible {
    public var message: String
    public var origin: ConfigLocation

    public var description: String {
        "\(origin.file):\(origin.line):\(origin.column): \(message)"
    }
}
