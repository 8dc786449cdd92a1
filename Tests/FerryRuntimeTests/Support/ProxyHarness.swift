import FerryConfig
import FerryDiagnostics
import FerryModel
import FerryRuntime
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// Runs a proxy in-process from config text, with its log lines captured.
final class ProxyHarness: Sendable {
    struct ConfigError: Error, CustomStringConvertible {
        var description: String
    }

    let runtime: ProxyRuntime
    private let lines: NIOLockedValueBox<[String]>

    /// Compiles `config` (HAProxy syntax) and starts it. Listeners on port 0 get free ports: see ``port(of:)``.
    init(config: String) async throws {
        let file = SourceFile(path: "test.cfg", bytes: Array(config.utf8))
        let compilation = ConfigCompiler.compile(files: [file], environment: [:])
        guard let configuration = compilation.configuration else {
            throw ConfigError(description: DiagnosticFormat.short.render(compilation.diagnostics, sources: compilation.sources, color: false))
        }
        let lines = NIOLockedValueBox<[String]>([])
        let logger = Logger(label: "test") { _ in LineLogHandler { line in lines.withLockedValue { $0.append(line) } } }
        self.runtime = try await ProxyRuntime.start(configuration, logger: logger)
        self.lines = lines
    }

    /// The port of the first listener of a frontend.
    func port(of frontend: String) -> Int {
        runtime.listeners.first { $0.frontend == frontend }!.address.port!
    }

    /// The log lines so far.
    var logLines: [String] { lines.withLockedValue { $0 } }

    /// Polls the log for a line containing `text`.
    func waitForLog(containing text: String, within seconds: Double = 5) async -> String? {
        let found = await eventually(within: seconds) { logLines.contains { $0.contains(text) } }
        return found ? logLines.first { $0.contains(text) } : nil
    }

    /// Stops the proxy; sessions still open after `limit` are closed (so a test can't hang on a stuck session).
    func stop(within limit: Duration = .seconds(2)) async {
        await runtime.stop(hardStopAfter: limit)
    }
}

/// Runs `body` against a proxy started from `config`, and stops the proxy even when `body` throws.
func withProxy(_ config: String, _ body: (ProxyHarness) async throws -> Void) async throws {
    let proxy = try await ProxyHarness(config: config)
    do {
        try await body(proxy)
    } catch {
        await proxy.stop()
        throw error
    }
    await proxy.stop()
}

/// ``withProxy(_:_:)`` in front of `servers`, already started: they are stopped after the proxy, also when the proxy
/// does not start or `body` throws.
func withProxy(_ config: String, stopping servers: [any TestServer], _ body: (ProxyHarness) async throws -> Void) async throws {
    do {
        try await withProxy(config, body)
    } catch {
        for server in servers { await server.stop() }
        throw error
    }
    for server in servers { await server.stop() }
}

/// Starts a `TestHTTPBackend` for each of `names` and a proxy from `config(backends)`, runs `body` with them, then
/// stops them all (also when `body` throws).
func withHTTPBackends(
    _ names: [String], group: EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
    config: ([TestHTTPBackend]) -> String, _ body: (ProxyHarness, [TestHTTPBackend]) async throws -> Void
) async throws {
    var backends: [TestHTTPBackend] = []
    do {
        for name in names { backends.append(try await TestHTTPBackend.start(name: name, group: group)) }
    } catch {
        for backend in backends { await backend.stop() }
        throw error
    }
    try await withProxy(config(backends), stopping: backends) { proxy in try await body(proxy, backends) }
}

/// A port on 127.0.0.1 that refuses connections: bound, then closed.
func refusedPort() throws -> Int {
    let group = MultiThreadedEventLoopGroup.singleton
    let channel = try ServerBootstrap(group: group).bind(host: "127.0.0.1", port: 0).wait()
    let port = channel.localAddress!.port!
    try channel.close().wait()
    return port
}
