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

extension ColorChoice: ExpressibleByArgument {}
extension DiagnosticFormat: ExpressibleByArgument {}
extension PlanFormat: ExpressibleByArgument {}
