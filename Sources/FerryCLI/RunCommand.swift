import ArgumentParser
import FerryConfig
import Foundation
import FerryDiagnostics
import FerryRuntime
import Logging
import ServiceLifecycle

/// `ferry run`: validate the configuration, then serve it until SIGTERM or SIGINT.
struct RunCommand: ParsableCommand, FerrySubcommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Validate the configuration, then serve it until SIGTERM or SIGINT.",
        discussion: """
            Refuses to start on any configuration error and prints the same diagnostics as `check`. SIGTERM or \
            SIGINT stop gracefully: listeners close, established sessions finish (up to `hard-stop-after`); a second \
            SIGINT stops at once. Logs go to standard output.
            Exit status: 0 after a graceful stop, 1 on an invalid configuration or a bind failure, 2 usage or \
            unreadable input.
            """
    )

    @OptionGroup var config: ConfigOptions
    @OptionGroup var diagnosticOptions: DiagnosticOptions

    func execute(environment: [String: String], terminal: Terminal) async -> Int32 {
        let compilation = ConfigCompiler.compile(paths: config.resolvedPaths, environment: environment)
        diagnosticOptions.printToStandardError(compilation, environment: environment, terminal: terminal)
        let status = exitStatus(for: compilation, strict: false)
        guard status == ExitStatus.success, let configuration = compilation.configuration else { return status }

        let output = terminal.writeOutput
        let logger = Logger(label: "ferry") { _ in LineLogHandler(sink: output) }
        // As HAProxy does: the pidfile holds the process id while Ferry runs (written before the start-up line, so
        // whoever waits for that line finds it) and goes away at exit.
        let pidFile = configuration.global.pidFile.value
        if let pidFile {
            guard FileManager.default.createFile(atPath: pidFile, contents: Data("\(getpid())\n".utf8)) else {
                terminal.writeError("ferry: cannot write pidfile \(pidFile)\n")
                return ExitStatus.invalid
            }
        }
        defer { if let pidFile { try? FileManager.default.removeItem(atPath: pidFile) } }
        let runtime: ProxyRuntime
        do {
            runtime = try await ProxyRuntime.start(configuration, logger: logger)
        } catch {
            terminal.writeError("ferry: \(error)\n")
            return ExitStatus.invalid
        }
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: runtime)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: Logger(label: "ferry.lifecycle") { _ in SwiftLogNoOpLogHandler() }
            )
        )
        do {
            try await group.run()
        } catch {
            terminal.writeError("ferry: \(error)\n")
            return ExitStatus.invalid
        }
        return ExitStatus.success
    }
}
