/// The two syntaxes of a configuration file.
public enum ConfigFormat: String, Sendable, CaseIterable {
    /// HAProxy's syntax (`*.cfg`, and any file named explicitly that is not YAML).
    case cfg
    /// Ferry's YAML mapping of the same model (`*.yaml`, `*.yml`).
    case yaml

    public init(path: String) {
        self = path.hasSuffix(".yaml") || path.hasSuffix(".yml") ? .yaml : .cfg
    }

    /// The file name extension written for this format.
    public var fileExtension: String {
        switch self {
        case .cfg: ".cfg"
        case .yaml: ".yaml"
        }
    }
}
