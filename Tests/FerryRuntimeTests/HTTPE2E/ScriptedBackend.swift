import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A raw TCP server on 127.0.0.1 port 0 that plays a (mis)behaving HTTP server: each time a request head (up to its
/// empty line) has arrived on a connection, it runs its script of writes, pauses and closes. Request bodies are not
/// read as such: the scripts are for requests without one.
final class ScriptedBackend: TestServer {
    enum Step: Sendable {
        case send(String)
        case sendBytes([UInt8])
        /// Waits for the test to call ``proceed()``.
        case waitForProceed
        /// From here on, writes back every byte received (those after the head included): a tunnel after a `101`.
        case echo
        case close
    }

    private struct State {
        var heads: [String] = []
        var connections = 0
        var openConnections = 0
        /// Scripts paused at `waitForProceed`, and `proceed()` calls that came before any script paused.
        var paused: [@Sendable () -> Void] = []
        var earlyProceeds = 0
    }

    let listener: TestListener
    private let state: NIOLockedValueBox<State>

    static func start(_ script: [Step], group: EventLoopGroup) async throws -> ScriptedBackend {
        let state = NIOLockedValueBox(State())
        let listener = try await TestListener.bind(group: group) { channel in
            state.withLockedValue {
                $0.connections += 1
                $0.openConnections += 1
            }
            try channel.pipeline.syncOperations.addHandler(Handler(script: script, state: state))
        }
        return ScriptedBackend(listener: listener, state: state)
    }

    private init(listener: TestListener, state: NIOLockedValueBox<State>) {
        self.listener = listener
        self.state = state
    }

    /// The request heads received, in order, as text.
    var heads: [String] { state.withLockedValue { $0.heads } }
    var connectionCount: Int { state.withLockedValue { $0.connections } }
    var openConnections: Int { state.withLockedValue { $0.openConnections } }

    /// Lets one paused script go on (or the next one to pause, if none is paused yet).
    func proceed() {
        let resume: (@Sendable () -> Void)? = state.withLockedValue { state in
            guard !state.paused.isEmpty else {
                state.earlyProceeds += 1
                return nil
            }
            return state.paused.removeFirst()
        }
        resume?()
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        let script: [Step]
        let state: NIOLockedValueBox<State>
        private var received: [UInt8] = []
        private var echoing = false
        private var running = false

        init(script: [Step], state: NIOLockedValueBox<State>) {
            self.script = script
            self.state = state
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let buffer = unwrapInboundIn(data)
            if echoing {
                context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
                return
            }
            received += buffer.readableBytesView
            runIfHeadArrived(context: context)
        }

        private func runIfHeadArrived(context: ChannelHandlerContext) {
            guard !running, let end = headEnd() else { return }
            let head = String(decoding: received[..<end], as: UTF8.self)
            received.removeFirst(end)
            state.withLockedValue { $0.heads.append(head) }
            running = true
            run(from: 0, context: context)
        }

        private func headEnd() -> Int? {
            guard received.count >= 4 else { return nil }
            for index in 3..<received.count
            where received[index - 3] == 13 && received[index - 2] == 10 && received[index - 1] == 13 && received[index] == 10 {
                return index + 1
            }
            return nil
        }

        private func run(from start: Int, context: ChannelHandlerContext) {
            var index = start
            while index < script.count {
                switch script[index] {
                case .send(let text):
                    context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: text)), promise: nil)
                case .sendBytes(let bytes):
                    context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: bytes)), promise: nil)
                case .waitForProceed:
                    let next = index + 1
                    let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
                    let eventLoop = context.eventLoop
                    let resume: @Sendable () -> Void = {
                        eventLoop.execute {
                            let (handler, context) = bound.value
                            handler.run(from: next, context: context)
                        }
                    }
                    let proceedNow = state.withLockedValue { state in
                        if state.earlyProceeds > 0 {
                            state.earlyProceeds -= 1
                            return true
                        }
                        state.paused.append(resume)
                        return false
                    }
                    if !proceedNow { return }
                case .echo:
                    echoing = true
                    if !received.isEmpty {
                        context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: received)), promise: nil)
                        received.removeAll()
                    }
                case .close:
                    context.close(promise: nil)
                    return
                }
                index += 1
            }
            running = false
            // A request that came in while the script ran (pipelined or on a kept-alive connection).
            if !echoing { runIfHeadArrived(context: context) }
        }

        func channelInactive(context: ChannelHandlerContext) {
            state.withLockedValue { $0.openConnections -= 1 }
        }

        func errorCaught(context: ChannelHandlerContext, error: Error) {
            context.close(promise: nil)
        }
    }
}
