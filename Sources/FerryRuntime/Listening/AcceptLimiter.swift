import NIOCore

/// Sits on a listening channel in front of NIO's acceptor and enforces `maxconn`: while the process or the frontend
/// is at its limit it swallows the listener's `read()`, so new connections wait in the kernel's backlog instead of
/// using file descriptors, and it resumes reading when a connection ends.
///
/// A read burst can accept several sockets at once; the ones beyond the limit are held here, unregistered and
/// unread, and handed on as room frees up, so the limit is exact.
final class AcceptLimiter: ChannelDuplexHandler {
    typealias InboundIn = Channel
    typealias InboundOut = Channel
    typealias OutboundIn = Never

    /// Wakes a paused limiter from any thread.
    struct Wakeup: Sendable {
        let loopBound: NIOLoopBound<AcceptLimiter>

        func wake() {
            let loopBound = self.loopBound
            loopBound.eventLoop.execute { loopBound.value.resume() }
        }
    }

    private let gate: ConnectionGate
    private let frontend: Int
    private var context: ChannelHandlerContext?
    private var held: [Channel] = []
    private var readPending = false
    private var paused = false

    init(gate: ConnectionGate, frontend: Int) {
        self.gate = gate
        self.frontend = frontend
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        for channel in held { channel.close(promise: nil) }
        held.removeAll()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let child = unwrapInboundIn(data)
        if held.isEmpty, gate.tryAdmit(frontend: frontend) {
            pass(child, context: context)
        } else {
            held.append(child)
        }
    }

    func read(context: ChannelHandlerContext) {
        if !held.isEmpty || paused {
            readPending = true
            return
        }
        guard gate.hasRoomOrPause(frontend: frontend, wakeup: wakeup(context: context)) else {
            paused = true
            readPending = true
            return
        }
        context.read()
    }

    private func wakeup(context: ChannelHandlerContext) -> Wakeup {
        Wakeup(loopBound: NIOLoopBound(self, eventLoop: context.eventLoop))
    }

    /// Called on the listener's loop after a connection ended somewhere.
    fileprivate func resume() {
        guard let context else { return }
        paused = false
        while let child = held.first {
            guard gate.tryAdmit(frontend: frontend) else {
                if gate.hasRoomOrPause(frontend: frontend, wakeup: wakeup(context: context)) {
                    continue  // Room appeared between the two checks.
                }
                paused = true
                return
            }
            held.removeFirst()
            pass(child, context: context)
        }
        if readPending {
            readPending = false
            read(context: context)
        }
    }

    private func pass(_ child: Channel, context: ChannelHandlerContext) {
        let gate = self.gate
        let frontend = self.frontend
        child.closeFuture.whenComplete { _ in gate.release(frontend: frontend) }
        context.fireChannelRead(wrapInboundOut(child))
    }
}
