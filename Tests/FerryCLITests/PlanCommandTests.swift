import FerryCLI
import Foundation
import Testing

@Suite struct PlanCommandTests {
    @Test func textPlanOfTheExample() async {
        let result = await CLI.run(["plan", "-f", CLI.confD])
        #expect(result.status == 0)
        #expect(result.output.contains("frontend main  (conf.d/20-web.cfg:2") || result.output.contains("frontend main  ("))
        #expect(result.output.contains("→ backend app"))
        #expect(result.output.contains("server app1  127.0.0.1:9001"))
    }

    @Test func jsonPlanParses() async throws {
        let result = await CLI.run(["plan", "--format", "json", "-f", CLI.confD])
        #expect(result.status == 0)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(document["version"] as? Int == 1)
        let backends = try #require(document["backends"] as? [[String: Any]])
        let app = try #require(backends.first { $0["name"] as? String == "app" })
        let servers = try #require(app["servers"] as? [[String: Any]])
        #expect(servers.count == 3)
        let weight = try #require(servers[0]["weight"] as? [String: Any])
        #expect(weight["value"] as? Int == 1)
        #expect((weight["origin"] as? [String: Any])?["kind"] as? String == "built-in")
    }

    @Test func dotPlanIsAcceptedByGraphviz() async throws {
        let result = await CLI.run(["plan", "--format", "dot", "-f", CLI.confD])
        #expect(result.status == 0)
        #expect(result.output.hasPrefix("digraph ferry {"))
        let dot = try #require(["/usr/bin/dot", "/usr/local/bin/dot"].first { FileManager.default.isExecutableFile(atPath: $0) },
                               "graphviz is not installed; run scripts/setup --test")
        let rendered = try CLI.runProgram(dot, ["-Tsvg"], input: result.output)
        #expect(rendered.status == 0, "\(rendered.output)")
        #expect(rendered.output.contains("<svg"))
    }

    @Test func planIsDeterministic() async {
        for format in ["text", "json", "dot"] {
            let first = await CLI.run(["plan", "--format", format, "-f", CLI.confD])
            let second = await CLI.run(["plan", "--format", format, "-f", CLI.confD])
            #expect(first.output == second.output)
        }
    }

    @Test func invalidConfigurationPrintsDiagnosticsAndNoPlan() async throws {
        let directory = try CLI.directory(["invalid.cfg": Configs.invalid])
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = await CLI.run(["plan", "-f", directory.appendingPathComponent("invalid.cfg").path])
        #expect(result.status == 1)
        #expect(result.output.isEmpty)
        #expect(result.error.contains("error[E0201]"))
    }
}

@Suite struct ExecutableTests {
    /// The built `ferry` binary, next to the test bundle.
    static var ferry: String? {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidate = directory.appendingPathComponent("ferry").path
        return FileManager.default.isExecutableFile(atPath: candidate) ? candidate : nil
    }

    @Test func binaryExitStatusesAndStreams() throws {
        let ferry = try #require(Self.ferry, "the ferry executable is built with the tests")
        let valid = try CLI.runProgram(ferry, ["check", "-f", CLI.confD])
        #expect(valid.status == 0)
        #expect(try CLI.runProgram(ferry, ["check", "-f", "/nonexistent"]).status == 2)
        #expect(try CLI.runProgram(ferry, ["frobnicate"]).status == 2)
        let plan = try CLI.runProgram(ferry, ["plan", "--format", "json", "-f", CLI.confD])
        #expect(plan.status == 0)
        #expect((try? JSONSerialization.jsonObject(with: Data(plan.output.utf8))) != nil)
    }

    /// `check` must not touch the network, not even to resolve the host names it is given: strace shows no socket
    /// being opened.
    @Test func checkOpensNoSockets() throws {
        let ferry = try #require(Self.ferry, "the ferry executable is built with the tests")
        let strace = try #require(["/usr/bin/strace"].first { FileManager.default.isExecutableFile(atPath: $0) }, "strace is not installed; run scripts/setup --test")
        let directory = try CLI.directory(["hosts.cfg": """
            defaults
                mode http
                timeout connect 5s
                timeout client 30s
                timeout server 30s
            frontend web
                bind app.example.internal:8080
                default_backend app
            backend app
                server s1 app1.example.internal:80 check
                log syslog.example.internal:514 local0

            """])
        defer { try? FileManager.default.removeItem(at: directory) }
        let trace = directory.appendingPathComponent("trace").path
        let result = try CLI.runProgram(strace, ["-f", "-qq", "-e", "trace=socket,connect", "-e", "signal=none", "-o", trace, ferry, "check", "-f", directory.appendingPathComponent("hosts.cfg").path])
        #expect(result.status == 0, "\(result.output)")
        let calls = try String(contentsOfFile: trace, encoding: .utf8).split(separator: "\n").filter { $0.contains("socket(") || $0.contains("connect(") }
        #expect(calls.isEmpty, "check made network calls:\n\(calls.joined(separator: "\n"))")
    }
}
