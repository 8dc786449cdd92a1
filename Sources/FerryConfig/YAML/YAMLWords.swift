import FerryDiagnostics

/// Turns YAML scalars into the tokens of statements, placed at the scalar in the YAML file.
///
/// A scalar is read as HAProxy words: `${NAME}`, `${NAME-default}` and `${NAME[*]}` expand as they do inside double
/// quotes in a .cfg file, and a line value (`server: s1 10.0.0.1:80 check`) is split with HAProxy's quoting rules.
struct YAMLWords {
    let path: String
    let environment: [String: String]

    /// A token with a given text at a scalar (a key read as a keyword).
    func keyword(_ text: String, at scalar: YAMLScalar) -> Token {
        Token(text: text, path: path, line: scalar.span.line, column: scalar.span.column, endColumn: endColumn(scalar))
    }

    /// The scalar as one word, spaces included.
    func word(_ scalar: YAMLScalar, diagnostics: inout DiagnosticCollector) -> Token? {
        guard !scalar.hasUnsupportedTag else { return nil }
        guard scalar.text.utf8.contains(UInt8(ascii: "$")) else {
            return Token(text: scalar.text, path: path, line: scalar.span.line, column: scalar.span.column, endColumn: endColumn(scalar), isQuoted: true)
        }
        // Written as one double-quoted cfg word, so that only `${…}` expands.
        var quoted = "\""
        var rest = Substring(scalar.text)
        while let first = rest.first {
            if rest.hasPrefix("${") {
                quoted += "${"
                rest = rest.dropFirst(2)
                continue
            }
            switch first {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case "$": quoted += "\\$"
            default: quoted.append(first)
            }
            rest = rest.dropFirst()
        }
        quoted += "\""
        guard let tokens = lex(quoted, scalar: scalar, exact: false, diagnostics: &diagnostics), !tokens.isEmpty else { return nil }
        var token = tokens[0]
        token.text = tokens.map(\.text).joined(separator: " ")
        return token
    }

    /// The scalar as a line of HAProxy words. `nil` when the line has a lexical error (reported).
    func line(_ scalar: YAMLScalar, diagnostics: inout DiagnosticCollector) -> [Token]? {
        guard !scalar.hasUnsupportedTag else { return nil }
        let text = quotingBareExpansions(scalar.text)
        return lex(text, scalar: scalar, exact: text == scalar.text, diagnostics: &diagnostics)
    }

    /// `${…}` outside HAProxy quotes is put in double quotes, so that it expands as one word, as a YAML user expects:
    /// a plain word is quoted whole (`${HOST}:80` → `"${HOST}:80"`), other words around each expansion.
    private func quotingBareExpansions(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "$")) else { return text }
        return Self.words(text).map { word -> String in
            guard word.contains("${") else { return word }
            if !word.contains(where: { "\"'\\#".contains($0) }) { return "\"" + word + "\"" }
            return quotingEachExpansion(word)
        }.joined()
    }

    /// The text cut into words and the blanks between them, quotes respected (joined, they give the text back).
    private static func words(_ text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var currentIsBlank = false
        var doubleQuoted = false
        var singleQuoted = false
        var escaped = false
        for character in text {
            let isBlank = (character == " " || character == "\t") && !doubleQuoted && !singleQuoted && !escaped
            if !current.isEmpty, isBlank != currentIsBlank {
                parts.append(current)
                current = ""
            }
            current.append(character)
            currentIsBlank = isBlank
            if escaped {
                escaped = false
            } else if character == "\\", !singleQuoted {
                escaped = true
            } else if character == "\"", !singleQuoted {
                doubleQuoted.toggle()
            } else if character == "'", !doubleQuoted {
                singleQuoted.toggle()
            }
        }
        if !current.isEmpty { parts.append(current) }
        return parts
    }

    private func quotingEachExpansion(_ text: String) -> String {
        var result = ""
        var doubleQuoted = false
        var singleQuoted = false
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "\\", !singleQuoted, text.index(after: index) < text.endIndex {
                result.append(character)
                index = text.index(after: index)
                result.append(text[index])
            } else if character == "\"", !singleQuoted {
                doubleQuoted.toggle()
                result.append(character)
            } else if character == "'", !doubleQuoted {
                singleQuoted.toggle()
                result.append(character)
            } else if character == "$", !doubleQuoted, !singleQuoted, text[index...].hasPrefix("${"),
                      let close = text[index...].firstIndex(of: "}") {
                result += "\"" + text[index...close] + "\""
                index = close
            } else {
                result.append(character)
            }
            index = text.index(after: index)
        }
        return result
    }

    /// Lexes `text` as one configuration line and places the tokens in the YAML file: exactly when the text is the
    /// scalar as written on one line, else at the scalar.
    private func lex(_ text: String, scalar: YAMLScalar, exact: Bool, diagnostics: inout DiagnosticCollector) -> [Token]? {
        var local = DiagnosticCollector()
        let statements = HAProxyLexer(file: SourceFile(path: path, text: text), environment: environment).statements(diagnostics: &local)
        let oneLine = scalar.span.line == scalar.span.endLine && !text.utf8.contains(UInt8(ascii: "\n"))
        let offset = scalar.style == .singleQuoted || scalar.style == .doubleQuoted ? 1 : 0
        // Escapes in a quoted scalar make its text shorter than its source: columns in the text would be off, so the
        // words are placed at the whole scalar instead.
        let exact = exact && scalar.span.endColumn - scalar.span.column - 2 * offset == text.unicodeScalars.count
        let scalarEnd = endColumn(scalar)
        let place = { (column: Int, end: Int) -> (Int, Int) in
            guard exact, oneLine else { return (scalar.span.column, scalarEnd) }
            return (scalar.span.column + offset + column - 1, scalar.span.column + offset + end - 1)
        }
        for var diagnostic in local.diagnostics {
            if let location = diagnostic.location {
                let (column, end) = place(location.column, location.endColumn)
                diagnostic.location = SourceLocation(path: path, line: scalar.span.line, column: column, endColumn: end)
            }
            diagnostics.report(diagnostic)
        }
        guard !local.hasErrors else { return nil }
        return statements.flatMap(\.words).map { token in
            var placed = token
            (placed.column, placed.endColumn) = place(token.column, token.endColumn)
            placed.line = scalar.span.line
            return placed
        }
    }

    private func endColumn(_ scalar: YAMLScalar) -> Int {
        scalar.span.line == scalar.span.endLine ? max(scalar.span.endColumn, scalar.span.column + 1) : scalar.span.column + 1
    }
}
