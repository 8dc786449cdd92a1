import FerryDiagnostics
import Foundation
import Testing

@Suite struct RendererTests {
    private let file = SourceFile(path: "conf.d/20-web.cfg", text: """
        frontend web
        \tbind :80
            use_backend apis if { path_beg /api }
            default_backend ap
        backend api
        """)

    private func report(_ diagnostics: [Diagnostic]) -> DiagnosticCollector {
        var collector = DiagnosticCollector()
        for diagnostic in diagnostics { collector.report(diagnostic) }
        return collector
    }

    private var undefined: Diagnostic {
        Diagnostic(
            .undefinedBackend, "backend 'ap' is not defined",
            at: SourceLocation(path: file.path, line: 4, column: 21, endColumn: 23),
            label: "used here", help: "did you mean 'api'? (defined at conf.d/20-web.cfg:5)"
        )
    }

    @Test func humanFormatPointsAtTheSpan() {
        let text = DiagnosticFormat.human.render(report([undefined]), sources: SourceStore([file]))
        #expect(text == """
            error[E0201]: backend 'ap' is not defined
             --> conf.d/20-web.cfg:4:21
              |
            4 |     default_backend ap
              |                     ^^ used here
              = help: did you mean 'api'? (defined at conf.d/20-web.cfg:5)

            error: 1 error, 0 warnings

            """)
    }

    @Test func tabsAreExpandedUnderTheCaret() {
        let diagnostic = Diagnostic(.invalidPort, "invalid port", at: SourceLocation(path: file.path, line: 2, column: 7, endColumn: 9))
        let text = DiagnosticFormat.human.render(report([diagnostic]), sources: SourceStore([file]))
        #expect(text.contains("2 |     bind :80\n  |          ^^\n"))
    }

    @Test func notesWithLocationsGetTheirOwnSnippet() {
        var diagnostic = Diagnostic(
            .duplicateProxy, "backend 'api' is defined twice", at: SourceLocation(path: file.path, line: 5, column: 9, endColumn: 12)
        )
        diagnostic.notes = [Diagnostic.Note("first defined here", at: SourceLocation(path: file.path, line: 1, column: 10, endColumn: 13)), Diagnostic.Note("a plain note")]
        let text = DiagnosticFormat.human.render(report([diagnostic]), sources: SourceStore([file]))
        #expect(text.contains("note: first defined here\n --> conf.d/20-web.cfg:1:10\n  |\n1 | frontend web\n  |          ^^^\n"))
        #expect(text.contains("  = note: a plain note\n"))
    }

    @Test func severityAndWarningsSummary() {
        let warning = Diagnostic(.ignoredKeyword, "'daemon' is ignored", at: SourceLocation(path: file.path, line: 1, column: 1))
        let text = DiagnosticFormat.human.render(report([warning]), sources: SourceStore([file]))
        #expect(text.hasPrefix("warning[W0001]: 'daemon' is ignored\n"))
        #expect(text.hasSuffix("warning: 0 errors, 1 warning\n"))
    }

    @Test func capCountsWhatItDrops() {
        var collector = DiagnosticCollector(limit: 2)
        for _ in 0..<5 { collector.report(undefined) }
        #expect(collector.diagnostics.count == 2)
        #expect(collector.suppressedCount == 3)
        #expect(collector.errorCount == 5)
        let short = DiagnosticFormat.short.render(collector, sources: SourceStore([file]))
        #expect(short.hasSuffix("ferry: 3 more diagnostics not shown (limit 2)\n"))
        let json = DiagnosticFormat.json.render(collector, sources: SourceStore([file]))
        #expect(json.contains("\"suppressed\": 3"))
    }

    @Test func githubEscapesPropertiesAndData() {
        let diagnostic = Diagnostic(
            .invalidValue, "bad value: 100%\nnext", at: SourceLocation(path: "a,b:c.cfg", line: 1, column: 1), help: "fix it"
        )
        let text = DiagnosticFormat.github.render(report([diagnostic]), sources: SourceStore())
        #expect(text == "::error file=a%2Cb%3Ac.cfg,line=1,col=1,endLine=1,endColumn=2,title=E0308 invalid value::bad value: 100%25%0Anext%0Ahelp: fix it\n")
    }

    @Test func jsonEscapesStrings() throws {
        let diagnostic = Diagnostic(.invalidValue, "quote \" backslash \\ tab \t nul \u{0}", at: SourceLocation(path: "x.cfg", line: 1, column: 1))
        let text = DiagnosticFormat.json.render(report([diagnostic]), sources: SourceStore())
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let message = (object["diagnostics"] as? [[String: Any]])?.first?["message"] as? String
        #expect(message == "quote \" backslash \\ tab \t nul \u{0}")
    }

    @Test func sarifAbsolutePathsAreFileURIs() {
        let diagnostic = Diagnostic(.invalidValue, "x", at: SourceLocation(path: "/etc/ferry/conf.d/a b.cfg", line: 1, column: 1))
        let text = DiagnosticFormat.sarif.render(report([diagnostic]), sources: SourceStore())
        #expect(text.contains("\"uri\": \"file:///etc/ferry/conf.d/a%20b.cfg\""))
    }

    @Test func codesAreUniqueAndWellFormed() {
        let codes = DiagnosticCode.allCases.map(\.rawValue)
        #expect(Set(codes).count == codes.count)
        #expect(codes.allSatisfy { $0.count == 5 && ($0.hasPrefix("E") || $0.hasPrefix("W")) && Int($0.dropFirst()) != nil })
        #expect(DiagnosticCode.allCases.allSatisfy { !$0.title.isEmpty })
    }
}

@Suite struct DidYouMeanTests {
    @Test(arguments: [
        ("frontned", ["frontend", "backend"], "frontend"),
        ("roundrobbin", ["roundrobin", "leastconn"], "roundrobin"),
        ("chek", ["check", "cookie"], "check"),
        ("htp", ["http", "tcp"], "http"),
        ("ap", ["app", "api"], "api"),
    ])
    func suggests(_ word: String, _ candidates: [String], _ expected: String) {
        #expect(DidYouMean.suggestion(for: word, among: candidates) == expected)
    }

    @Test func nothingCloseMeansNoSuggestion() {
        #expect(DidYouMean.suggestion(for: "zzzzzz", among: ["frontend", "backend"]) == nil)
        #expect(DidYouMean.suggestion(for: "", among: ["a"]) == nil)
        #expect(DidYouMean.suggestion(for: "same", among: ["same"]) == nil)
    }
}
