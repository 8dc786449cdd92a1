import FerryDiagnostics

/// Splits a configuration file into statements following HAProxy 2.6's `parse_line` rules.
///
/// * One statement per line; `\n`, `\r\n` and a lone `\r` end a line, a missing final newline is fine.
/// * `#` outside quotes starts a comment, even in the middle of a word.
/// * `"…"` quotes weakly (escapes and `$VAR` still work), `'…'` strongly (nothing is interpreted); quoted and
///   unquoted parts next to each other form one word.
/// * Outside single quotes a backslash escapes ` `, `#`, `\`, `'`, `"` and, inside double quotes, `$`; `\t`, `\n`,
///   `\r` and `\xHH` give those bytes; any other backslash stays as it is (`\1` is two characters).
/// * Inside double quotes `$NAME`, `${NAME}`, `${NAME-default}` (default only when unset) and `${NAME[*]}` (split
///   into several words at spaces) expand from the environment; an unset variable expands to nothing.
///
/// A line with a lexical error is reported once and dropped, so that it causes no follow-on errors.
public struct HAProxyLexer {
    /// HAProxy refuses lines with more words than this (`MAX_LINE_ARGS`).
    public static let maximumWords = 64

    private let file: SourceFile
    private let environment: [String: String]

    public init(file: SourceFile, environment: [String: String]) {
        self.file = file
        self.environment = environment
    }

    /// The statements of the file, in order. Reports lexical errors into `diagnostics`.
    public func statements(diagnostics: inout DiagnosticCollector) -> [Statement] {
        let bytes = file.bytes
        guard !file.reportsNUL(into: &diagnostics) else { return [] }
        var statements: [Statement] = []
        statements.reserveCapacity(file.lineCount)
        var comments: [String] = []
        for (index, start) in file.lineStarts.enumerated() {
            let end = index + 1 < file.lineStarts.count ? file.lineStarts[index + 1] : bytes.count
            var line = LineLexer(
                bytes: bytes, path: file.path, environment: environment, number: index + 1, start: start, end: end
            )
            do {
                let words = try line.run()
                if !words.isEmpty {
                    statements.append(Statement(words: words, comments: comments))
                    comments.removeAll()
                } else if let comment = Self.comment(bytes[start..<end]) {
                    comments.append(comment)
                }
                if let ignored = line.textAfterCarriageReturn {
                    diagnostics.report(
                        .textAfterCarriageReturn, "text after a carriage return is ignored",
                        at: SourceLocation(path: file.path, line: index + 1, column: ignored.column, endColumn: ignored.endColumn),
                        label: "ignored",
                        help: "a lone carriage return ends a line, as in HAProxy; convert the file to LF (or CRLF) line ends"
                    )
                }
            } catch {
                diagnostics.report(error.diagnostic(path: file.path, line: index + 1))
                // The words read so far still say what the line was (a section header opens its section), so that
                // it causes no follow-on errors.
                if !error.partialWords.isEmpty {
                    statements.append(Statement(words: error.partialWords, isIncomplete: true, comments: comments))
                    comments.removeAll()
                }
            }
        }
        return statements
    }

    /// The text of a line that holds only a comment, after its `#`.
    private static func comment(_ line: ArraySlice<UInt8>) -> String? {
        guard let hash = line.firstIndex(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }),
              line[hash] == UInt8(ascii: "#") else { return nil }
        var text = line[(hash + 1)...]
        while let last = text.last, last == UInt8(ascii: "\n") || last == UInt8(ascii: "\r") { text = text.dropLast() }
        return String(decoding: text, as: UTF8.self)
    }
}

/// A lexical error on a line, with the columns it covers.
private struct LexProblem: Error {
    var code: DiagnosticCode
    var message: String
    var column: Int
    var endColumn: Int
    var label: String?
    var help: String?
    /// The words read before the problem (the word in progress included).
    var partialWords: [Token] = []

    func diagnostic(path: String, line: Int) -> Diagnostic {
        Diagnostic(
            code, message,
            at: SourceLocation(path: path, line: line, column: column, endColumn: endColumn),
            label: label, help: help
        )
    }
}

/// The state of lexing one line.
private struct LineLexer {
    let bytes: [UInt8]
    let path: String
    let environment: [String: String]
    let number: Int
    let start: Int
    let end: Int

    private var words: [Token] = []
    private var word: [UInt8] = []
    /// Offset where the current word began, or `nil` between words.
    private var wordStart: Int?
    private var wordQuoted = false
    /// Environment variables that were unset when the current word expanded them.
    private var wordUnset: [String] = []
    /// Index of the first word of a `${VAR[*]}` split still being read.
    private var splitStart: Int?
    private var doubleQuoted = false
    private var singleQuoted = false
    private var quoteStart = 0
    private var position: Int
    /// Columns of text that follows a lone `\r` on the line (HAProxy ignores it too), if any.
    private(set) var textAfterCarriageReturn: (column: Int, endColumn: Int)?

    init(bytes: [UInt8], path: String, environment: [String: String], number: Int, start: Int, end: Int) {
        self.bytes = bytes
        self.path = path
        self.environment = environment
        self.number = number
        self.start = start
        self.end = end
        self.position = start
    }

    /// The words of the line.
    mutating func run() throws(LexProblem) -> [Token] {
        do {
            try scan()
        } catch {
            var problem = error
            finishWord(at: position)
            problem.partialWords = words
            throw problem
        }
        return words
    }

    private mutating func scan() throws(LexProblem) {
        lineLoop: while position < end {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\n"):
                break lineLoop
            case UInt8(ascii: "\r") where wordStart == nil && !singleQuoted && !doubleQuoted:
                // Between words a carriage return is a space (HAProxy skips it with the other blanks).
                position += 1
            case UInt8(ascii: "\r"):
                noteTextAfterCarriageReturn()
                break lineLoop
            case UInt8(ascii: "#") where !singleQuoted && !doubleQuoted:
                break lineLoop
            case UInt8(ascii: "\"") where !singleQuoted:
                beginWord(quoted: true)
                doubleQuoted.toggle()
                quoteStart = position
                position += 1
            case UInt8(ascii: "'") where !doubleQuoted:
                beginWord(quoted: true)
                singleQuoted.toggle()
                quoteStart = position
                position += 1
            case UInt8(ascii: "\\") where !singleQuoted:
                try escape()
            case _ where isSpace(byte) && !singleQuoted && !doubleQuoted:
                finishWord(at: position)
                position += 1
            case UInt8(ascii: "$") where doubleQuoted:
                try expandVariable()
            default:
                beginWord(quoted: false)
                word.append(byte)
                position += 1
            }
        }
        if singleQuoted || doubleQuoted {
            throw LexProblem(
                code: .unterminatedQuote,
                message: "unterminated \(singleQuoted ? "single" : "double") quote",
                column: column(quoteStart), endColumn: column(position) + (position == quoteStart ? 1 : 0),
                label: "quote opened here",
                help: "close the quote on the same line; statements cannot span lines"
            )
        }
        finishWord(at: position)
        if words.count > HAProxyLexer.maximumWords {
            throw LexProblem(
                code: .tooManyWords,
                message: "line has \(words.count) words; at most \(HAProxyLexer.maximumWords) are allowed",
                column: words[HAProxyLexer.maximumWords].column, endColumn: words[words.count - 1].endColumn,
                help: "split the statement (several `acl` lines with the same name are combined with `or`)"
            )
        }
    }

    private mutating func noteTextAfterCarriageReturn() {
        var end = self.end
        while end > position + 1, [UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: " "), UInt8(ascii: "\t")].contains(bytes[end - 1]) {
            end -= 1
        }
        guard end > position + 1 else { return }
        textAfterCarriageReturn = (column(position + 1), column(end))
    }

    private mutating func escape() throws(LexProblem) {
        let next: UInt8? = position + 1 < end ? bytes[position + 1] : nil
        beginWord(quoted: true)
        switch next {
        case UInt8(ascii: " "), UInt8(ascii: "\\"), UInt8(ascii: "#"), UInt8(ascii: "'"), UInt8(ascii: "\""):
            word.append(next!)
            position += 2
        case UInt8(ascii: "$") where doubleQuoted:
            word.append(UInt8(ascii: "$"))
            position += 2
        case UInt8(ascii: "t"):
            word.append(UInt8(ascii: "\t"))
            position += 2
        case UInt8(ascii: "n"):
            word.append(UInt8(ascii: "\n"))
            position += 2
        case UInt8(ascii: "r"):
            word.append(UInt8(ascii: "\r"))
            position += 2
        case UInt8(ascii: "x"):
            guard position + 3 < end, let high = hexValue(bytes[position + 2]), let low = hexValue(bytes[position + 3])
            else {
                let stop = min(end, position + 4)
                throw LexProblem(
                    code: .invalidEscape, message: "invalid escape sequence: `\\x` needs two hexadecimal digits",
                    column: column(position), endColumn: column(stop), label: "here",
                    help: "write a byte as \\xHH (for example \\x20 for a space), or a backslash as \\\\"
                )
            }
            word.append(high << 4 | low)
            position += 4
        default:
            // Like HAProxy, other sequences keep their backslash (`\1` in a regex stays `\1`).
            word.append(UInt8(ascii: "\\"))
            position += 1
        }
    }

    private mutating func expandVariable() throws(LexProblem) {
        let dollar = position
        position += 1
        var braced = false
        if position < end, bytes[position] == UInt8(ascii: "{") {
            braced = true
            position += 1
        }
        let nameStart = position
        guard position < end, isNameStart(bytes[position]) else {
            throw LexProblem(
                code: .invalidVariable,
                message: "invalid environment variable name after `$`",
                column: column(dollar), endColumn: column(min(end, position + 1)), label: "here",
                help: "variable names start with a letter or `_`; write a literal dollar sign as \\$"
            )
        }
        while position < end, isNameCharacter(bytes[position]) { position += 1 }
        let name = String(decoding: bytes[nameStart..<position], as: UTF8.self)
        var value = environment[name].map { Array($0.utf8) }
        var splitWords = false
        if braced {
            if position < end, bytes[position] == UInt8(ascii: "[") {
                guard position + 2 < end, bytes[position + 1] == UInt8(ascii: "*"), bytes[position + 2] == UInt8(ascii: "]")
                else { throw unmatchedBrace(dollar, message: "invalid word expansion: expected `[*]`") }
                splitWords = true
                position += 3
            }
            if position < end, bytes[position] == UInt8(ascii: "-") {
                let defaultStart = position + 1
                while position < end, bytes[position] != UInt8(ascii: "}"), bytes[position] != UInt8(ascii: "\n") {
                    position += 1
                }
                if value == nil { value = Array(bytes[defaultStart..<min(position, end)]) }
            }
            guard position < end, bytes[position] == UInt8(ascii: "}") else {
                throw unmatchedBrace(dollar, message: "`${` is not closed by `}`")
            }
            position += 1
        }
        beginWord(quoted: true)
        guard let value else {
            wordUnset.append(name)
            return
        }
        for byte in value {
            if splitWords, byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
                if !word.isEmpty { finishWord(at: position, keepingOpen: true) }
            } else {
                word.append(byte)
            }
        }
    }

    private func unmatchedBrace(_ dollar: Int, message: String) -> LexProblem {
        LexProblem(
            code: .invalidVariable, message: message,
            column: column(dollar), endColumn: column(position), label: "here",
            help: "write `${NAME}`, `${NAME-default}` or `${NAME[*]}`"
        )
    }

    private mutating func beginWord(quoted: Bool) {
        if wordStart == nil { wordStart = position }
        if quoted { wordQuoted = true }
    }

    /// Ends the current word at `offset`. With `keepingOpen`, a new word starts at once at the same place
    /// (word splitting inside `${VAR[*]}`).
    private mutating func finishWord(at offset: Int, keepingOpen: Bool = false) {
        guard let startOffset = wordStart else { return }
        let source = String(decoding: bytes[startOffset..<max(startOffset, min(offset, end))], as: UTF8.self)
        words.append(Token(
            text: String(decoding: word, as: UTF8.self),
            path: path,
            line: number,
            column: column(startOffset),
            endColumn: column(max(offset, startOffset + 1)),
            isQuoted: wordQuoted,
            unsetVariables: wordUnset,
            source: source
        ))
        if keepingOpen {
            splitStart = splitStart ?? words.count - 1
        } else if let first = splitStart {
            // The words of a `${VAR[*]}` split all come from the whole word as written.
            for index in first..<words.count { words[index].source = source }
            splitStart = nil
        }
        word.removeAll(keepingCapacity: true)
        wordStart = keepingOpen ? startOffset : nil
        if !keepingOpen {
            wordQuoted = false
            wordUnset.removeAll()
        }
    }

    private func column(_ offset: Int) -> Int {
        SourceFile.column(of: offset, lineStart: start, in: bytes)
    }

    /// The separators of `isspace()` other than line ends.
    private func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == 0x0B || byte == 0x0C
    }

    private func isNameStart(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") || byte == UInt8(ascii: "_")
    }

    private func isNameCharacter(_ byte: UInt8) -> Bool {
        isNameStart(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    private func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
