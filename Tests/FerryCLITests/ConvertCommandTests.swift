import FerryCLI
import Foundation
import Testing

@Suite struct ConvertCommandTests {
    @Test func convertsTheExampleBothWaysWithTheSamePlan() async throws {
        let yamlDirectory = try CLI.directory([:])
        let cfgDirectory = try CLI.directory([:])
        defer {
            try? FileManager.default.removeItem(at: yamlDirectory)
            try? FileManager.default.removeItem(at: cfgDirectory)
        }
        let toYAML = await CLI.run(["convert", "--to", "yaml", "-f", CLI.confD, "-o", yamlDirectory.path])
        #expect(toYAML.status == 0, "\(toYAML.error)")
        let written = try FileManager.default.contentsOfDirectory(atPath: yamlDirectory.path).sorted()
        #expect(written == ["00-global.yaml", "10-defaults.yaml", "20-web.yaml", "30-demo.yaml"])
        let toCfg = await CLI.run(["convert", "--to", "cfg", "-f", yamlDirectory.path, "-o", cfgDirectory.path])
        #expect(toCfg.status == 0, "\(toCfg.error)")
        let plans = await [CLI.confD, yamlDirectory.path, cfgDirectory.path].asyncMap { path in
            await CLI.run(["plan", "--format", "text", "-f", path]).output
        }
        // Same topology; only the file:line origins differ.
        let stripped = plans.map { $0.split(separator: "\n").map { $0.split(separator: "(").first.map(String.init) ?? "" } }
        #expect(stripped[0] == stripped[1])
        #expect(stripped[0] == stripped[2])
    }

    @Test func writesToStandardOutputAsOneStream() async {
        let result = await CLI.run(["convert", "--to", "yaml", "-f", CLI.confD])
        #expect(result.status == 0)
        #expect(result.output.contains("\n---\n"))
        #expect(result.output.contains("frontends:\n"))
        #expect(result.output.contains("# Process-wide settings."))
    }

    @Test func refusesInvalidConfigurationsAndOverwritingInputs() async throws {
        let directory = try CLI.directory(["invalid.cfg": Configs.invalid, "valid.cfg": Configs.valid])
        defer { try? FileManager.default.removeItem(at: directory) }
        let invalid = await CLI.run(["convert", "--to", "yaml", "-f", directory.appendingPathComponent("invalid.cfg").path])
        #expect(invalid.status == 1)
        #expect(invalid.output.isEmpty)
        #expect(invalid.error.contains("E0201"))
        let sameFile = await CLI.run(["convert", "--to", "cfg", "-f", directory.appendingPathComponent("valid.cfg").path, "-o", directory.path])
        #expect(sameFile.status == 2)
        #expect(sameFile.error.contains("refusing to overwrite"))
        #expect(await CLI.run(["convert", "-f", CLI.confD]).status == 2, "--to is required")
    }

    @Test func subcommandHelp() async {
        for arguments in [["convert", "--help"], ["help", "convert"], ["check", "--help"], ["help", "plan"]] {
            let result = await CLI.run(arguments)
            #expect(result.status == 0)
            #expect(result.output.contains("USAGE: ferry \(arguments.first == "help" ? arguments[1] : arguments[0])"), "\(arguments)")
        }
    }
}

extension Array {
    func asyncMap<T>(_ transform: (Element) async -> T) async -> [T] {
        var results: [T] = []
        for element in self { results.append(await transform(element)) }
        return results
    }
}
