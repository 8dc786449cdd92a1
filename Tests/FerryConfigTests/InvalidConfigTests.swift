import FerryConfig
import FerryDiagnostics
import Testing

/// Every fixture in Fixtures/invalid (HAProxy syntax) and Fixtures/invalid-yaml must fail `check`, with exactly the
/// diagnostics in its `.expected` golden (`file:line:col: severity: message [code]`, one per line).
@Suite struct InvalidConfigTests {
    static let cfgCases = Fixtures.cases(in: "invalid")
    static let yamlCases = Fixtures.cases(in: "invalid-yaml")

    @Test(arguments: cfgCases + yamlCases)
    func diagnostics(_ fixture: Fixtures.Case) {
        let compilation = Fixtures.compile(fixture)
        #expect(compilation.hasErrors, "\(fixture.name) should not be valid")
        let rendered = DiagnosticFormat.short.render(compilation.diagnostics, sources: compilation.sources)
        Golden.assertMatches(rendered, golden: fixture.golden(".expected"))
    }

    @Test func thereAreEnoughCases() {
        #expect(Self.cfgCases.count >= 60)
        #expect(Self.cfgCases.filter(\.isDirectory).count >= 3, "multi-file cases")
        #expect(Self.yamlCases.count >= 30)
    }
}
