/// Collects the diagnostics of one compilation, up to a cap.
///
/// Every stage reports into the same collector so that one run shows all problems in all files. Beyond `limit`
/// diagnostics the rest are only counted: a broken file can produce thousands of follow-on errors that help nobody.
public struct DiagnosticCollector: Sendable {
    public private(set) var diagnostics: [Diagnostic] = []
    /// How many diagnostics were dropped because the cap was reached.
    public private(set) var suppressedCount = 0
    public private(set) var errorCount = 0
    public private(set) var warningCount = 0
    public let limit: Int

    public init(limit: Int = 500) {
        self.limit = limit
    }

    public var hasErrors: Bool { errorCount > 0 }

    public mutating func report(_ diagnostic: Diagnostic) {
        switch diagnostic.severity {
        case .error: errorCount += 1
        case .warning: warningCount += 1
        }
        if diagnostics.count < limit {
            diagnostics.append(diagnostic)
        } else {
            suppressedCount += 1
        }
    }

    public mutating func report(
        _ code: DiagnosticCode,
        _ message: String,
        at location: SourceLocation?,
        label: String? = nil,
        notes: [Diagnostic.Note] = [],
        help: String? = nil
    ) {
        report(Diagnostic(code, message, at: location, label: label, notes: notes, help: help))
    }

    /// Orders diagnostics by file (in the order given), then line and column, keeping the order of equal ones.
    public mutating func sort(fileOrder: [String]) {
        var rank: [String: Int] = [:]
        for (index, path) in fileOrder.enumerated() where rank[path] == nil { rank[path] = index }
        let keyed = diagnostics.enumerated().map { index, diagnostic -> (Int, Int, Int, Int, Diagnostic) in
            guard let location = diagnostic.location else { return (-1, 0, 0, index, diagnostic) }
            return (rank[location.path] ?? Int.max, location.line, location.column, index, diagnostic)
        }
        diagnostics = keyed.sorted { ($0.0, $0.1, $0.2, $0.3) < ($1.0, $1.1, $1.2, $1.3) }.map(\.4)
    }
}
