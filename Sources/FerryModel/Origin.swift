/// A place in a configuration file: the line and the columns of the words that set a value.
///
/// Statements never span lines, so a start column and an end column (exclusive) on one line are enough.
public struct ConfigLocation: Sendable, Hashable {
    public var file: String
    // Stored as 32-bit numbers: every value of the model carries a location, and a 50,000-server configuration
    // holds about a million of them.
    private var storedLine: Int32
    private var storedColumn: Int32
    private var storedEndColumn: Int32

    public var line: Int {
        get { Int(storedLine) }
        set { storedLine = Int32(clamping: newValue) }
    }

    public var column: Int {
        get { Int(storedColumn) }
        set { storedColumn = Int32(clamping: newValue) }
    }

    public var endColumn: Int {
        get { Int(storedEndColumn) }
        set { storedEndColumn = Int32(clamping: newValue) }
    }

    public init(file: String, line: Int, column: Int, endColumn: Int) {
        self.file = file
        self.storedLine = Int32(clamping: line)
        self.storedColumn = Int32(clamping: column)
        self.storedEndColumn = Int32(clamping: endColumn)
    }

    /// `file:line`, the form the plan prints.
    public var fileAndLine: String { "\(file):\(line)" }
}

/// Where an effective value came from.
public enum Origin: Sendable, Hashable {
    /// Ferry's built-in default (which matches HAProxy's unless docs/CONFIG.md says otherwise).
    case builtIn
    /// Set in the section of the proxy (or server line) itself.
    case declared(ConfigLocation)
    /// Inherited from a `defaults` section; `defaults` is its name, `nil` for an anonymous one.
    case inherited(defaults: String?, ConfigLocation)
    /// Not set, so it takes the value of another setting (`timeout queue` that of `timeout connect`), which came
    /// from `origin`.
    indirect case fallback(setting: String, Origin)

    /// The location of the statement that set the value, if any.
    public var location: ConfigLocation? {
        switch self {
        case .builtIn: nil
        case .declared(let location), .inherited(_, let location): location
        case .fallback(_, let origin): origin.location
        }
    }
}

/// An effective value and where it came from.
public struct Sourced<Value: Sendable & Hashable>: Sendable, Hashable {
    public var value: Value
    public var origin: Origin

    public init(_ value: Value, _ origin: Origin) {
        self.value = value
        self.origin = origin
    }

    /// A built-in default.
    public static func builtIn(_ value: Value) -> Sourced<Value> {
        Sourced(value, .builtIn)
    }
}
