import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A server on 127.0.0.1 port 0 that plays a backend for the proxy under test and records what it saw.
final class TestBackend: TestServer {
    enum Behaviour: Sendable {
        /// Writes back every byte it reads; closes when the client closes.
        case echo
        /// Reads and records; sends nothing. When the client half-closes, answers `reply` and closes.
        case replyOnEnd(String)
        /// Sends `banner`, half-closes its output, and keeps reading until the client closes.
        case bannerThenHalfClose(String)
        /// Reads and records, sends nothing, never closes (a stuck server).
        case silent
    }

    struct Connection: Sendable {
        var received: [UInt8] = []
        var open = true
        var sawEnd = false
    }

    private struct State {
        var connections: [Connection] = []
        var active = 0
        var maxActive = 0
    }

    let listener: TestListener
    private let state: NIOLockedValueBox<State>

    /// `backlog` bounds the connections the kernel completes before the backend accepts them; beyond it, it drops
    /// the client's last handshake packet, and such a connection reaches the backend only after retransmissions.
    static func start(_ behaviour: Behaviour, group: EventLoopGroup, backlog: Int32 = 256) async throws -> TestBackend {
        let state = NIOLockedValueBox(State())
        let listener = try await TestListener.bind(group: group, backlog: backlog, allowRemoteHalfClosure: true) { channel in
            let index = state.withLockedValue { state in
                state.connections.append(Connection())
                state.active += 1
                state.maxActive = max(state.maxActive, state.active)
                return state.connections.count - 1
            }
            try channel.pipeline.syncOperations.addHandler(BackendHandler(behaviour: behaviour, index: index, state: state))
        }
        return TestBackend(listener: listener, state: state)
    }

    private init(listener: TestListener, state: NIOLockedValueBox<State>) {
        self.listener = listener
        self.state = state
    }

    var connections: [Connection] { state.withLockedValue { $0.connections } }
    var connectionCount: Int { state.withLockedValue { $0.connections.count } }
    var activeConnections: Int { state.withLockedValue { $0.active } }
    var maxActiveConnections: Int { state.withLockedValue { $0.maxActive } }

    private final class BackendHandler: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        let behaviour: Behaviour
        let index: Int
        let state: NIOLockedValueBox<State>

        init(behaviour: Behaviour, index: Int, state: NIOLockedValueBox<State>) {
            self.behaviour = behaviour
            self.index = index
            self.state = state
        }

        func channelActive(context: ChannelHandlerContext) {
            if case .bannerThenHalfClose(let banner) = behaviour {
                context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: banner)), promise: nil)
                context.close(mode: .output, promise: nil)
            }
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let buffer = unwrapInboundIn(data)
            state.withLockedValue { $0.connections[index].received += buffer.readableBytesView }
            if case .echo = behaviour { context.write(data, promise: nil) }
        }

        func channelReadComplete(context: ChannelHandlerContext) {
            context.flush()
        }

        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            guard let event = event as? ChannelEvent, event == .inputClosed else { return }
            state.withLockedValue { $0.connections[index].sawEnd = true }
            switch behaviour {
            case .replyOnEnd(let reply):
                context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: reply))).whenComplete { [self] _ in
                    // Count the connection as ended before the FIN goes out: the proxy can only hand its slot to
                    // the next client after it sees that FIN, so the count can't overlap with the next accept.
                    endCount()
                    context.close(promise: nil)
                }
            case .echo:
                // Close once the echo is written: closing now would drop echoed bytes still queued.
                context.writeAndFlush(wrapOutboundOut(ByteBuffer())).whenComplete { _ in context.close(promise: nil) }
            case .bannerThenHalfClose:
                context.close(promise: nil)
            case .silent:
                break
            }
        }

        private var counted = true

        private func endCount() {
            guard counted else { return }
            counted = false
            state.withLockedValue { $0.active -= 1 }
        }

        func channelInactive(context: ChannelHandlerContext) {
            state.withLockedValue { $0.connections[index].open = false }
            endCount()
        }

        func errorCaught(context: ChannelHandlerContext, error: Error) {
            context.close(promise: nil)
        }
    }
}
