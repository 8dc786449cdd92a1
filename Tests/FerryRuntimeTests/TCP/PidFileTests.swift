import Foundation
import Testing

@Suite("pidfile and log targets at start-up", .timeLimit(.minutes(1)))
struct PidFileTests {
    @Test func thePidfileHoldsThePidWhileRunningAndGoesAwayAfter() async throws {
        let pidFile = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-\(UUID().uuidString).pid").path
        let config = try temporaryConfig("""
            global
                pidfile \(pidFile)
                log 192.0.2.1:514 local0
            defaults
                mode tcp
                timeout connect 1s
                timeout client 1m
                timeout server 1m
            listen relay
                bind 127.0.0.1:0
                server s1 127.0.0.1:9
            """)
        let ferry = try FerryProcess(["run", "-f", config])
        let started = try #require(await ferry.waitForOutput(containing: "ferry started"), "stderr: \(ferry.standardError)")
        let pid = started.split(separator: " ").firstIndex(of: "pid").map { String(started.split(separator: " ")[$0 + 1]) }
        let written = try String(contentsOfFile: pidFile, encoding: .utf8)
        #expect(written == "\(pid?.trimmingCharacters(in: .punctuationCharacters) ?? "?")\n")
        #expect(ferry.standardOutput.contains("log target udp 192.0.2.1:514 is not written to yet"))
        ferry.signal(SIGTERM)
        #expect(await ferry.waitForExit() == 0)
        #expect(!FileManager.default.fileExists(atPath: pidFile))
    }
}
