import FerryDiagnostics

extension SourceFile {
    /// Reports a file holding a NUL byte (a binary file, not a configuration) once, at the first NUL; returns whether
    /// it did. Such a file is skipped whole, so that it does not produce hundreds of errors.
    func reportsNUL(into diagnostics: inout DiagnosticCollector) -> Bool {
        guard let nul = bytes.firstIndex(of: 0) else { return false }
        let (line, column) = position(ofOffset: nul)
        diagnostics.report(
            .binaryContent, "file contains a NUL byte; it is not a configuration file",
            at: SourceLocation(path: path, line: line, column: column),
            help: "configuration directories are read for files ending in .cfg, .yaml and .yml; move other files elsewhere"
        )
        return true
    }
}
