import Foundation
import FerryConfig
import FerryDiagnostics
import Testing

/// Loads configuration fixtures with paths relative to the fixtures folder, so goldens are the same on every
/// machine.
enum Fixtures {
    /// The environment fixtures are compiled with.
    static let environment = [
        "FERRY_PORT": "8080",
        "FERRY_HOST": "127.0.0.1",
        "BACKEND_SERVERS": "10.0.0.1:80 10.0.0.2:80",
        "EMPTY": "",
    ]

    /// A fixture: a `.cfg` file, or a directory of them (a multi-file case), named relative to `folder`.
    struct Case: CustomTestStringConvertible, Sendable {
        var folder: String
        var name: String
        var isDirectory: Bool
        var testDescription: String { name }

        var url: URL { Golden.fixtures.appendingPathComponent(folder).appendingPathComponent(name) }
        /// The golden next to the fixture, with its extension replaced by `suffix`.
        func golden(_ suffix: String) -> URL {
            Golden.fixtures.appendingPathComponent(folder).appendingPathComponent(baseName + suffix)
        }
        var baseName: String {
            guard !isDirectory, let dot = name.lastIndex(of: ".") else { return name }
            return String(name[..<dot])
        }
    }

    static func cases(in folder: String) -> [Case] {
        let directory = Golden.fixtures.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.sorted().compactMap { name in
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path, isDirectory: &isDirectory)
            if isDirectory.boolValue { return Case(folder: folder, name: name, isDirectory: true) }
            return isConfiguration(name) ? Case(folder: folder, name: name, isDirectory: false) : nil
        }
    }

    /// The source files of a case, named `case.cfg` or `case/file.cfg`.
    static func files(of fixture: Case) -> [SourceFile] {
        let manager = FileManager.default
        let paths: [(display: String, url: URL)]
        if fixture.isDirectory {
            let names = ((try? manager.contentsOfDirectory(atPath: fixture.url.path)) ?? [])
                .filter { isConfiguration($0) && !$0.hasPrefix(".") }
                .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            paths = names.map { ("\(fixture.name)/\($0)", fixture.url.appendingPathComponent($0)) }
        } else {
            paths = [(fixture.name, fixture.url)]
        }
        return paths.map { path in
            SourceFile(path: path.display, bytes: Array((try? Data(contentsOf: path.url)) ?? Data()))
        }
    }

    static func isConfiguration(_ name: String) -> Bool {
        name.hasSuffix(".cfg") || name.hasSuffix(".yaml") || name.hasSuffix(".yml")
    }

    static func compile(_ fixture: Case) -> Compilation {
        let base = Golden.fixtures.appendingPathComponent(fixture.folder)
        return ConfigCompiler.compile(files: files(of: fixture), environment: environment, readFile: { path in
            let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : base.appendingPathComponent(path)
            return (try? Data(contentsOf: url)).map(Array.init)
        })
    }

    static func compile(_ text: String, path: String = "test.cfg", environment: [String: String] = environment) -> Compilation {
        ConfigCompiler.compile(files: [SourceFile(path: path, text: text)], environment: environment, readFile: { _ in nil })
    }
}
