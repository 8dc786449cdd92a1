/// GitHub Actions workflow commands (`::error file=…,line=…,col=…::message`).
struct GitHubRenderer {
    func render(_ report: DiagnosticCollector) -> String {
        var output = ""
        for diagnostic in report.diagnostics {
            var properties: [String] = []
            if let location = diagnostic.location {
                properties += [
                    "file=\(escapeProperty(location.path))", "line=\(location.line)", "col=\(location.column)",
                    "endLine=\(location.endLine)", "endColumn=\(location.endColumn)",
                ]
            }
            properties.append("title=\(escapeProperty("\(diagnostic.code.rawValue) \(diagnostic.code.title)"))")
            var message = diagnostic.message
            for note in diagnostic.notes {
                message += "\nnote: \(note.message)" + (note.location.map { " (\($0.description))" } ?? "")
            }
            if let help = diagnostic.help { message += "\nhelp: \(help)" }
            output += "::\(diagnostic.severity.rawValue) \(properties.joined(separator: ","))::\(escapeData(message))\n"
        }
        if let line = report.suppressedLine { output += "::warning::\(escapeData(line))\n" }
        return output
    }

    private func escapeData(_ text: String) -> String {
        text.replacingAll("%", with: "%25").replacingAll("\r", with: "%0D").replacingAll("\n", with: "%0A")
    }

    private func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingAll(":", with: "%3A").replacingAll(",", with: "%2C")
    }
}

extension String {
    /// Replaces every occurrence of a non-empty string (without Foundation).
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard contains(target) else { return self }
        var result = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
