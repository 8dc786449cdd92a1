import Foundation
import FerryDiagnostics

/// Finds and reads the configuration files named on the command line.
///
/// A path may be a file (read whatever its name) or a directory: its regular `*.cfg`, `*.yaml` and `*.yml` files, not
/// dotfiles, in byte order of their names, not recursively. Files load in command-line order.
public struct ConfigLoader: Sendable {
    /// What went wrong with the input itself (exit status 2): a missing or unreadable path.
    public struct Problem: Error, Sendable, Hashable {
        public var diagnostic: Diagnostic
        /// Whether the input cannot be read at all (a usage-level failure), rather than merely holding no files.
        public var isUnreadable: Bool
    }

    /// File name suffixes loaded from directories.
    public var extensions: [String]

    public init(extensions: [String] = [".cfg", ".yaml", ".yml"]) {
        self.extensions = extensions
    }

    public func load(paths: [String]) -> (files: [SourceFile], problems: [Problem]) {
        var files: [SourceFile] = []
        var problems: [Problem] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                problems.append(Problem(
                    diagnostic: Diagnostic(.pathNotFound, "configuration path '\(path)' does not exist", at: nil,
                                           help: "pass a file or a directory with -f; the default is ./conf.d, else /etc/ferry/conf.d"),
                    isUnreadable: true
                ))
                continue
            }
            if isDirectory.boolValue {
                let (found, problem) = directoryFiles(path)
                if let problem { problems.append(problem) }
                for file in found {
                    switch read(file) {
                    case .success(let source): files.append(source)
                    case .failure(let problem): problems.append(problem)
                    }
                }
            } else {
                switch read(path) {
                case .success(let source): files.append(source)
                case .failure(let problem): problems.append(problem)
                }
            }
        }
        return (files, problems)
    }

    private func directoryFiles(_ directory: String) -> ([String], Problem?) {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: directory) else {
            return ([], Problem(
                diagnostic: Diagnostic(.unreadableFile, "cannot read directory '\(directory)'", at: nil, help: "check its permissions"),
                isUnreadable: true
            ))
        }
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        let selected = names
            .filter { name in !name.hasPrefix(".") && extensions.contains { name.hasSuffix($0) } }
            .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            .map { prefix + $0 }
            .filter { path in
                var isDirectory: ObjCBool = false
                return manager.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
            }
        guard !selected.isEmpty else {
            let patterns = extensions.map { "*\($0)" }.joined(separator: ", ")
            return ([], Problem(
                diagnostic: Diagnostic(.noConfigurationFiles, "directory '\(directory)' holds no configuration files (\(patterns))", at: nil),
                isUnreadable: false
            ))
        }
        return (selected, nil)
    }

    private func read(_ path: String) -> Result<SourceFile, Problem> {
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(Problem(
                diagnostic: Diagnostic(.unreadableFile, "cannot read configuration file '\(path)'", at: nil, help: "check that it is a readable file"),
                isUnreadable: true
            ))
        }
        return .success(SourceFile(path: path, bytes: Array(data)))
    }

    /// The default configuration path: `./conf.d` when it exists, else `/etc/ferry/conf.d`.
    public static func defaultPath(currentDirectory: String = FileManager.default.currentDirectoryPath) -> String {
        var isDirectory: ObjCBool = false
        let local = currentDirectory.hasSuffix("/") ? currentDirectory + "conf.d" : currentDirectory + "/conf.d"
        if FileManager.default.fileExists(atPath: local, isDirectory: &isDirectory), isDirectory.boolValue {
            return "conf.d"
        }
        return "/etc/ferry/conf.d"
    }
}
