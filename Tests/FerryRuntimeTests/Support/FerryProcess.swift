import Foundation
import NIOConcurrencyHelpers

/// A child process (usually the built `ferry` executable), its output collected as it comes.
final class FerryProcess: Sendable {
    struct NotBuilt: Error, CustomStringConvertible {
        var description: String { "the ferry executable is not next to the test bundle; build it with `swift build`" }
    }

    /// The `ferry` binary next to the test bundle.
    static var executable: String? {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidate = directory.appendingPathComponent("ferry").path
        return FileManager.default.isExecutableFile(atPath: candidate) ? candidate : nil
    }

    private let process: Process
    private let output = NIOLockedValueBox("")
    private let error = NIOLockedValueBox("")

    private let input = Pipe()
    /// How many of the two output pipes reached their end.
    private let ended = NIOLockedValueBox(0)

    /// Runs `ferry` with `arguments`.
    convenience init(_ arguments: [String]) throws {
        guard let executable = Self.executable else { throw NotBuilt() }
        try self.init(executable: executable, arguments: arguments)
    }

    /// Runs any program; its standard input is a pipe (see ``send(_:)``).
    init(executable: String, arguments: [String]) throws {
        process = Process()
        process.standardInput = input
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let outputPipe = Pipe()
        let errorPipe = Pipe()
        process.standardOutput = outputPipe
        process.standardError = errorPipe
        outputPipe.fileHandleForReading.readabilityHandler = { [output, ended] handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
                ended.withLockedValue { $0 += 1 }
            }
            output.withLockedValue { $0 += String(decoding: data, as: UTF8.self) }
        }
        errorPipe.fileHandleForReading.readabilityHandler = { [error, ended] handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
                ended.withLockedValue { $0 += 1 }
            }
            error.withLockedValue { $0 += String(decoding: data, as: UTF8.self) }
        }
        try process.run()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    var standardOutput: String { output.withLockedValue { $0 } }
    var standardError: String { error.withLockedValue { $0 } }

    func signal(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Writes a line to the process's standard input.
    func send(_ line: String) { input.fileHandleForWriting.write(Data((line + "\n").utf8)) }

    /// Closes the process's standard input.
    func closeInput() { try? input.fileHandleForWriting.close() }

    /// Polls standard output for a line containing `text` and returns that line.
    func waitForOutput(containing text: String, within seconds: Double = 10) async -> String? {
        let found = await eventually(within: seconds) { standardOutput.contains(text) }
        guard found else { return nil }
        return standardOutput.split(separator: "\n").first { $0.contains(text) }.map(String.init)
    }

    /// The exit status, once the process has exited within `seconds`; nil if it is still running.
    func waitForExit(within seconds: Double = 10) async -> Int32? {
        guard await eventually(within: seconds, { !process.isRunning }) else { return nil }
        // Everything the process wrote is read once both pipes have reached their end.
        _ = await eventually(within: seconds) { ended.withLockedValue { $0 } == 2 }
        return process.terminationStatus
    }
}

/// The port a `ferry run` process listens on for `frontend`, read from its start-up line.
func listeningPort(in startLine: String, frontend: String) -> Int? {
    guard let range = startLine.range(of: "\(frontend)=") else { return nil }
    let address = startLine[range.upperBound...].prefix { !$0.isWhitespace }
    return address.split(separator: ":").last.flatMap { Int($0) }
}

/// Writes `text` to a new temporary file and returns its path.
func temporaryConfig(_ text: String, name: String = "ferry.cfg") throws -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-run-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let file = directory.appendingPathComponent(name)
    try text.write(to: file, atomically: true, encoding: .utf8)
    return file.path
}
