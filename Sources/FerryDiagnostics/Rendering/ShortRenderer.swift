/// `file:line:col: severity: message [code]`, one line per diagnostic.
struct ShortRenderer {
    func render(_ report: DiagnosticCollector) -> String {
        var output = ""
        for diagnostic in report.diagnostics {
            output += diagnostic.description + "\n"
        }
        if let line = report.suppressedLine { output += line + "\n" }
        return output
    }
}
