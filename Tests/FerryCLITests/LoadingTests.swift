import FerryCLI
import FerryConfig
import Foundation
import Testing

@Suite struct LoadingTests {
    /// Directories load their regular *.cfg files in byte order; dotfiles, other extensions and subdirectories are
    /// skipped. The short output lists diagnostics in load order, so a `daemon` warning in each file shows the order.
    @Test func directoryRules() async throws {
        let daemon = "global\n    daemon\n"
        let directory = try CLI.directory([
            "b.cfg": daemon, "B.cfg": daemon, "10-x.cfg": daemon, "9-x.cfg": daemon,
            ".hidden.cfg": daemon, "notes.txt": daemon, "sub/inner.cfg": daemon, "dir.cfg/x.cfg": daemon,
        ])
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = await CLI.run(["check", "--format", "short", "-f", directory.path])
        let files = result.output.split(separator: "\n").map { String($0.split(separator: ":")[0]).replacingOccurrences(of: directory.path + "/", with: "") }
        #expect(files == ["10-x.cfg", "9-x.cfg", "B.cfg", "b.cfg"])
    }

    @Test func pathsLoadInCommandLineOrderAndSectionsEndWithTheirFile() async throws {
        let directory = try CLI.directory([
            "defaults.cfg": "defaults\n    mode http\n    timeout client 1s\n    timeout server 1s\n    timeout connect 1s\n",
            "proxy.cfg": "    # a statement before any section: it must not join the defaults section of the previous file\n    bind :80\nbackend b\n    server s 127.0.0.1:80\n",
        ])
        defer { try? FileManager.default.removeItem(at: directory) }
        let defaults = directory.appendingPathComponent("defaults.cfg").path
        let proxy = directory.appendingPathComponent("proxy.cfg").path
        let result = await CLI.run(["check", "--format", "short", "-f", proxy, "-f", defaults])
        #expect(result.status == 1)
        #expect(result.output.hasPrefix("\(proxy):2:5: error: 'bind' appears before any section [E0104]"))
        // Given first, proxy.cfg gets no defaults: its backend has no timeouts.
        #expect(result.output.contains("backend 'b' has no 'timeout connect', 'timeout server'"))
        let ordered = await CLI.run(["check", "--format", "short", "-f", defaults, "-f", proxy])
        #expect(!ordered.output.contains("has no 'timeout"))
    }

    @Test func directoryWithoutConfigurationFiles() async throws {
        let directory = try CLI.directory(["readme.txt": "nothing here"])
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = await CLI.run(["check", "--format", "short", "-f", directory.path])
        #expect(result.status == 1)
        #expect(result.output.contains("[E0003]"))
    }

    @Test func defaultPathPrefersLocalConfD() throws {
        let withConfD = try CLI.directory(["conf.d/a.cfg": ""])
        let without = try CLI.directory(["x": ""])
        defer {
            try? FileManager.default.removeItem(at: withConfD)
            try? FileManager.default.removeItem(at: without)
        }
        #expect(ConfigLoader.defaultPath(currentDirectory: withConfD.path) == "conf.d")
        #expect(ConfigLoader.defaultPath(currentDirectory: without.path) == "/etc/ferry/conf.d")
    }

    @Test func unreadableFileIsAnInputError() async throws {
        guard getuid() != 0 else { return } // root reads everything; the permission check cannot fail.
        let directory = try CLI.directory(["a.cfg": "global\n"])
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("a.cfg").path
        chmod(file, 0)
        #expect(await CLI.run(["check", "-f", file]).status == 2)
    }
}
