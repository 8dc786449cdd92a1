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
