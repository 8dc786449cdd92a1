import FerryConfig
import FerryDiagnostics
import Foundation
import Testing

/// `ferry convert` must not change what a configuration means: after cfg → yaml → cfg (and yaml → cfg → yaml) the
/// plan is the same, except for where values came from (file and line), which conversion changes by design.
@Suite struct ConversionTests {
    /// The plan as JSON with every `origin` and `defined` (file:line) removed and keys sorted.
    static func topology(_ compilation: Compilation) throws -> String {
        let configuration = try #require(compilation.configuration, "not valid:\n\(DiagnosticFormat.short.render(compilation.diagnostics, sources: compilation.sources))")
        let json = try JSONSerialization.jsonObject(with: Data(PlanFormat.json.render(Plan(configuration)).utf8))
        let data = try JSONSerialization.data(withJSONObject: stripped(json), options: [.sortedKeys, .prettyPrinted])
        return String(decoding: data, as: UTF8.self)
    }

    private static func stripped(_ value: Any) -> Any {
        if let object = value as? [String: Any] {
            return object.filter { $0.key != "origin" && $0.key != "defined" }.mapValues(stripped)
        }
        if let array = value as? [Any] { return array.map(stripped) }
        return value
    }

    /// Converts every file of a compilation to `format` and compiles the result.
    static func converted(_ compilation: Compilation, to format: ConfigFormat, readFile: @escaping @Sendable (String) -> [UInt8]?) -> (Compilation, [SourceFile]) {
        let files = compilation.sections.map { file in
            SourceFile(path: ConfigConverter.convertedName(of: file.path, to: format), text: ConfigConverter.convert(file.sections, to: format))
        }
        return (ConfigCompiler.compile(files: files, environment: Fixtures.environment, keepSections: true, readFile: readFile), files)
    }

    static func readFixtureFile(_ folder: String) -> @Sendable (String) -> [UInt8]? {
        let base = Golden.fixtures.appendingPathComponent(folder)
        return { path in (try? Data(contentsOf: path.hasPrefix("/") ? URL(fileURLWithPath: path) : base.appendingPathComponent(path))).map(Array.init) }
    }

    /// Checks both round trips starting from `files`; returns the YAML text of the first conversion for inspection.
    @discardableResult
    static func checkRoundTrips(_ files: [SourceFile], folder: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> String {
        let read = readFixtureFile(folder)
        let original = ConfigCompiler.compile(files: files, environment: Fixtures.environment, keepSections: true, readFile: read)
        let expected = try topology(original)
        let startsAsYAML = files.allSatisfy { ConfigFormat(path: $0.path) == .yaml }
        let (first, firstFiles) = converted(original, to: startsAsYAML ? .cfg : .yaml, readFile: read)
        #expect(try topology(first) == expected, "after one conversion:\n\(firstFiles.map(\.path))", sourceLocation: sourceLocation)
        let (second, secondFiles) = converted(first, to: startsAsYAML ? .yaml : .cfg, readFile: read)
        #expect(try topology(second) == expected, "after converting back", sourceLocation: sourceLocation)
        // Converting again (the other way round from the first conversion) keeps the plan and gives the same text:
        // the writers are stable.
        let (third, _) = converted(second, to: startsAsYAML ? .cfg : .yaml, readFile: read)
        #expect(try topology(third) == expected, "after a third conversion", sourceLocation: sourceLocation)
        #expect(third.sections.map { ConfigConverter.convert($0.sections, to: startsAsYAML ? .cfg : .yaml) }
            == first.sections.map { ConfigConverter.convert($0.sections, to: startsAsYAML ? .cfg : .yaml) }, sourceLocation: sourceLocation)
        _ = secondFiles
        return firstFiles.map { String(decoding: $0.bytes, as: UTF8.self) }.joined(separator: "---\n")
    }

    @Test(arguments: ValidConfigTests.cases)
    func validFixturesRoundTrip(_ fixture: Fixtures.Case) throws {
        try Self.checkRoundTrips(Fixtures.files(of: fixture), folder: fixture.folder)
    }

    @Test func exampleConfigurationRoundTrips() throws {
        let confD = Golden.fixtures.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("conf.d")
        let names = try FileManager.default.contentsOfDirectory(atPath: confD.path).filter { $0.hasSuffix(".cfg") || $0.hasSuffix(".yaml") }.sorted()
        let files = try names.map { SourceFile(path: "conf.d/\($0)", bytes: Array(try Data(contentsOf: confD.appendingPathComponent($0)))) }
        try Self.checkRoundTrips(files, folder: "valid")
    }

    /// 250 random valid configurations: generated, checked valid, converted both ways.
    @Test(.timeLimit(.minutes(3)))
    func randomConfigurationsRoundTrip() throws {
        var invalid = 0
        for seed in 0..<250 {
            var generator = ConfigGenerator(seed: UInt64(seed) &* 0x9E37_79B9)
            let text = generator.configuration()
            let file = SourceFile(path: "random-\(seed).cfg", text: text)
            let compilation = ConfigCompiler.compile(files: [file], environment: [:], readFile: { _ in nil })
            guard !compilation.hasErrors else {
                invalid += 1
                Issue.record("generated configuration \(seed) is not valid:\n\(DiagnosticFormat.short.render(compilation.diagnostics, sources: compilation.sources))\n\(text)")
                continue
            }
            try Self.checkRoundTrips([file], folder: "valid")
        }
        #expect(invalid == 0)
    }

    @Test func commentsAreCarriedOver() throws {
        let text = """
            # the defaults
            defaults
                mode http
                # connect quickly
                timeout connect 5s
                timeout client 30s
                timeout server 30s
            # the one backend
            backend app
                # first server
                server s1 127.0.0.1:80 check
                server s2 127.0.0.1:81

            """
        let yaml = try Self.checkRoundTrips([SourceFile(path: "c.cfg", text: text)], folder: "valid")
        #expect(yaml.contains("# the defaults\ndefaults:"))
        #expect(yaml.contains("  # connect quickly\n  timeout:") || yaml.contains("    # connect quickly\n"))
        #expect(yaml.contains("  # the one backend\n  app:"))
        #expect(yaml.contains("    # first server\n"))
    }

    @Test func environmentReferencesAreKept() throws {
        let text = """
            defaults
                mode http
                timeout connect 5s
                timeout client "${CLIENT_TIMEOUT-30s}"
                timeout server 30s
            frontend web
                bind "${FERRY_HOST}:${FERRY_PORT}"
                description "listening on ${FERRY_HOST}"
                default_backend app
            backend app
                server s1 ${FERRY_HOST}:9001

            """
        let yaml = try Self.checkRoundTrips([SourceFile(path: "e.cfg", text: text)], folder: "valid")
        #expect(yaml.contains("${CLIENT_TIMEOUT-30s}"))
        #expect(yaml.contains("${FERRY_HOST}:${FERRY_PORT}"))
        #expect(yaml.contains("listening on ${FERRY_HOST}"))
        #expect(yaml.contains("${FERRY_HOST}:9001"))
    }
}
