import ArgumentParser
import FerryConfig
import FerryDiagnostics

/// `ferry plan`: the dry run. Prints the resolved topology that `ferry run` would serve.
struct PlanCommand: ParsableCommand, FerrySubcommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Print the resolved topology: frontends, rules, backends and servers, with where each value came from.",
        discussion: "Exit status as for check. Diagnostics go to standard error, the plan to standard output."
    )

    @OptionGroup var config: ConfigOptions

    @Option(help: "Output format: text, json or dot.")
    var format: PlanFormat = .text

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    @OptionGroup var diagnosticOptions: DiagnosticOptions

    func execute(environment: [String: String], terminal: Terminal) async -> Int32 {
        let compilation = ConfigCompiler.compile(paths: config.resolvedPaths, environment: environment)
        let status = exitStatus(for: compilation, strict: strict)
        diagnosticOptions.printToStandardError(compilation, environment: environment, terminal: terminal)
        guard status == ExitStatus.success, let configuration = compilation.configuration else { return status }
        terminal.writeOutput(format.render(Plan(configuration)))
        return status
    }
}
