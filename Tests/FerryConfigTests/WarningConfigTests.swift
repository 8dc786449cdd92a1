import FerryConfig
import FerryDiagnostics
import Testing

/// Fixtures in Fixtures/warnings are valid (check exits 0) but get warnings, exactly those in the `.expected` golden.
@Suite struct WarningConfigTests {
    static let cases = Fixtures.cases(in: "warnings")

    @Test(arguments: cases)
    func warnings(_ fixture: Fixtures.Case) {
        let compilation = Fixtures.compile(fixture)
        #expect(!compilation.hasErrors, "\(fixture.name) should be valid")
        #expect(compilation.diagnostics.warningCount > 0, "\(fixture.name) should get warnings")
        let rendered = DiagnosticFormat.short.render(compilation.diagnostics, sources: compilation.sources)
        Golden.assertMatches(rendered, golden: fixture.golden(".expected"))
    }
}
