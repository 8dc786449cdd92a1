import Foundation
@testable import FerryConfig
import FerryDiagnostics
import FerryModel
import Testing

/// Keeps docs/DIAGNOSTICS.md and docs/CONFIG.md in step with the code: every diagnostic code has its entry, and every
/// supported keyword, option and timeout is documented.
@Suite struct DocumentationTests {
    /// The repository root: this file is Tests/FerryConfigTests/DocumentationTests.swift.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func document(_ name: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent("docs").appendingPathComponent(name), encoding: .utf8)
    }

    /// The lines of a document, without carriage returns.
    static func lines(_ text: String) -> [Substring] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
    }

    @Test func everyDiagnosticCodeHasItsHeading() throws {
        let lines = Set(Self.lines(try Self.document("DIAGNOSTICS.md")).map(String.init))
        let missing = DiagnosticCode.allCases.map { "### \($0.rawValue) — \($0.title)" }.filter { !lines.contains($0) }
        #expect(missing.isEmpty, "docs/DIAGNOSTICS.md lacks these headings: \(missing)")
    }

    /// A heading for a code that no longer exists (or whose title changed) would mislead readers.
    @Test func everyDiagnosticHeadingNamesACurrentCode() throws {
        let known = Set(DiagnosticCode.allCases.map { "### \($0.rawValue) — \($0.title)" })
        let stale = Self.lines(try Self.document("DIAGNOSTICS.md")).map(String.init).filter { line in
            guard line.hasPrefix("### "), let code = line.dropFirst(4).split(separator: " ").first,
                  code.count == 5, code.first == "E" || code.first == "W", code.dropFirst().allSatisfy(\.isNumber)
            else { return false }
            return !known.contains(line)
        }
        #expect(stale.isEmpty, "docs/DIAGNOSTICS.md has headings for codes or titles that do not exist: \(stale)")
    }

    /// Tools and SARIF's `helpUri` link to `DIAGNOSTICS.md#e0201`; each entry needs that anchor.
    @Test func everyDiagnosticCodeHasItsAnchor() throws {
        let text = try Self.document("DIAGNOSTICS.md")
        let missing = DiagnosticCode.allCases.map { "<a id=\"\($0.rawValue.lowercased())\"></a>" }.filter { !text.contains($0) }
        #expect(missing.isEmpty, "docs/DIAGNOSTICS.md lacks these anchors: \(missing)")
    }

    @Test func everyProxyKeywordIsDocumented() throws {
        let text = try Self.document("CONFIG.md")
        let missing = ProxyKeywords.rules.keys.sorted().filter { !text.contains("`\($0)`") }
        #expect(missing.isEmpty, "docs/CONFIG.md does not mention these proxy keywords in backticks: \(missing)")
    }

    @Test func everyGlobalKeywordIsDocumented() throws {
        let text = try Self.document("CONFIG.md")
        let missing = GlobalKeywords.usage.keys.sorted().filter { !text.contains("`\($0)`") }
        #expect(missing.isEmpty, "docs/CONFIG.md does not mention these global keywords in backticks: \(missing)")
    }

    @Test func everyOptionIsDocumented() throws {
        let text = try Self.document("CONFIG.md")
        let missing = ProxyOption.allCases.map(\.rawValue).filter { !text.contains($0) || !text.contains("`option \($0)`") }
        #expect(missing.isEmpty, "docs/CONFIG.md has no `option NAME` entry for: \(missing)")
    }

    @Test func everyTimeoutIsDocumented() throws {
        let text = try Self.document("CONFIG.md")
        let missing = TimeoutKind.allCases.map(\.rawValue).filter { !text.contains($0) || !text.contains("`timeout \($0)`") }
        #expect(missing.isEmpty, "docs/CONFIG.md has no `timeout KIND` entry for: \(missing)")
    }

    /// The comparison run fills this section in; it must stay where that run looks for it.
    @Test func configHasTheHAProxyComparisonSection() throws {
        let lines = Self.lines(try Self.document("CONFIG.md")).map(String.init)
        let found = lines.contains("## Checked against HAProxy 2.6")
        #expect(found, "docs/CONFIG.md lacks the section `## Checked against HAProxy 2.6`")
    }
}

/// The examples of docs/DIAGNOSTICS.md show real output: each `haproxy` block followed by a `console` block that runs
/// `ferry check --format short -f example.cfg` must print exactly what that block says. scripts/refresh-diagnostics-doc
/// rewrites the console blocks from the current build.
@Suite struct DiagnosticsDocumentationExamplesTests {
    struct Example: CustomTestStringConvertible, Sendable {
        var heading: String
        var path: String
        var config: String
        var output: String
        var testDescription: String { heading }
    }

    static let examples: [Example] = {
        guard let text = try? DocumentationTests.document("DIAGNOSTICS.md") else { return [] }
        let lines = DocumentationTests.lines(text).map(String.init)
        var examples: [Example] = []
        var heading = ""
        var index = 0
        func block(at start: Int, fence: String) -> (body: [String], end: Int)? {
            guard start < lines.count, lines[start] == fence else { return nil }
            guard let close = lines[(start + 1)...].firstIndex(of: "```") else { return nil }
            return (Array(lines[(start + 1)..<close]), close)
        }
        while index < lines.count {
            if lines[index].hasPrefix("### ") { heading = String(lines[index].dropFirst(4)) }
            for (fence, name) in [("```haproxy", "example.cfg"), ("```yaml", "example.yaml")] {
                guard let config = block(at: index, fence: fence) else { continue }
                var next = config.end + 1
                while next < lines.count, lines[next].isEmpty { next += 1 }
                if let console = block(at: next, fence: "```console"),
                   console.body.first == "$ ferry check --format short -f \(name)" {
                    examples.append(Example(
                        heading: heading,
                        path: name,
                        config: config.body.joined(separator: "\n") + "\n",
                        output: console.body.dropFirst().map { $0 + "\n" }.joined()
                    ))
                    index = console.end
                }
            }
            index += 1
        }
        return examples
    }()

    @Test func everyCodeWithAConfigurationHasAnExample() {
        #expect(Self.examples.count >= 40)
    }

    @Test(arguments: examples)
    func exampleOutputIsCurrent(_ example: Example) {
        // The only file an example names and expects to exist is maintenance.html, an HTML page.
        let compilation = ConfigCompiler.compile(
            files: [SourceFile(path: example.path, text: example.config)], environment: [:],
            readFile: { $0 == "maintenance.html" ? Array("<html>down for maintenance</html>\n".utf8) : nil }
        )
        let output = DiagnosticFormat.short.render(compilation.diagnostics, sources: compilation.sources)
        #expect(output == example.output, "run scripts/refresh-diagnostics-doc")
    }
}
