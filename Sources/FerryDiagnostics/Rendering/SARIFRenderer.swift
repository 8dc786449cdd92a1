/// SARIF 2.1.0, the format code-scanning services read.
struct SARIFRenderer {
    func render(_ report: DiagnosticCollector) -> String {
        let codes = Array(Set(report.diagnostics.map(\.code))).sorted { $0.rawValue < $1.rawValue }
        var ruleIndex: [DiagnosticCode: Int] = [:]
        for (index, code) in codes.enumerated() { ruleIndex[code] = index }
        let rules = codes.map { code -> JSONValue in
            .object([
                ("id", .string(code.rawValue)),
                ("shortDescription", .object([("text", .string(code.title))])),
                ("helpUri", .string("https://github.com/ferry-proxy/ferry/blob/main/docs/DIAGNOSTICS.md#\(code.rawValue.lowercased())")),
                ("defaultConfiguration", .object([("level", .string(code.severity.rawValue))])),
            ])
        }
        let results = report.diagnostics.map { diagnostic -> JSONValue in
            var text = diagnostic.message
            if let help = diagnostic.help { text += "\nhelp: \(help)" }
            var members: [(String, JSONValue)] = [
                ("ruleId", .string(diagnostic.code.rawValue)),
                ("ruleIndex", .int(ruleIndex[diagnostic.code] ?? 0)),
                ("level", .string(diagnostic.severity.rawValue)),
                ("message", .object([("text", .string(text))])),
            ]
            if let location = diagnostic.location {
                members.append(("locations", .array([physicalLocation(location)])))
            }
            let related = diagnostic.notes.compactMap { note -> JSONValue? in
                guard let location = note.location else { return nil }
                return .object([
                    ("physicalLocation", physicalLocationBody(location)),
                    ("message", .object([("text", .string(note.message))])),
                ])
            }
            if !related.isEmpty { members.append(("relatedLocations", .array(related))) }
            return .object(members)
        }
        let document = JSONValue.object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([
                .object([
                    ("tool", .object([("driver", .object([
                        ("name", .string("ferry")),
                        ("informationUri", .string("https://github.com/ferry-proxy/ferry")),
                        ("rules", .array(rules)),
                    ]))])),
                    ("columnKind", .string("unicodeCodePoints")),
                    ("results", .array(results)),
                ]),
            ])),
        ])
        return document.serialized() + "\n"
    }

    /// A relative path is a relative URI reference; an absolute one becomes a `file://` URI.
    private func uri(for path: String) -> String {
        let escaped = path.replacingAll("%", with: "%25").replacingAll(" ", with: "%20")
        return path.hasPrefix("/") ? "file://" + escaped : escaped
    }

    private func physicalLocation(_ location: SourceLocation) -> JSONValue {
        .object([("physicalLocation", physicalLocationBody(location))])
    }

    private func physicalLocationBody(_ location: SourceLocation) -> JSONValue {
        .object([
            ("artifactLocation", .object([("uri", .string(uri(for: location.path)))])),
            ("region", .object([
                ("startLine", .int(location.line)), ("startColumn", .int(location.column)),
                ("endLine", .int(location.endLine)), ("endColumn", .int(location.endColumn)),
            ])),
        ])
    }
}
