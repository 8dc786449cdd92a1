import NIOCore
import NIOPosix

/// The listening side of a test server: bound on 127.0.0.1 port 0 by ``bind(group:backlog:allowRemoteHalfClosure:initialize:)``.
struct TestListener: Sendable {
    let channel: Channel
    let port: Int

    /// Binds a listener whose accepted connections are set up by `initialize` (on their event loop).
    static func bind(
        group: EventLoopGroup, backlog: Int32? = nil, allowRemoteHalfClosure: Bool = false,
        initialize: @escaping @Sendable (Channel) throws -> Void
    ) async throws -> TestListener {
        var bootstrap = ServerBootstrap(group: group).serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
        if let backlog { bootstrap = bootstrap.serverChannelOption(.backlog, value: backlog) }
        if allowRemoteHalfClosure { bootstrap = bootstrap.childChannelOption(.allowRemoteHalfClosure, value: true) }
        let channel = try await bootstrap
            .childChannelInitializer { channel in channel.eventLoop.makeCompletedFuture { try initialize(channel) } }
            .bind(host: "127.0.0.1", port: 0).get()
        return TestListener(channel: channel, port: channel.localAddress!.port!)
    }
}

/// A server that plays a backend for the proxy under test: its config names it by ``port``.
protocol TestServer: Sendable {
    var listener: TestListener { get }
}

extension TestServer {
    var port: Int { listener.port }

    func stop() async { try? await listener.channel.close() }
}
