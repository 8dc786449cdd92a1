import FerryCLI
import Foundation
import Synchronization

/// Runs ferry commands in-process and keeps what they print.
struct CLIResult {
    var status: Int32
    var output: String
    var error: String
}

final class OutputBuffer: Sendable {
    private let text = Mutex("")
    func append(_ string: String) { text.withLock { $0 += string } }
    var value: String { text.withLock { $0 } }
}

enum CLI {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let confD = repositoryRoot.appendingPathComponent("conf.d").path

    static func run(_ arguments: [String], environment: [String: String] = [:], terminal isTerminal: Bool = false) async -> CLIResult {
        let output = OutputBuffer()
        let error = OutputBuffer()
        let terminal = Terminal(
            writeOutput: { output.append($0) }, writeError: { error.append($0) },
            outputIsTerminal: isTerminal, errorIsTerminal: isTerminal
        )
        let status = await FerryCLI.run(arguments: arguments, environment: environment, terminal: terminal)
        return CLIResult(status: status, output: output.value, error: error.value)
    }

    /// A temporary directory with the given files, removed by the caller.
    static func directory(_ files: [String: String]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, text) in files {
            let file = url.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
        return url
    }

    /// Runs an installed program and returns its exit status and output.
    static func runProgram(_ path: String, _ arguments: [String], input: String? = nil) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let inputPipe = Pipe()
        if input != nil { process.standardInput = inputPipe }
        try process.run()
        if let input {
            inputPipe.fileHandleForWriting.write(Data(input.utf8))
            try inputPipe.fileHandleForWriting.close()
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

/// Small valid and invalid configurations for command tests.
enum Configs {
    static let valid = """
        defaults
            mode http
            timeout connect 5s
            timeout client 30s
            timeout server 30s
        frontend web
            bind 127.0.0.1:8080
            default_backend app
        backend app
            server s1 127.0.0.1:9001 check

        """
    static let withWarning = valid + "global\n    daemon\n"
    static let invalid = """
        frontend web
            bind :8080
            default_backend ap
        backend app
            server s1 127.0.0.1:9001 weight 300

        """
}
