import FerryConfig
import FerryDiagnostics
import Foundation
import Testing

@Suite struct LexerTests {
    private func words(_ text: String, environment: [String: String] = Fixtures.environment) -> (words: [[String]], diagnostics: DiagnosticCollector) {
        var diagnostics = DiagnosticCollector()
        let statements = HAProxyLexer(file: SourceFile(path: "t.cfg", text: text), environment: environment).statements(diagnostics: &diagnostics)
        return (statements.filter { !$0.isIncomplete }.map { $0.words.map(\.text) }, diagnostics)
    }

    /// The golden shows every word of every statement of Fixtures/lexer/cases.cfg with its line and column.
    @Test func goldenCases() throws {
        let url = Golden.fixtures.appendingPathComponent("lexer/cases.cfg")
        let file = SourceFile(path: "cases.cfg", bytes: Array(try Data(contentsOf: url)))
        var diagnostics = DiagnosticCollector()
        let statements = HAProxyLexer(file: file, environment: Fixtures.environment).statements(diagnostics: &diagnostics)
        #expect(diagnostics.diagnostics.isEmpty)
        var output = ""
        for statement in statements {
            output += "\(statement.keyword.line):" + statement.words.map { word in
                " \(word.column)-\(word.endColumn)«\(word.text.debugDescription.dropFirst().dropLast())»"
            }.joined() + "\n"
        }
        Golden.assertMatches(output, golden: Golden.fixtures.appendingPathComponent("lexer/cases.tokens"))
    }

    @Test func commentsEndTheLineEvenInsideAWord() {
        #expect(words("a b#c d\n").words == [["a", "b"]])
        #expect(words("#only a comment\n").words.isEmpty)
        #expect(words("a \"#quoted\" '#strong' \\#escaped\n").words == [["a", "#quoted", "#strong", "#escaped"]])
    }

    @Test func quotesConcatenateWithNeighbours() {
        #expect(words("x a\"b c\"'d e'f\n").words == [["x", "ab cd ef"]])
        #expect(words("x \"\" ''\n").words == [["x", "", ""]])
    }

    @Test func escapes() {
        #expect(words(#"x a\ b \\ \" \' \t\x41\n"#).words == [["x", "a b", "\\", "\"", "'", "\tA\n"]])
        #expect(words(#"x "\$y" \$y '\t'"#).words == [["x", "$y", "\\$y", "\\t"]])
        #expect(words(#"x \1 \w"#).words == [["x", "\\1", "\\w"]])
    }

    @Test func environmentExpansionOnlyInsideDoubleQuotes() {
        let env = ["A": "one", "B": "two three", "E": ""]
        #expect(words(#"x "$A" "${A}" $A '${A}'"#, environment: env).words == [["x", "one", "one", "$A", "${A}"]])
        #expect(words(#"x "${UNSET}" "${UNSET-d}" "${E-d}" "${A-d}""#, environment: env).words == [["x", "", "d", "", "one"]])
        #expect(words(#"x "${B[*]}" y"#, environment: env).words == [["x", "two", "three", "y"]])
        #expect(words(#"x "${B}""#, environment: env).words == [["x", "two three"]])
    }

    @Test func lineEnds() {
        #expect(words("a b\r\nc d\r\n").words == [["a", "b"], ["c", "d"]])
        #expect(words("a b\nc d").words == [["a", "b"], ["c", "d"]])
        #expect(words("a\rignored\nb\n").words == [["a"], ["b"]])
    }

    @Test func columnsCountCharactersAndIncludeQuotes() {
        var diagnostics = DiagnosticCollector()
        let statements = HAProxyLexer(file: SourceFile(path: "t.cfg", text: "  é \"ab\" c\n"), environment: [:]).statements(diagnostics: &diagnostics)
        let columns = statements[0].words.map { [$0.column, $0.endColumn] }
        #expect(columns == [[3, 4], [5, 9], [10, 11]])
    }

    @Test(arguments: [
        ("x \"open\n", DiagnosticCode.unterminatedQuote, 3),
        ("x 'open\n", .unterminatedQuote, 3),
        ("x \\xZ1\n", .invalidEscape, 3),
        ("x \\x4\n", .invalidEscape, 3),
        ("x \"$1\"\n", .invalidVariable, 4),
        ("x \"${A\"\n", .invalidVariable, 4),
        ("x \"${A[1]}\"\n", .invalidVariable, 4),
        ("x\u{0}y\n", .binaryContent, 2),
    ])
    func lexicalErrors(_ input: String, _ code: DiagnosticCode, _ column: Int) {
        let result = words(input)
        #expect(result.words.isEmpty)
        #expect(result.diagnostics.diagnostics.map(\.code) == [code])
        #expect(result.diagnostics.diagnostics.first?.location?.column == column)
    }

    @Test func tooManyWords() {
        let line = (0..<65).map { "w\($0)" }.joined(separator: " ")
        let result = words(line + "\n" + "ok\n")
        #expect(result.words == [["ok"]])
        #expect(result.diagnostics.diagnostics.map(\.code) == [.tooManyWords])
        #expect(words((0..<64).map { "w\($0)" }.joined(separator: " ")).words.first?.count == 64)
    }

    /// A line with an error is kept as an incomplete statement with the words read before the error, so that
    /// readers know what it was about (and a broken section header still opens its section).
    @Test func linesWithErrorsAreKeptIncomplete() {
        var diagnostics = DiagnosticCollector()
        let statements = HAProxyLexer(file: SourceFile(path: "t.cfg", text: "backend 'app\nbind \"${A\n"), environment: [:])
            .statements(diagnostics: &diagnostics)
        #expect(statements.map(\.isIncomplete) == [true, true])
        #expect(statements.map { $0.words.map(\.text) } == [["backend", "app"], ["bind", ""]])
    }

    @Test func oneErrorPerLineAndLaterLinesStillRead() {
        let result = words("a \"x\nb 'y\nc ok\n")
        #expect(result.words == [["c", "ok"]])
        #expect(result.diagnostics.diagnostics.map(\.location?.line) == [1, 2])
    }
}
