/// The output formats of `ferry check`.
public enum DiagnosticFormat: String, Sendable, CaseIterable {
    /// Source line and caret, for people; colored when printing to a terminal.
    case human
    /// `file:line:col: severity: message [code]`, one line each, for grep and editors.
    case short
    /// A documented JSON document (see docs/DIAGNOSTICS.md), for tools.
    case json
    /// GitHub Actions workflow commands, which show as annotations on the pull request.
    case github
    /// SARIF 2.1.0, for code-scanning services.
    case sarif

    /// Renders all diagnostics of a compilation. Output ends with a newline unless it is empty.
    public func render(_ report: DiagnosticCollector, sources: SourceStore, color: Bool = false) -> String {
        switch self {
        case .human: HumanRenderer(sources: sources, color: color).render(report)
        case .short: ShortRenderer().render(report)
        case .json: JSONDiagnosticsRenderer().render(report)
        case .github: GitHubRenderer().render(report)
        case .sarif: SARIFRenderer().render(report)
        }
    }
}

extension DiagnosticCollector {
    /// "2 errors, 1 warning", for summary lines.
    public var countSummary: String {
        func plural(_ count: Int, _ word: String) -> String { "\(count) \(word)\(count == 1 ? "" : "s")" }
        return "\(plural(errorCount, "error")), \(plural(warningCount, "warning"))"
    }

    /// The line that says how many diagnostics the cap held back, if any.
    var suppressedLine: String? {
        suppressedCount == 0 ? nil : "ferry: \(suppressedCount) more diagnostics not shown (limit \(limit))"
    }
}
