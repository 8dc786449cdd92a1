/// The documented JSON form of `ferry check --format json` (schema in docs/DIAGNOSTICS.md).
struct JSONDiagnosticsRenderer {
    func render(_ report: DiagnosticCollector) -> String {
        let document = JSONValue.object([
            ("version", .int(1)),
            ("errors", .int(report.errorCount)),
            ("warnings", .int(report.warningCount)),
            ("suppressed", .int(report.suppressedCount)),
            ("diagnostics", .array(report.diagnostics.map(object(for:)))),
        ])
        return document.serialized() + "\n"
    }

    private func object(for diagnostic: Diagnostic) -> JSONValue {
        var members = locationMembers(diagnostic.location)
        members += [
            ("severity", .string(diagnostic.severity.rawValue)),
            ("code", .string(diagnostic.code.rawValue)),
            ("message", .string(diagnostic.message)),
            ("help", .string(diagnostic.help)),
            ("notes", .array(diagnostic.notes.map { note in
                .object([("message", .string(note.message))] + locationMembers(note.location))
            })),
        ]
        return .object(members)
    }

    private func locationMembers(_ location: SourceLocation?) -> [(String, JSONValue)] {
        guard let location else {
            return [("file", .null), ("line", .null), ("column", .null), ("endLine", .null), ("endColumn", .null)]
        }
        return [
            ("file", .string(location.path)), ("line", .int(location.line)), ("column", .int(location.column)),
            ("endLine", .int(location.endLine)), ("endColumn", .int(location.endColumn)),
        ]
    }
}
