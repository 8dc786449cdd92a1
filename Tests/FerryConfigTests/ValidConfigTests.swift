import FerryConfig
import FerryDiagnostics
import Testing

/// Every fixture in Fixtures/valid must compile without errors or warnings, and its plan must match the JSON
/// golden beside it. The goldens show that each keyword lowers into the model with the right value and origin.
@Suite struct ValidConfigTests {
    static let cases = Fixtures.cases(in: "valid") + Fixtures.cases(in: "valid-yaml")

    @Test(arguments: cases)
    func compilesCleanly(_ fixture: Fixtures.Case) throws {
        let compilation = Fixtures.compile(fixture)
        let rendered = DiagnosticFormat.short.render(compilation.diagnostics, sources: compilation.sources)
        #expect(rendered.isEmpty, "unexpected diagnostics:\n\(rendered)")
        let configuration = try #require(compilation.configuration)
        Golden.assertMatches(PlanFormat.json.render(Plan(configuration)), golden: fixture.golden(".plan.json"))
    }
}
