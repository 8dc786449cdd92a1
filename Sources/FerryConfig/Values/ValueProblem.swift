import FerryDiagnostics

/// Why a word is not a valid value, before it is tied to a place in a file.
public struct ValueProblem: Error, Sendable, Hashable {
    public var code: DiagnosticCode
    public var message: String
    public var help: String?

    public init(_ code: DiagnosticCode, _ message: String, help: String? = nil) {
        self.code = code
        self.message = message
        self.help = help
    }
}
