import Foundation
import Testing

/// HAProxy 2.6 is the oracle for the valid fixtures: each must also pass `haproxy -c`, so Ferry never accepts as
/// valid something HAProxy would reject (scripts/test installs haproxy).
@Suite struct HAProxyOracleTests {
    /// The valid fixtures in HAProxy syntax (HAProxy cannot read the YAML ones).
    static let cases = Fixtures.cases(in: "valid")

    @Test(arguments: cases)
    func haproxyAcceptsValidFixture(_ fixture: Fixtures.Case) throws {
        let haproxy = try #require(Self.haproxyPath, "haproxy is not installed; run scripts/setup --test")
        let folder = Golden.fixtures.appendingPathComponent(fixture.folder)
        let files = Fixtures.files(of: fixture).flatMap { ["-f", $0.path] }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: haproxy)
        process.arguments = ["-c", "-q"] + files
        process.currentDirectoryURL = folder
        process.environment = Fixtures.environment.merging(["PATH": "/usr/sbin:/usr/bin:/bin"]) { first, _ in first }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "haproxy -c rejects \(fixture.name):\n\(text)")
    }

    static var haproxyPath: String? {
        ["/usr/sbin/haproxy", "/usr/local/sbin/haproxy", "/usr/bin/haproxy"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
