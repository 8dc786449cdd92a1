/// Rewrites configuration files in the other syntax (`ferry convert`).
///
/// Conversion works on sections and statements, not on the resolved model: each statement is written once, in the
/// words the user wrote (``Token/source``), with its full-line comments, so defaults, `${VAR}` references and the
/// order of rules survive. Reading the output gives the same statements, hence the same plan.
public enum ConfigConverter {
    public static func convert(_ sections: [SectionSyntax], to format: ConfigFormat) -> String {
        switch format {
        case .cfg: CFGWriter.write(sections)
        case .yaml: YAMLWriter.write(sections)
        }
    }

    /// The name of the converted file: the same base name with the target format's extension.
    public static func convertedName(of path: String, to format: ConfigFormat) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let base = [".cfg", ".yaml", ".yml"].first(where: name.hasSuffix).map { String(name.dropLast($0.count)) } ?? name
        return base + format.fileExtension
    }
}
