#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import FerryModel
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import UnixSignals

/// The running proxy: one event loop group, a listener per bind address, a pool per backend.
///
/// ``start(_:logger:)`` opens every listener before it returns, so bind failures surface before anything is
/// served. Run it as a `Service` (``run()``): it serves until graceful shutdown is triggered, then stops accepting,
/// lets established sessions finish (up to `hard-stop-after`, or until a second SIGINT) and shuts the loops down.
public final class ProxyRuntime: Service, Sendable {
    /// A listening socket: which frontend it belongs to and the address it is bound to (its real port when the
    /// config said port 0).
    public struct Listener: Sendable {
        public var frontend: String
        public var address: SocketAddress
        let channel: Channel
    }

    public let listeners: [Listener]
    private let group: MultiThreadedEventLoopGroup
    private let gate: ConnectionGate
    private let backends: [String: BackendPool]
    private let locals: LoopLocals
    private let hardStopAfter: Duration?
    private let log: Logger

    private init(
        listeners: [Listener], group: MultiThreadedEventLoopGroup, gate: ConnectionGate, backends: [String: BackendPool],
        locals: LoopLocals, hardStopAfter: Duration?, log: Logger
    ) {
        self.listeners = listeners
        self.backends = backends
        self.locals = locals
        self.group = group
        self.gate = gate
        self.hardStopAfter = hardStopAfter
        self.log = log
    }

    /// Connections open now.
    public var activeConnections: Int { gate.activeConnections }

    /// Sessions waiting in a backend's queue now (`nil` for an unknown backend).
    public func queueLength(backend: String) -> Int? { backends[backend]?.queueLength }

    /// Connections open now to one server of a backend.
    public func connections(backend: String, server: String) -> Int? {
        guard let pool = backends[backend], let index = pool.backend.servers.firstIndex(where: { $0.name == server }) else { return nil }
        return pool.load(of: index)
    }

    /// Builds the runtime for a validated configuration and opens its listeners.
    ///
    /// - Throws: ``BindFailure`` for the first address that can't be bound (nothing is left open), or
    ///   ``UnsupportedAtRuntime``.
    public static func start(_ configuration: Configuration, logger: Logger) async throws -> ProxyRuntime {
        try RuntimeSupport.check(configuration)
        let threads = configuration.global.threads.value ?? System.coreCount
        let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        var backends: [String: BackendPool] = [:]
        for (index, backend) in configuration.backends.enumerated() {
            backends[backend.name] = BackendPool(index: index, backend: backend) { server, reason in
                logger.warning("server \(backend.name)/\(server.name) is DOWN: cannot resolve \(server.address.description): \(reason)")
            }
        }
        for target in RuntimeSupport.unsupportedLogTargets(configuration) {
            // Not a silent fallback: the operator asked for a syslog destination Ferry does not write to yet.
            logger.warning("log target \(target) is not written to yet; logs go to standard output")
        }
        for backend in configuration.backends where backend.servers.contains(where: { $0.settings.check.value }) {
            // Not a silent fallback: operators must know their `check` lines do nothing yet.
            logger.warning("backend \(backend.name): health checks (`check`) are not run yet; its servers are treated as up")
        }
        let frontends = configuration.frontends.filter { !$0.disabled.value }
        let gate = ConnectionGate(
            globalLimit: configuration.global.maxConnections.value ?? RuntimeSupport.defaultMaxConnections(),
            frontendLimits: frontends.map { $0.maxConnections.value ?? Int.max }
        )
        var listeners: [Listener] = []
        let locals = LoopLocals(group: group)
        do {
            for (index, frontend) in frontends.enumerated() {
                let runtime = FrontendRuntime(
                    index: index, frontend: frontend, backends: backends, global: configuration.global, gate: gate, log: logger
                )
                let http = frontend.mode.value == .http
                    ? HTTPFrontendRuntime(frontend: runtime, backends: configuration.backends, global: configuration.global, locals: locals) : nil
                for bind in frontend.binds {
                    for port in RuntimeSupport.ports(of: bind) {
                        let bindRuntime = BindRuntime(bind: bind, port: port)
                        let channel = try await Self.listen(runtime, http, bindRuntime, group: group)
                        listeners.append(Listener(frontend: frontend.name, address: channel.localAddress!, channel: channel))
                    }
                }
            }
        } catch {
            for listener in listeners { try? await listener.channel.close() }
            try? await group.shutdownGracefully()
            throw error
        }
        let runtime = ProxyRuntime(
            listeners: listeners, group: group, gate: gate, backends: backends, locals: locals, hardStopAfter: configuration.global.hardStopAfter.value, log: logger
        )
        let addresses = listeners.map { "\($0.frontend)=\(RuntimeSupport.text(of: $0.address))" }.joined(separator: " ")
        logger.info("ferry started: \(frontends.count) frontend(s), \(backends.count) backend(s), \(threads) thread(s), pid \(getpid()); listening on \(addresses)")
        return runtime
    }

    private static func listen(
        _ frontend: FrontendRuntime, _ http: HTTPFrontendRuntime?, _ bind: BindRuntime, group: EventLoopGroup
    ) async throws -> Channel {
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            // Accept up to 16 connections per loop tick (NIO's default is 4) so that bursts don't pile up in the backlog.
            .serverChannelOption(.maxMessagesPerRead, value: 16)
            .serverChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(AcceptLimiter(gate: frontend.gate, frontend: frontend.index))
                }
            }
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try frontend.applyConnectionOptions(to: channel)
                    if let http {
                        let session = HTTPSession(frontend: frontend, http: http, eventLoop: channel.eventLoop, allocator: channel.allocator)
                        try channel.pipeline.syncOperations.addHandler(session.makeClientHandler())
                    } else {
                        let session = TCPSession(frontend: frontend, bind: bind, eventLoop: channel.eventLoop)
                        try channel.pipeline.syncOperations.addHandler(session.makeClientHandler())
                    }
                }
            }
        do {
            switch bind.bind.address {
            case .tcp(let host, _):
                return try await bootstrap.bind(to: RuntimeSupport.listenAddress(host, port: bind.port ?? 0)).get()
            case .unix(let path):
                return try await bootstrap.bind(unixDomainSocketPath: path, cleanupExistingSocketFile: true).get()
            }
        } catch {
            throw BindFailure(
                frontend: frontend.name, address: bind.description, origin: bind.bind.origin,
                reason: RuntimeSupport.describe(error)
            )
        }
    }

    // MARK: Service

    public func run() async throws {
        // Returns when a graceful shutdown is triggered (SIGTERM/SIGINT through the service group, or a test).
        try? await gracefulShutdown()
        await stop()
    }

    /// Stops accepting, waits for established sessions to end (bounded by `hard-stop-after`, or cut short by a
    /// second SIGINT or by cancellation), then closes what is left and shuts the event loops down.
    ///
    /// - Parameter limit: overrides `hard-stop-after` for this stop.
    public func stop(hardStopAfter limit: Duration? = nil) async {
        let hardStopAfter = limit ?? self.hardStopAfter
        let draining = gate.activeConnections
        log.info("ferry stopping: closing \(listeners.count) listener(s), draining \(draining) connection(s)")
        for listener in listeners { try? await listener.channel.close() }
        // HTTP connections idle between requests close now, the others after their current request.
        await locals.stop()
        let clock = ContinuousClock()
        let started = clock.now
        let outcome = await withTaskGroup(of: String.self) { group in
            group.addTask { [gate] in
                await gate.waitUntilDrained()
                return "drained"
            }
            if let hardStopAfter {
                group.addTask {
                    try? await Task.sleep(for: hardStopAfter)
                    return "hard-stop-after expired"
                }
            }
            group.addTask {
                for await _ in await UnixSignalsSequence(trapping: .sigint) { return "second SIGINT" }
                return "cancelled"
            }
            let first = await group.next() ?? "drained"
            group.cancelAll()
            return first
        }
        let remaining = gate.activeConnections
        try? await group.shutdownGracefully()
        let elapsed = (clock.now - started).components
        let milliseconds = elapsed.seconds * 1000 + elapsed.attoseconds / 1_000_000_000_000_000
        log.info("ferry stopped: \(outcome) after \(milliseconds) ms, \(remaining) connection(s) closed")
    }
}
