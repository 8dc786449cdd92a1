/// How bad a problem is. Errors make `ferry check` fail; warnings do so only under `--strict`.
public enum Severity: String, Sendable, Hashable, Codable {
    case error
    case warning
}

/// One problem found in the configuration, with everything a renderer needs to show it.
public struct Diagnostic: Sendable, Hashable {
    /// A secondary location that explains the problem ("first defined here").
    public struct Note: Sendable, Hashable {
        public var message: String
        public var location: SourceLocation?

        public init(_ message: String, at location: SourceLocation? = nil) {
            self.message = message
            self.location = location
        }
    }

    public var severity: Severity
    public var code: DiagnosticCode
    public var message: String
    /// Where the problem is; `nil` only for problems that belong to no file (a path that does not exist).
    public var location: SourceLocation?
    /// A few words printed under the caret ("used here").
    public var label: String?
    public var notes: [Note]
    /// What to do about it, when there is something to say.
    public var help: String?

    public init(
        _ code: DiagnosticCode,
        _ message: String,
        at location: SourceLocation?,
        label: String? = nil,
        notes: [Note] = [],
        help: String? = nil,
        severity: Severity? = nil
    ) {
        self.code = code
        self.severity = severity ?? code.severity
        self.message = message
        self.location = location
        self.label = label
        self.notes = notes
        self.help = help
    }
}

extension Diagnostic: CustomStringConvertible {
    /// The one-line form: `file:line:col: severity: message [code]`.
    public var description: String {
        let prefix = location.map { "\($0.description): " } ?? "ferry: "
        return "\(prefix)\(severity.rawValue): \(message) [\(code.rawValue)]"
    }
}
