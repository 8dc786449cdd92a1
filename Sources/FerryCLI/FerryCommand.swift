import ArgumentParser
import FerryConfig

/// The `ferry` command line. Commands are parsed here and run through ``FerryCLI/run(arguments:environment:terminal:)``
/// so that tests can run them in-process.
public struct FerryCommand: ParsableCommand {
    public static let version = "0.1.0"

    public static let configuration = CommandConfiguration(
        commandName: "ferry",
        abstract: "A config-driven TCP and HTTP reverse proxy and load balancer.",
        version: version,
        subcommands: [CheckCommand.self, PlanCommand.self, ConvertCommand.self, RunCommand.self]
    )

    public init() {}
}

/// A subcommand that runs against a terminal and returns its exit status.
protocol FerrySubcommand {
    func execute(environment: [String: String], terminal: Terminal) async -> Int32
}

/// Exit statuses of the CLI contract (docs/CLI.md).
enum ExitStatus {
    static let success: Int32 = 0
    /// Invalid configuration (or warnings under `--strict`), or a runtime failure such as a bind error.
    static let invalid: Int32 = 1
    /// Bad usage or unreadable input.
    static let usage: Int32 = 2
}

public enum FerryCLI {
    /// Parses `arguments` (without the program name), runs the command, and returns the exit status.
    public static func run(arguments: [String], environment: [String: String], terminal: Terminal) async -> Int32 {
        do {
            var command = try FerryCommand.parseAsRoot(arguments)
            guard let subcommand = command as? FerrySubcommand else {
                // `ferry`, `ferry help [COMMAND]`: ArgumentParser's own commands print help by throwing.
                try command.run()
                return ExitStatus.success
            }
            return await subcommand.execute(environment: environment, terminal: terminal)
        } catch {
            let message = FerryCommand.fullMessage(for: error)
            if FerryCommand.exitCode(for: error) == .success {
                terminal.writeOutput(message + "\n")
                return ExitStatus.success
            }
            terminal.writeError(message + "\n")
            return ExitStatus.usage
        }
    }
}
