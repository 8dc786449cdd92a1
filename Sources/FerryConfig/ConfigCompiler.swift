import Foundation
import FerryDiagnostics
import FerryModel

/// The outcome of compiling a configuration: the model when it is valid, and every diagnostic.
public struct Compilation: Sendable {
    /// The resolved model; `nil` when there are errors.
    public var configuration: Configuration?
    public var diagnostics: DiagnosticCollector
    /// The files read, so renderers can quote them.
    public var sources: SourceStore
    /// The paths of the files read, in load order.
    public var files: [String]
    /// Whether some input could not be read at all (`ferry check` exits with 2).
    public var inputUnreadable: Bool
    /// The sections of each file, in load order, for `ferry convert`.
    public var sections: [(path: String, sections: [SectionSyntax])] = []

    public var hasErrors: Bool { diagnostics.hasErrors }
}

/// The one entry point from configuration files to a validated model, shared by `check`, `plan` and `run`.
public enum ConfigCompiler {
    /// The sections of a file: YAML for `*.yaml` and `*.yml`, HAProxy syntax otherwise.
    public static func sections(of file: SourceFile, environment: [String: String], diagnostics: inout DiagnosticCollector) -> [SectionSyntax] {
        if ConfigFormat(path: file.path) == .yaml {
            let documents = YAMLParser(file: file).documents(diagnostics: &diagnostics)
            var reader = YAMLSectionReader(file: file, environment: environment, diagnostics: diagnostics)
            let sections = reader.sections(documents)
            diagnostics = reader.diagnostics
            return sections
        }
        let statements = HAProxyLexer(file: file, environment: environment).statements(diagnostics: &diagnostics)
        return SectionParser.sections(statements, diagnostics: &diagnostics)
    }

    /// Reads the files at `paths` (files or directories) and compiles them.
    public static func compile(
        paths: [String],
        environment: [String: String],
        loader: ConfigLoader = ConfigLoader(),
        diagnosticLimit: Int = 500,
        keepSections: Bool = false
    ) -> Compilation {
        let (files, problems) = loader.load(paths: paths)
        var diagnostics = DiagnosticCollector(limit: diagnosticLimit)
        for problem in problems { diagnostics.report(problem.diagnostic) }
        var compilation = compile(files: files, environment: environment, diagnostics: diagnostics, keepSections: keepSections)
        compilation.inputUnreadable = problems.contains(where: \.isUnreadable)
        return compilation
    }

    /// Compiles files already in memory. `readFile` reads files the configuration names (error files).
    public static func compile(
        files: [SourceFile],
        environment: [String: String],
        diagnostics: DiagnosticCollector = DiagnosticCollector(),
        keepSections: Bool = false,
        readFile: @escaping @Sendable (String) -> [UInt8]? = { path in FileManager.default.contents(atPath: path).map(Array.init) }
    ) -> Compilation {
        var reader = ConfigReader(diagnostics: diagnostics, environment: environment, fileReader: readFile)
        var global = GlobalSettings()
        var drafts: [ProxyDraft] = []
        var sectionsByFile: [(path: String, sections: [SectionSyntax])] = []
        for file in files {
            let sections = sections(of: file, environment: environment, diagnostics: &reader.diagnostics)
            if keepSections { sectionsByFile.append((file.path, sections)) }
            drafts.reserveCapacity(drafts.count + sections.count)
            for section in sections {
                if section.kind == .global {
                    reader.readGlobal(section, into: &global)
                } else if let draft = reader.readProxy(section) {
                    drafts.append(draft)
                }
            }
        }
        var diagnostics = reader.diagnostics
        var resolver = ModelResolver(global: global, capacity: drafts.count)
        for draft in drafts { resolver.add(draft, diagnostics: &diagnostics) }
        let configuration = resolver.configuration
        Validator.validate(configuration, context: ValidationContext(rejected: resolver.rejected), into: &diagnostics)
        diagnostics.sort(fileOrder: files.map(\.path))
        return Compilation(
            configuration: diagnostics.hasErrors ? nil : configuration,
            diagnostics: diagnostics,
            sources: SourceStore(files),
            files: files.map(\.path),
            inputUnreadable: false,
            sections: sectionsByFile
        )
    }
}
