import Foundation
import Testing

/// The README's run command on the example configuration in conf.d/ (fixed ports 8080 and 9001–9003).
@Suite("The example configuration in conf.d", .serialized, .timeLimit(.minutes(1)))
struct ExampleConfigTests {
    static let confD = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("conf.d").path

    private func curl(_ arguments: [String]) async throws -> (status: Int32?, output: String) {
        let curl = try #require(["/usr/bin/curl"].first { FileManager.default.isExecutableFile(atPath: $0) }, "curl is not installed; run scripts/setup --test")
        let process = try FerryProcess(executable: curl, arguments: ["-s", "-m", "5"] + arguments)
        let status = await process.waitForExit()
        return (status, process.standardOutput)
    }

    @Test func ferryRunServesItAndCurlSeesRoundRobin() async throws {
        let ferry = try FerryProcess(["run", "-f", Self.confD])
        let started = await ferry.waitForOutput(containing: "ferry started")
        try #require(started != nil, "ferry did not start: \(ferry.standardError)")
        #expect(started?.contains("main=0.0.0.0:8080") == true, "\(started ?? "")")
        var answers: [String] = []
        for _ in 0..<6 {
            answers.append(try await curl(["http://127.0.0.1:8080/"]).output)
        }
        #expect(answers == ["served by app1\n", "served by app2\n", "served by app3\n", "served by app1\n", "served by app2\n", "served by app3\n"])
        let health = try await curl(["-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:8080/healthz"])
        #expect(health.output == "200")
        ferry.signal(SIGTERM)
        #expect(await ferry.waitForExit() == 0)
        #expect(ferry.standardOutput.contains("ferry stopped: drained"))
    }
}
