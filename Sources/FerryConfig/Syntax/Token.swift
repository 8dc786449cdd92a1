import FerryDiagnostics
import FerryModel

/// One word of a statement after quotes, escapes and `"${VAR}"` expansion, with the span it came from.
public struct Token: Sendable, Hashable {
    /// The word as HAProxy would see it: unquoted, unescaped, expanded.
    public var text: String
    public var path: String
    public var line: Int
    /// 1-based start column and the column just past the word's source text (quotes included).
    public var column: Int
    public var endColumn: Int
    /// Whether any part of the word was quoted or escaped (then `text` may contain spaces, `#` or `$`).
    public var isQuoted: Bool
    /// Environment variables the word referred to in double quotes that were not set (they expanded to nothing).
    public var unsetVariables: [String]
    /// The word as written in HAProxy syntax, quotes, escapes and `${VAR}` references included, so that
    /// `ferry convert` writes what the user wrote rather than its expansion. The words of one `"${VAR[*]}"` share it.
    public var source: String

    public init(
        text: String, path: String, line: Int, column: Int, endColumn: Int, isQuoted: Bool = false,
        unsetVariables: [String] = [], source: String? = nil
    ) {
        self.text = text
        self.path = path
        self.line = line
        self.column = column
        self.endColumn = endColumn
        self.isQuoted = isQuoted
        self.unsetVariables = unsetVariables
        self.source = source ?? ConfigText.quote(text)
    }

    public var location: SourceLocation {
        SourceLocation(path: path, line: line, column: column, endLine: line, endColumn: endColumn)
    }

    public var configLocation: ConfigLocation {
        ConfigLocation(file: path, line: line, column: column, endColumn: endColumn)
    }

    /// The span from this token to the end of another on the same line.
    public func location(through last: Token) -> SourceLocation {
        SourceLocation(path: path, line: line, column: column, endLine: line, endColumn: max(endColumn, last.endColumn))
    }

    public func configLocation(through last: Token) -> ConfigLocation {
        ConfigLocation(file: path, line: line, column: column, endColumn: max(endColumn, last.endColumn))
    }
}

/// The words of one line of a configuration file. Never empty.
public struct Statement: Sendable, Hashable {
    public var words: [Token]
    /// The line had a lexical error (already reported): `words` are those read before it. Readers only note what
    /// the line was about, so that its absence causes no follow-on diagnostics.
    public var isIncomplete: Bool
    /// The full-line comments just above the statement (text after `#`), which `ferry convert` carries over.
    public var comments: [String]

    public init(words: [Token], isIncomplete: Bool = false, comments: [String] = []) {
        precondition(!words.isEmpty, "a statement has at least its keyword")
        self.words = words
        self.isIncomplete = isIncomplete
        self.comments = comments
    }

    public var keyword: Token { words[0] }
    /// The words after the keyword.
    public var arguments: ArraySlice<Token> { words.dropFirst() }
    /// The span of the whole statement.
    public var location: SourceLocation { keyword.location(through: words[words.count - 1]) }
    public var configLocation: ConfigLocation { keyword.configLocation(through: words[words.count - 1]) }
}
