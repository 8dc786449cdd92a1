import Foundation
import Testing

/// Golden files: expected output kept beside the tests. A missing golden is written and the test fails (so a new
/// golden is always looked at once); `RECORD_SNAPSHOTS=1` rewrites every golden.
enum Golden {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static var recording: Bool {
        ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"].map { !$0.isEmpty && $0 != "0" } ?? false
    }

    static func assertMatches(_ actual: String, golden url: URL, sourceLocation: SourceLocation = #_sourceLocation) {
        let expected = try? String(contentsOf: url, encoding: .utf8)
        if recording || expected == nil {
            try? actual.write(to: url, atomically: true, encoding: .utf8)
            if expected == nil {
                Issue.record("recorded missing golden \(url.lastPathComponent); check it and run again", sourceLocation: sourceLocation)
            }
            return
        }
        guard let expected, expected != actual else { return }
        Issue.record(
            """
            \(url.lastPathComponent) differs (RECORD_SNAPSHOTS=1 rewrites it):
            \(diff(expected: expected, actual: actual))
            """,
            sourceLocation: sourceLocation
        )
    }

    /// The first lines that differ, enough to see what changed.
    static func diff(expected: String, actual: String) -> String {
        let left = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let right = actual.split(separator: "\n", omittingEmptySubsequences: false)
        var lines: [String] = []
        for index in 0..<max(left.count, right.count) where lines.count < 12 {
            let l = index < left.count ? String(left[index]) : "<none>"
            let r = index < right.count ? String(right[index]) : "<none>"
            if l != r { lines.append("line \(index + 1):\n  expected: \(l)\n  actual:   \(r)") }
        }
        return lines.joined(separator: "\n")
    }
}
