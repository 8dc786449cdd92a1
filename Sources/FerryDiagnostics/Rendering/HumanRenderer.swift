/// The compiler-style form: a headline, the source line with a caret under the problem, notes and help.
///
/// ```
/// error[E0201]: backend 'api' is not defined
///   --> conf.d/20-web.cfg:14:17
///    |
/// 14 |     use_backend api if is_api
///    |                 ^^^ used here
///    = help: did you mean 'apis'?
/// ```
struct HumanRenderer {
    let sources: SourceStore
    let color: Bool

    func render(_ report: DiagnosticCollector) -> String {
        var output = ""
        for diagnostic in report.diagnostics {
            render(diagnostic, into: &output)
            output += "\n"
        }
        if let line = report.suppressedLine { output += line + "\n" }
        if report.errorCount + report.warningCount > 0 {
            let verdict = report.hasErrors ? paint("error", .red) : paint("warning", .yellow)
            output += bold("\(verdict): \(report.countSummary)") + "\n"
        }
        return output
    }

    private func render(_ diagnostic: Diagnostic, into output: inout String) {
        let severityColor: Style = diagnostic.severity == .error ? .red : .yellow
        output += paint("\(diagnostic.severity.rawValue)[\(diagnostic.code.rawValue)]", severityColor)
        output += bold(": \(diagnostic.message)") + "\n"
        let lineNumbers = ([diagnostic.location] + diagnostic.notes.map(\.location)).compactMap { $0?.line }
        let gutter = String(lineNumbers.max() ?? 0).count
        if let location = diagnostic.location {
            snippet(location, label: diagnostic.label, style: severityColor, gutter: gutter, into: &output)
        }
        for note in diagnostic.notes {
            if let location = note.location {
                output += "\(paint("note", .blue)): \(note.message)\n"
                snippet(location, label: nil, style: .blue, gutter: gutter, into: &output)
            } else {
                output += "\(pad(gutter)) \(paint("=", .blue)) note: \(note.message)\n"
            }
        }
        if let help = diagnostic.help {
            output += "\(pad(gutter)) \(paint("=", .blue)) help: \(help)\n"
        }
    }

    private func snippet(_ location: SourceLocation, label: String?, style: Style, gutter: Int, into output: inout String) {
        output += "\(pad(gutter))\(paint("-->", .blue)) \(location.description)\n"
        guard let file = sources[location.path], location.line <= file.lineCount else { return }
        let (text, caretStart, caretWidth) = displayLine(file.lineText(location.line), location: location)
        let bar = paint("|", .blue)
        output += "\(pad(gutter)) \(bar)\n"
        output += "\(paint(String(location.line).leftPadded(to: gutter), .blue)) \(bar) \(text)\n"
        var marker = String(repeating: " ", count: caretStart) + paint(String(repeating: "^", count: caretWidth), style)
        if let label { marker += " " + paint(label, style) }
        output += "\(pad(gutter)) \(bar) \(marker)\n"
    }

    /// The line with tabs expanded and control characters made visible, and where the caret goes in it.
    private func displayLine(_ line: String, location: SourceLocation) -> (String, Int, Int) {
        var text = ""
        var width = 0
        var caretStart = 0
        var caretEnd = 0
        let lastColumn = location.endLine == location.line ? location.endColumn : Int.max
        for (index, scalar) in line.unicodeScalars.enumerated() {
            let column = index + 1
            if column == location.column { caretStart = width }
            switch scalar {
            case "\t":
                let spaces = 4 - width % 4
                text += String(repeating: " ", count: spaces)
                width += spaces
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                text += "?"
                width += 1
            default:
                text.unicodeScalars.append(scalar)
                width += 1
            }
            if column < lastColumn { caretEnd = width }
        }
        if location.column > line.unicodeScalars.count { caretStart = width }
        return Self.window(text, caretStart: caretStart, caretWidth: max(1, caretEnd - caretStart))
    }

    /// A long line is cut to a window around the caret (a generated file can have a 60,000-character line).
    static func window(_ text: String, caretStart: Int, caretWidth: Int, limit: Int = 160) -> (String, Int, Int) {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count > limit else { return (text, caretStart, caretWidth) }
        let width = min(caretWidth, limit / 2)
        let start = max(0, min(caretStart - (limit - width) / 2, scalars.count - limit))
        let end = min(scalars.count, start + limit)
        var shown = String(String.UnicodeScalarView(scalars[start..<end]))
        var caret = caretStart - start
        if start > 0 {
            shown = "…" + shown
            caret += 1
        }
        if end < scalars.count { shown += "…" }
        return (shown, caret, width)
    }

    private enum Style: String {
        case red = "31"
        case yellow = "33"
        case blue = "34"
    }

    private func paint(_ text: String, _ style: Style) -> String {
        color ? "\u{1B}[1;\(style.rawValue)m\(text)\u{1B}[0m" : text
    }

    private func bold(_ text: String) -> String {
        color ? "\u{1B}[1m\(text)\u{1B}[0m" : text
    }

    private func pad(_ width: Int) -> String {
        String(repeating: " ", count: width)
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
