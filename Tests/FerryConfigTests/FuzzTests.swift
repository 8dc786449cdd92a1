import FerryConfig
import FerryDiagnostics
import Foundation
import Testing

/// Feeds random and mutated configurations to the compiler and renderers: every run must end (no crash, no hang)
/// with a verdict and well-formed diagnostics. Deterministic: the seed is fixed unless FERRY_FUZZ_SEED is set, and
/// FERRY_FUZZ_ITERATIONS raises the count for a longer local run.
@Suite struct FuzzTests {
    static let iterations = ProcessInfo.processInfo.environment["FERRY_FUZZ_ITERATIONS"].flatMap(Int.init) ?? 2_500
    static let seed = ProcessInfo.processInfo.environment["FERRY_FUZZ_SEED"].flatMap(UInt64.init) ?? 0x5EED_F00D

    @Test(.timeLimit(.minutes(3)))
    func mutatedConfigurations() throws {
        var random = SplitMix64(seed: Self.seed)
        let seeds = Self.seedInputs()
        #expect(seeds.count > 20)
        var verdicts = [false: 0, true: 0]
        for iteration in 0..<Self.iterations {
            let base = seeds[Int(random.next() % UInt64(seeds.count))]
            let input = Mutator.mutate(base, rounds: 1 + Int(random.next() % 6), random: &random)
            let valid = try check(input, name: "fuzz-\(iteration).cfg")
            verdicts[valid, default: 0] += 1
        }
        // Both verdicts must occur, or the mutations are too weak (or too destructive) to test anything.
        #expect(verdicts[true, default: 0] > 0 && verdicts[false, default: 0] > 0, "\(verdicts)")
    }

    /// The same for YAML: the example and fixture YAML files, and the YAML conversion of every cfg seed.
    @Test(.timeLimit(.minutes(3)))
    func mutatedYAMLConfigurations() throws {
        var random = SplitMix64(seed: Self.seed ^ 0x7A11)
        let seeds = Self.yamlSeeds()
        #expect(seeds.count > 10)
        var verdicts = [false: 0, true: 0]
        for iteration in 0..<(Self.iterations / 2) {
            let base = seeds[Int(random.next() % UInt64(seeds.count))]
            let input = Mutator.mutate(base, rounds: 1 + Int(random.next() % 4), random: &random, words: Mutator.yamlWords)
            let valid = try check(input, name: "fuzz-\(iteration).yaml")
            verdicts[valid, default: 0] += 1
        }
        #expect(verdicts[true, default: 0] > 0 && verdicts[false, default: 0] > 0, "\(verdicts)")
    }

    @Test(.timeLimit(.minutes(1)))
    func randomBytes() throws {
        var random = SplitMix64(seed: Self.seed ^ 0xABCDEF)
        for iteration in 0..<300 {
            let length = Int(random.next() % 4_096)
            let alphabet = Array("frontend backend listen defaults global bind server acl if { } ! \" ' \\ # $ ${X} \n\t:,-0123456789".utf8)
            let bytes = (0..<length).map { _ in
                random.next() % 4 == 0 ? UInt8(truncatingIfNeeded: random.next()) : alphabet[Int(random.next() % UInt64(alphabet.count))]
            }
            _ = try check(bytes, name: "random-\(iteration).cfg")
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func pathologicalInputs() throws {
        let longWord = String(repeating: "a", count: 1 << 20)
        let inputs: [String] = [
            "",
            "\n\n\n",
            "global\n    maxconn " + String(repeating: "9", count: 400) + "\n",
            "frontend " + longWord + "\n",
            "backend b\n" + String(repeating: "    server s 127.0.0.1:80\n", count: 5_000),
            "frontend f\n    bind :80\n    use_backend b if " + String(repeating: "{ path_beg /x } or ", count: 10) + "TRUE\n",
            String(repeating: "\"", count: 10_000),
            String(repeating: "\\", count: 10_001),
            "global\n    log \"${" + String(repeating: "A", count: 100_000) + "}\" local0\n",
            String(repeating: "frontend f\n", count: 3_000),
            "defaults a from a\ndefaults b from b\nfrontend f from f\n",
            "\u{FEFF}global\n    maxconn 10\n",
            "global\r\r\r\n\r\n",
        ]
        for (index, input) in inputs.enumerated() {
            _ = try check(Array(input.utf8), name: "pathological-\(index).cfg")
        }
    }

    /// Compiles and renders one input; returns whether it was valid. Fails the test on malformed output.
    private func check(_ bytes: [UInt8], name: String) throws -> Bool {
        let file = SourceFile(path: name, bytes: bytes)
        let compilation = ConfigCompiler.compile(files: [file], environment: Fixtures.environment, readFile: { _ in nil })
        let report = compilation.diagnostics
        #expect(compilation.configuration == nil || !report.hasErrors)
        for diagnostic in report.diagnostics {
            #expect(!diagnostic.message.isEmpty)
            guard let location = diagnostic.location else {
                Issue.record("\(name): diagnostic without location: \(diagnostic)")
                continue
            }
            let lines = max(1, file.lineCount)
            #expect(location.path == name)
            #expect((1...lines).contains(location.line), "\(name): \(diagnostic) outside the file's \(lines) lines")
            #expect(location.column >= 1 && location.endColumn >= location.column, "\(name): \(diagnostic)")
            #expect(location.endLine >= location.line)
        }
        for format in DiagnosticFormat.allCases {
            let text = format.render(report, sources: compilation.sources)
            #expect(report.diagnostics.isEmpty || !text.isEmpty)
            if format == .json || format == .sarif {
                #expect((try? JSONSerialization.jsonObject(with: Data(text.utf8))) != nil, "\(name): \(format) output is not JSON")
            }
        }
        if let configuration = compilation.configuration {
            let plan = Plan(configuration)
            #expect((try? JSONSerialization.jsonObject(with: Data(PlanFormat.json.render(plan).utf8))) != nil)
            #expect(!PlanFormat.text.render(plan).isEmpty)
            #expect(PlanFormat.dot.render(plan).hasPrefix("digraph"))
        }
        return compilation.configuration != nil
    }

    private func check(_ text: String, name: String) throws -> Bool {
        try check(Array(text.utf8), name: name)
    }

    /// YAML seeds: YAML files of the example and fixtures, and cfg seeds converted to YAML.
    static func yamlSeeds() -> [String] {
        var seeds: [String] = []
        for text in seedInputs() {
            let compilation = ConfigCompiler.compile(files: [SourceFile(path: "seed.cfg", text: text)], environment: Fixtures.environment, keepSections: true, readFile: { _ in nil })
            guard !compilation.hasErrors, let sections = compilation.sections.first?.sections else { continue }
            seeds.append(ConfigConverter.convert(sections, to: .yaml))
        }
        for folder in ["valid-yaml", "invalid-yaml"] {
            for fixture in Fixtures.cases(in: folder) {
                seeds += Fixtures.files(of: fixture).filter { $0.path.hasSuffix(".yaml") }.map { String(decoding: $0.bytes, as: UTF8.self) }
            }
        }
        return seeds
    }

    /// Every fixture and the example configuration, as seeds.
    static func seedInputs() -> [String] {
        var seeds: [String] = []
        for folder in ["valid", "invalid", "warnings"] {
            for fixture in Fixtures.cases(in: folder) {
                seeds += Fixtures.files(of: fixture).filter { $0.path.hasSuffix(".cfg") }.map { String(decoding: $0.bytes, as: UTF8.self) }
            }
        }
        let confD = Golden.fixtures.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("conf.d")
        for name in (try? FileManager.default.contentsOfDirectory(atPath: confD.path)) ?? [] where name.hasSuffix(".cfg") {
            seeds.append((try? String(contentsOf: confD.appendingPathComponent(name), encoding: .utf8)) ?? "")
        }
        return seeds
    }
}

/// Structure-aware mutations: they keep most of a configuration intact so that deep code paths run.
enum Mutator {
    static let words = [
        "global", "defaults", "frontend", "backend", "listen", "bind", "server", "default-server", "balance", "mode",
        "http", "tcp", "timeout", "client", "connect", "option", "httpchk", "acl", "use_backend", "default_backend",
        "if", "unless", "or", "||", "!", "{", "}", "path_beg", "hdr(host)", "-i", "-m", "http-request", "deny",
        "return", "redirect", "cookie", "insert", "check", "weight", "300", "0", "-1", "lots", "5s", "25d", ":80",
        "*:0", "[::1]:80", "127.0.0.1:99999", "\"", "'", "\\x", "${UNSET}", "\"${FERRY_PORT}\"", "#", "from", "stats",
        "errorfile", "503", "log", "global", "no", "maxconn", "retries", "hash-type", "consistent", "uri", "random(9)",
    ]

    static let yamlWords = [
        "- ", ": ", "{", "}", "[", "]", "&a", "*a", "---", "|", ">", "'", "\"", "#", "!!str", "? ", "servers:", "timeout:",
        "frontends:", "backends:", "defaults:", "mode: tcp", "bind: [':80']", "check: true", "weight: 300", "{name: s, address: 1.2.3.4:5}",
        "- s1 10.0.0.1:80 check", "${UNSET}", "if: x", "use_backend:", "acl: {a: path /}", "  ", "\t", "~", "null", "true", "1e9",
    ]

    static func mutate(_ text: String, rounds: Int, random: inout SplitMix64, words: [String] = words) -> [UInt8] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.utf8) }
        for _ in 0..<rounds {
            guard !lines.isEmpty else {
                lines = [Array(words[Int(random.next() % UInt64(words.count))].utf8)]
                continue
            }
            let vocabulary = words
            let index = Int(random.next() % UInt64(lines.count))
            switch random.next() % 9 {
            case 0: lines.remove(at: index)
            case 1: lines.insert(lines[Int(random.next() % UInt64(lines.count))], at: index)
            case 2: lines.swapAt(index, Int(random.next() % UInt64(lines.count)))
            case 3:
                var parts = lines[index].split(separator: UInt8(ascii: " ")).map(Array.init)
                let word = Array(vocabulary[Int(random.next() % UInt64(vocabulary.count))].utf8)
                parts.insert(word, at: Int(random.next() % UInt64(parts.count + 1)))
                lines[index] = Array(parts.joined(separator: [UInt8(ascii: " ")]))
            case 4:
                var parts = lines[index].split(separator: UInt8(ascii: " ")).map(Array.init)
                if !parts.isEmpty { parts.remove(at: Int(random.next() % UInt64(parts.count))) }
                lines[index] = Array(parts.joined(separator: [UInt8(ascii: " ")]))
            case 5:
                if !lines[index].isEmpty {
                    lines[index][Int(random.next() % UInt64(lines[index].count))] = UInt8(truncatingIfNeeded: random.next())
                }
            case 6:
                let cut = lines[index].isEmpty ? 0 : Int(random.next() % UInt64(lines[index].count))
                lines[index] = Array(lines[index].prefix(cut))
            case 7:
                let word = Array(vocabulary[Int(random.next() % UInt64(vocabulary.count))].utf8)
                lines[index] += [UInt8(ascii: " ")] + word
            default:
                lines = Array(lines.prefix(index))
            }
        }
        return Array(lines.joined(separator: [UInt8(ascii: "\n")]))
    }
}

/// A small, fast, seedable generator (SplitMix64), so fuzz runs repeat exactly.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
