import ArgumentParser
import FerryConfig
import FerryDiagnostics
import Foundation

/// `ferry convert`: rewrite the configuration in the other syntax.
struct ConvertCommand: ParsableCommand, FerrySubcommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Rewrite the configuration in HAProxy syntax (cfg) or YAML, keeping full-line comments.",
        discussion: """
            The configuration must be valid. Without --output the result goes to standard output (YAML files as \
            documents separated by ---); with --output DIR each file is written to DIR under its own name with the \
            new extension. Exit status as for check.
            """
    )

    @OptionGroup var config: ConfigOptions

    @Option(help: "The syntax to write: yaml or cfg.")
    var to: ConfigFormat

    @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp("Write one file per input file into this directory.", valueName: "dir"))
    var output: String?

    @OptionGroup var diagnosticOptions: DiagnosticOptions

    func execute(environment: [String: String], terminal: Terminal) async -> Int32 {
        let compilation = ConfigCompiler.compile(paths: config.resolvedPaths, environment: environment, keepSections: true)
        let status = exitStatus(for: compilation, strict: false)
        diagnosticOptions.printToStandardError(compilation, environment: environment, terminal: terminal)
        guard status == ExitStatus.success else { return status }
        let converted = compilation.sections.map { (path: $0.path, text: ConfigConverter.convert($0.sections, to: to)) }
        guard let output else {
            let separator = to == .yaml ? "---\n" : "\n"
            terminal.writeOutput(converted.map(\.text).joined(separator: separator))
            return status
        }
        return write(converted, to: output, terminal: terminal)
    }

    private func write(_ files: [(path: String, text: String)], to directory: String, terminal: Terminal) -> Int32 {
        let manager = FileManager.default
        do {
            try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            terminal.writeError("ferry: cannot create directory '\(directory)': \(error.localizedDescription)\n")
            return ExitStatus.usage
        }
        let names = files.map { ConfigConverter.convertedName(of: $0.path, to: to) }
        if Set(names).count != names.count {
            terminal.writeError("ferry: two input files would be written to the same name in '\(directory)'\n")
            return ExitStatus.usage
        }
        for (file, name) in zip(files, names) {
            let target = (directory as NSString).appendingPathComponent(name)
            if (target as NSString).standardizingPath == (file.path as NSString).standardizingPath {
                terminal.writeError("ferry: refusing to overwrite the input file '\(file.path)'\n")
                return ExitStatus.usage
            }
            guard manager.createFile(atPath: target, contents: Data(file.text.utf8)) else {
                terminal.writeError("ferry: cannot write '\(target)'\n")
                return ExitStatus.usage
            }
            terminal.writeError("ferry: wrote \(target)\n")
        }
        return ExitStatus.success
    }
}

extension ConfigFormat: ExpressibleByArgument {}
