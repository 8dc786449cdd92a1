import FerryConfig
import FerryDiagnostics
import Testing

/// Every fixture in Fixtures/invalid must fail `check`, with exactly the diagnostics in its `.expected` golden
/// (`file:line:col: severity: message [code]`, one per line).
@Suite struct InvalidConfigTests {
    static let cases = Fixtures.cases(in: "invalid")

    @Test(arguments: cases)
    func diagnostics(_ fixture: Fixtures.Case) {
        let compilation = Fixtures.compile(fixture)
        #expect(compilation.hasErrors, "\(fixture.name) should not be valid")
        let rendered = DiagnosticFormat.short.render(compilation.diagnostics, sources: compilation.sources)
        Golden.assertMatches(rendered, golden: fixture.golden(".expected"))
    }

    @Test func thereAreEnoughCases() {
        #expect(Self.cases.count >= 60)
        #expect(Self.cases.filter(\.isDirectory).count >= 3, "multi-file cases")
    }
}

/// Invalid YAML configurations: syntax errors, wrong types, unknown and duplicate keys, and everything the cfg
/// fixtures check, with diagnostics pointing into the YAML.
@Suite struct InvalidYAMLConfigTests {
    static let cases = Fixtures.cases(in: "invalid-yaml")

    @Test(arguments: cases)
    func diagnostics(_ fixture: Fixtures.Case) {
        let compilation = Fixtures.compile(fixture)
        #expect(compilation.hasErrors, "\(fixture.name) should not be valid")
        let rendered = DiagnosticFormat.short.render(compilation.diagnostics, sources: compilation.sources)
        Golden.assertMatches(rendered, golden: fixture.golden(".expected"))
    }

    @Test func thereAreEnoughCases() {
        #expect(Self.cases.count >= 30)
    }
}
