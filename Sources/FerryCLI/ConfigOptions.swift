import ArgumentParser
import FerryConfig
import FerryDiagnostics

/// The options every command that reads a configuration shares.
struct ConfigOptions: ParsableArguments {
    @Option(
        name: [.customShort("f"), .customLong("file")],
        help: ArgumentHelp(
            "A configuration file, or a directory of *.cfg files. Repeat to load several, in order.",
            discussion: "Defaults to ./conf.d when it exists, else /etc/ferry/conf.d.",
            valueName: "path"
        )
    )
    var paths: [String] = []

    /// The paths given, or the default one.
    var resolvedPaths: [String] {
        paths.isEmpty ? [ConfigLoader.defaultPath()] : paths
    }
}

/// How diagnostics are shown by the commands that print them.
struct DiagnosticOptions: ParsableArguments {
    @Option(help: "Color human output: auto, always or never.")
    var color: ColorChoice = .auto

    /// Prints the diagnostics of a compilation in the human format to standard error (commands whose standard output
    /// is their product: plan, convert).
    func printToStandardError(_ compilation: Compilation, environment: [String: String], terminal: Terminal) {
        guard !compilation.diagnostics.diagnostics.isEmpty else { return }
        let useColor = color.enabled(isTerminal: terminal.errorIsTerminal, environment: environment)
        terminal.writeError(DiagnosticFormat.human.render(compilation.diagnostics, sources: compilation.sources, color: useColor))
    }
}

extension ColorChoice: ExpressibleByArgument {}
extension DiagnosticFormat: ExpressibleByArgument {}
extension PlanFormat: ExpressibleByArgument {}
