/// A node of a YAML document, with where it starts and ends in its file (1-based lines and columns).
///
/// Aliases are resolved: an alias is the node its anchor names (shared, not copied). Mapping keys are scalars and
/// keep their order; duplicate keys were rejected by the parser.
public indirect enum YAMLNode: Sendable {
    case scalar(YAMLScalar)
    case sequence([YAMLNode], YAMLSpan)
    case mapping([(key: YAMLScalar, value: YAMLNode)], YAMLSpan)

    public var span: YAMLSpan {
        switch self {
        case .scalar(let scalar): scalar.span
        case .sequence(_, let span), .mapping(_, let span): span
        }
    }

    /// "a scalar", "a sequence" or "a mapping", for type errors.
    public var kindDescription: String {
        switch self {
        case .scalar(let scalar): scalar.isNull ? "nothing" : "a scalar"
        case .sequence: "a sequence"
        case .mapping: "a mapping"
        }
    }
}

/// Where a node is: its first character and the one just past it.
public struct YAMLSpan: Sendable, Hashable {
    public var line: Int
    public var column: Int
    public var endLine: Int
    public var endColumn: Int

    public init(line: Int, column: Int, endLine: Int, endColumn: Int) {
        self.line = line
        self.column = column
        self.endLine = endLine
        self.endColumn = endColumn
    }
}

/// A scalar and how it was written.
public struct YAMLScalar: Sendable, Hashable {
    public enum Style: Sendable, Hashable {
        case plain
        case singleQuoted
        case doubleQuoted
        case literal
        case folded
    }

    public var text: String
    public var style: Style
    public var span: YAMLSpan
    /// The scalar had a tag Ferry does not support (already reported): its value is not used.
    public var hasUnsupportedTag: Bool

    public init(text: String, style: Style, span: YAMLSpan, hasUnsupportedTag: Bool = false) {
        self.text = text
        self.style = style
        self.span = span
        self.hasUnsupportedTag = hasUnsupportedTag
    }

    /// A plain `~`, `null` or empty scalar: the YAML null.
    public var isNull: Bool {
        style == .plain && ["", "~", "null", "Null", "NULL"].contains(text)
    }

    /// `true` or `false` when the scalar is a plain YAML boolean.
    public var boolean: Bool? {
        guard style == .plain else { return nil }
        switch text {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: return nil
        }
    }
}
