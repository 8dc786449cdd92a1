import ArgumentParser
import FerryConfig
import FerryDiagnostics

/// `ferry check`: validate the configuration and print every problem.
struct CheckCommand: ParsableCommand, FerrySubcommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate the configuration and report every problem with its file, line and column.",
        discussion: "Exit status: 0 valid (warnings allowed), 1 errors (or warnings with --strict), 2 usage or unreadable input."
    )

    @OptionGroup var config: ConfigOptions

    @Option(help: "Output format: human, short, json, github or sarif.")
    var format: DiagnosticFormat = .human

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    @Flag(name: .shortAndLong, help: "Print nothing when the configuration is valid.")
    var quiet = false

    @OptionGroup var diagnosticOptions: DiagnosticOptions

    func execute(environment: [String: String], terminal: Terminal) async -> Int32 {
        let compilation = ConfigCompiler.compile(paths: config.resolvedPaths, environment: environment)
        let status = exitStatus(for: compilation, strict: strict)
        let report = compilation.diagnostics
        let empty = report.diagnostics.isEmpty
        if quiet && status == ExitStatus.success && format == .human { return status }
        if format == .human, empty {
            terminal.writeOutput(summary(compilation) + "\n")
            return status
        }
        let useColor = diagnosticOptions.color.enabled(isTerminal: terminal.outputIsTerminal, environment: environment)
        terminal.writeOutput(format.render(report, sources: compilation.sources, color: useColor))
        return status
    }

    private func summary(_ compilation: Compilation) -> String {
        let frontends = compilation.configuration?.frontends.count ?? 0
        let backends = compilation.configuration?.backends.count ?? 0
        let servers = compilation.configuration?.backends.reduce(0) { $0 + $1.servers.count } ?? 0
        let files = compilation.files.count
        return "ferry: configuration is valid (\(files) file\(files == 1 ? "" : "s"), \(frontends) frontend\(frontends == 1 ? "" : "s"), "
            + "\(backends) backend\(backends == 1 ? "" : "s"), \(servers) server\(servers == 1 ? "" : "s"))"
    }
}

/// The exit status of `check` and `plan` for a compilation.
func exitStatus(for compilation: Compilation, strict: Bool) -> Int32 {
    if compilation.inputUnreadable { return ExitStatus.usage }
    if compilation.hasErrors || (strict && compilation.diagnostics.warningCount > 0) { return ExitStatus.invalid }
    return ExitStatus.success
}
