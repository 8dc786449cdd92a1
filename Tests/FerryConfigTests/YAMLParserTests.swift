@testable import FerryConfig
import FerryDiagnostics
import Foundation
import Testing

@Suite struct YAMLParserTests {
    private func parse(_ text: String, limits: YAMLParser.Limits = YAMLParser.Limits()) -> (documents: [YAMLNode], diagnostics: DiagnosticCollector) {
        var diagnostics = DiagnosticCollector()
        let documents = YAMLParser(file: SourceFile(path: "t.yaml", text: text), limits: limits).documents(diagnostics: &diagnostics)
        return (documents, diagnostics)
    }

    private func compile(_ bytes: [UInt8]) -> Compilation {
        ConfigCompiler.compile(files: [SourceFile(path: "t.yaml", bytes: bytes)], environment: [:], readFile: { _ in nil })
    }

    @Test func nodesKeepTheirPositions() throws {
        let (documents, diagnostics) = parse("a:\n  b: [x, 'y']\n  c: {d: \"e\"}\n")
        #expect(diagnostics.diagnostics.isEmpty)
        guard case .mapping(let top, _) = try #require(documents.first), case .mapping(let inner, _) = top[0].value else {
            Issue.record("expected mappings")
            return
        }
        #expect(top[0].key.span.line == 1 && top[0].key.span.column == 1)
        #expect(inner.map(\.key.text) == ["b", "c"])
        guard case .sequence(let items, let span) = inner[0].value, case .scalar(let y) = items[1] else {
            Issue.record("expected a sequence")
            return
        }
        #expect(span.line == 2 && span.column == 6)
        #expect(y.text == "y" && y.style == .singleQuoted && y.span.column == 10)
    }

    @Test func aliasesShareTheirAnchorsNode() throws {
        let (documents, diagnostics) = parse("base: &b {mode: http}\nother: *b\n")
        #expect(diagnostics.diagnostics.isEmpty)
        guard case .mapping(let entries, _) = try #require(documents.first), case .mapping(let aliased, _) = entries[1].value else {
            Issue.record("expected the alias to be the mapping")
            return
        }
        #expect(aliased.first?.key.text == "mode")
    }

    @Test func duplicateKeysAreReportedAndReadingGoesOn() {
        let (documents, diagnostics) = parse("a: 1\na: 2\nb: [1, 2\n")
        #expect(diagnostics.diagnostics.map(\.code) == [.duplicateKey, .yamlSyntax])
        #expect(documents.isEmpty)
        let (_, second) = parse("a: 1\nb: {c: 1, c: 2}\n")
        #expect(second.diagnostics.map(\.code) == [.duplicateKey])
        #expect(second.diagnostics.first?.location?.line == 2)
    }

    @Test func severalDocuments() {
        let (documents, diagnostics) = parse("a: 1\n---\nb: 2\n---\n")
        #expect(diagnostics.diagnostics.isEmpty)
        #expect(documents.count == 3)
    }

    @Test func syntaxErrorsPointIntoTheFile() {
        for text in ["a: [1, 2\n", "a: \"open\n", "a:\n\t- tab\n", "a: *missing\n", "- a\nb: c\n", "a: b: c\n"] {
            let (_, diagnostics) = parse(text)
            #expect(diagnostics.diagnostics.count == 1, "\(text.debugDescription): \(diagnostics.diagnostics)")
            let location = diagnostics.diagnostics.first?.location
            #expect(location.map { $0.line >= 1 && $0.line <= 3 && $0.column >= 1 } == true)
        }
    }

    /// Malformed input of every kind ends with errors, never a crash: the compilation always returns, with exit 1.
    @Test(.timeLimit(.minutes(1)))
    func malformedInputsEndWithADiagnostic() {
        let valid = "defaults:\n  mode: http\n  timeout: {connect: 5s, client: 5s, server: 5s}\nbackends:\n  app:\n    servers: [s1 10.0.0.1:80]\n"
        var inputs: [[UInt8]] = []
        for cut in stride(from: 1, to: valid.utf8.count, by: 3) {
            inputs.append(Array(valid.utf8.prefix(cut)) + Array("\n  [ {".utf8))
        }
        var random = SplitMix64(seed: 42)
        for _ in 0..<50 {
            inputs.append((0..<Int(random.next() % 2_000)).map { _ in UInt8(truncatingIfNeeded: random.next()) })
        }
        inputs.append(Array(String(repeating: "[", count: 10_000).utf8))
        inputs.append(Array(String(repeating: "- ", count: 5_000).utf8))
        inputs.append(Array(("a: " + String(repeating: "x", count: 1 << 20) + "\n").utf8))
        inputs.append(Array(("a: \"" + String(repeating: "y", count: 1 << 20) + "\"\n").utf8))
        inputs.append([0xFF, 0xFE, 0x00, 0x41])
        for input in inputs {
            let compilation = compile(input)
            #expect(compilation.hasErrors || compilation.configuration != nil)
            #expect(compilation.diagnostics.diagnostics.allSatisfy { $0.location != nil && !$0.message.isEmpty })
        }
        #expect(compile(Array(String(repeating: "[", count: 10_000).utf8)).diagnostics.diagnostics.map(\.code).contains(.yamlLimit))
        #expect(compile(Array(("a: " + String(repeating: "x", count: 1 << 20) + "\n").utf8)).diagnostics.diagnostics.map(\.code).contains(.yamlLimit))
    }

    /// A "billion laughs" document would expand to 9^9 nodes: it is refused without expanding it, in bounded memory.
    @Test(.timeLimit(.minutes(1)))
    func aliasBombIsRefused() throws {
        var text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...9 {
            text += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ") + "]\n"
        }
        text += "frontends: {web: {description: *a9}}\n"
        let before = Self.peakResidentKilobytes()
        let compilation = compile(Array(text.utf8))
        let after = Self.peakResidentKilobytes()
        #expect(compilation.diagnostics.diagnostics.map(\.code) == [.yamlLimit])
        #expect(compilation.diagnostics.diagnostics.first?.message.contains("aliases") == true)
        if let before, let after {
            #expect(after - before < 64 * 1_024, "peak memory grew by \(after - before) KiB")
        }
    }

    @Test func limitsAreConfigurable() {
        var limits = YAMLParser.Limits()
        limits.depth = 3
        #expect(parse("a: {b: {c: 1}}\n", limits: limits).diagnostics.diagnostics.isEmpty)
        #expect(parse("a: {b: {c: {d: 1}}}\n", limits: limits).diagnostics.diagnostics.map(\.code) == [.yamlLimit])
        limits.scalarBytes = 4
        #expect(parse("a: 12345\n", limits: limits).diagnostics.diagnostics.map(\.code) == [.yamlLimit])
    }

    /// VmHWM from /proc: the peak resident set of this process.
    static func peakResidentKilobytes() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return nil }
        return Int(line.split(separator: " ").dropFirst().first ?? "")
    }
}
