import FerryCLI
import Foundation
import Testing

@Suite struct CheckCommandTests {
    @Test func exampleConfigurationIsValid() async {
        let result = await CLI.run(["check", "-f", CLI.confD])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.hasPrefix("ferry: configuration is valid ("))
    }

    @Test func exitStatuses() async throws {
        let directory = try CLI.directory(["valid.cfg": Configs.valid, "warning.cfg": Configs.withWarning, "invalid.cfg": Configs.invalid])
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = { (name: String) in directory.appendingPathComponent(name).path }
        #expect(await CLI.run(["check", "-f", path("valid.cfg")]).status == 0)
        #expect(await CLI.run(["check", "-f", path("warning.cfg")]).status == 0)
        #expect(await CLI.run(["check", "--strict", "-f", path("warning.cfg")]).status == 1)
        #expect(await CLI.run(["check", "-f", path("invalid.cfg")]).status == 1)
        #expect(await CLI.run(["check", "-f", path("missing.cfg")]).status == 2)
        #expect(await CLI.run(["check", "--format", "yaml", "-f", path("valid.cfg")]).status == 2)
        #expect(await CLI.run(["check", "--no-such-flag"]).status == 2)
        #expect(await CLI.run(["check", "--help"]).status == 0)
        #expect(await CLI.run(["--version"]).output.contains(FerryCommand.version))
    }

    @Test func missingPathNamesThePath() async {
        let result = await CLI.run(["check", "--format", "short", "-f", "/nonexistent/ferry.cfg"])
        #expect(result.status == 2)
        #expect(result.output == "ferry: error: configuration path '/nonexistent/ferry.cfg' does not exist [E0001]\n")
    }

    @Test func quietPrintsNothingOnSuccessButStillReportsErrors() async throws {
        let directory = try CLI.directory(["valid.cfg": Configs.valid, "invalid.cfg": Configs.invalid])
        defer { try? FileManager.default.removeItem(at: directory) }
        let valid = await CLI.run(["check", "--quiet", "-f", directory.appendingPathComponent("valid.cfg").path])
        #expect(valid.status == 0 && valid.output.isEmpty && valid.error.isEmpty)
        let invalid = await CLI.run(["check", "-q", "-f", directory.appendingPathComponent("invalid.cfg").path])
        #expect(invalid.status == 1 && invalid.output.contains("E0201"))
    }

    @Test func shortFormatIsOneLinePerDiagnostic() async throws {
        let directory = try CLI.directory(["invalid.cfg": Configs.invalid])
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("invalid.cfg").path
        let result = await CLI.run(["check", "--format", "short", "-f", path])
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.contains("\(path):3:21: error: backend 'ap' is not defined [E0201]"))
        #expect(lines.contains("\(path):5:37: error: 'weight' must be between 0 and 256, got 300 [E0302]"))
        #expect(lines.allSatisfy { $0.hasPrefix(path + ":") && $0.hasSuffix("]") })
    }

    @Test func humanFormatShowsTheLineAndACaret() async throws {
        let directory = try CLI.directory(["invalid.cfg": Configs.invalid])
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("invalid.cfg").path
        let result = await CLI.run(["check", "-f", path])
        #expect(result.output.contains("""
            error[E0201]: backend 'ap' is not defined
             --> \(path):3:21
              |
            3 |     default_backend ap
              |                     ^^ used here
              = help: did you mean 'app'? (defined at \(path):4)
            """))
        #expect(result.output.hasSuffix("error: 2 errors, 2 warnings\n"))
        #expect(!result.output.contains("\u{1B}["), "no color when not on a terminal")
    }

    @Test func colorOnlyOnATerminalAndNeverWithNO_COLOR() async throws {
        let directory = try CLI.directory(["invalid.cfg": Configs.invalid])
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("invalid.cfg").path
        #expect(await CLI.run(["check", "-f", path], terminal: true).output.contains("\u{1B}[1;31merror"))
        #expect(!(await CLI.run(["check", "-f", path], environment: ["NO_COLOR": "1"], terminal: true).output.contains("\u{1B}[")))
        #expect(!(await CLI.run(["check", "--color", "never", "-f", path], terminal: true).output.contains("\u{1B}[")))
        #expect(await CLI.run(["check", "--color", "always", "-f", path]).output.contains("\u{1B}["))
    }

    @Test func jsonFormatFollowsTheDocumentedSchema() async throws {
        let directory = try CLI.directory(["invalid.cfg": Configs.invalid])
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("invalid.cfg").path
        let result = await CLI.run(["check", "--format", "json", "-f", path])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(document["version"] as? Int == 1)
        #expect(document["errors"] as? Int == 2)
        #expect(document["warnings"] as? Int == 2)
        let diagnostics = try #require(document["diagnostics"] as? [[String: Any]])
        let first = try #require(diagnostics.first { $0["code"] as? String == "E0201" })
        #expect(first["file"] as? String == path)
        #expect(first["line"] as? Int == 3)
        #expect(first["column"] as? Int == 21)
        #expect(first["endLine"] as? Int == 3)
        #expect(first["endColumn"] as? Int == 23)
        #expect(first["severity"] as? String == "error")
        #expect(first["message"] as? String == "backend 'ap' is not defined")
        #expect((first["help"] as? String)?.hasPrefix("did you mean 'app'?") == true)
        for diagnostic in diagnostics {
            for key in ["file", "line", "column", "endLine", "endColumn", "severity", "code", "message", "help", "notes"] {
                #expect(diagnostic.keys.contains(key), "missing \(key)")
            }
        }
    }

    @Test func githubFormatIsWorkflowCommands() async throws {
        let directory = try CLI.directory(["invalid.cfg": Configs.invalid])
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("invalid.cfg").path
        let result = await CLI.run(["check", "--format", "github", "-f", path])
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines.contains { $0.hasPrefix("::error file=\(path),line=3,col=21,endLine=3,endColumn=23,title=E0201 backend not defined::backend 'ap' is not defined%0Ahelp: did you mean 'app'?") })
        #expect(lines.contains { $0.hasPrefix("::warning file=\(path),line=1,") })
    }

    @Test func sarifFormatIsSARIF210() async throws {
        let directory = try CLI.directory(["invalid.cfg": Configs.invalid])
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("invalid.cfg").path
        let result = await CLI.run(["check", "--format", "sarif", "-f", path])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(document["version"] as? String == "2.1.0")
        let run = try #require((document["runs"] as? [[String: Any]])?.first)
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count == 4)
        let rules = try #require(((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]])
        #expect(Set(rules.compactMap { $0["id"] as? String }) == Set(results.compactMap { $0["ruleId"] as? String }))
        let region = try #require(((((results.first { $0["ruleId"] as? String == "E0201" })?["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["region"] as? [String: Any]))
        #expect(region["startLine"] as? Int == 3 && region["startColumn"] as? Int == 21)
    }
}
