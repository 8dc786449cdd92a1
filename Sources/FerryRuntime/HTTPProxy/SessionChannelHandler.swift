import NIOCore

/// What a session that owns channels hears from them.
protocol ChannelOwner: AnyObject {
    func channelActive(_ side: RelayHandler.Side)
    func received(_ buffer: ByteBuffer, from side: RelayHandler.Side)
    func readComplete(_ side: RelayHandler.Side)
    func writable(_ side: RelayHandler.Side)
    func inputClosed(_ side: RelayHandler.Side)
    func channelClosed(_ side: RelayHandler.Side)
    func errorCaught(_ error: Error, on side: RelayHandler.Side)
    /// Whether a `read()` may go to the socket now; otherwise it is held until ``SessionChannelHandler/resumeReads()``.
    func mayRead(_ side: RelayHandler.Side) -> Bool
}

/// A thin handler that hands every event of its channel to the session that owns it, and holds `read()` while
/// the session can't take more bytes (backpressure, or a request in flight).
final class SessionChannelHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let side: RelayHandler.Side
    /// Cleared when the channel closes, which breaks the reference cycle with the session.
    var owner: ChannelOwner?
    /// The pool's record of this (server) connection, kept from one idle spell to the next.
    var poolEntry: PooledConnection?
    private(set) var context: ChannelHandlerContext?
    private var readPending = false
    /// Bytes were written since the last flush.
    private var flushPending = false
    /// The handler waits for the end of the iteration to flush.
    private var flushQueued = false
    /// What ``flush()`` defers to: the end of the event loop's iteration (HTTP sessions); `nil` flushes at once.
    let tick: LoopTick?

    init(side: RelayHandler.Side, owner: ChannelOwner, tick: LoopTick? = nil) {
        self.side = side
        self.tick = tick
        self.owner = owner
    }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }
    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    /// Writes from this handler's place in the pipeline, the last before the socket: cheaper than `Channel.write`,
    /// which enters at the tail. Nothing goes out before ``flush()``.
    func write(_ buffer: ByteBuffer) {
        guard let context else { return }
        flushPending = true
        context.write(wrapOutboundOut(buffer), promise: nil)
    }

    /// Flushes what was written since the last flush: at the end of the event loop's iteration when the handler has
    /// a ``tick``, else at once. Without such writes it does nothing, so callers may flush at every end of a read
    /// burst without a trip through the channel.
    func flush() {
        guard flushPending, !flushQueued else { return }
        if let tick {
            flushQueued = true
            tick.flushAtEnd(self)
        } else {
            flushNow()
        }
    }

    /// Flushes at once what was written since the last flush (the tick's end calls it).
    func flushNow() {
        flushQueued = false
        guard flushPending, let context else { return }
        flushPending = false
        context.flush()
    }

    /// Issues a held read if the owner now allows it.
    func resumeReads() {
        guard readPending, let context, owner?.mayRead(side) ?? false else { return }
        readPending = false
        context.read()
    }

    func channelActive(context: ChannelHandlerContext) {
        owner?.channelActive(side)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        owner?.received(unwrapInboundIn(data), from: side)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        guard let owner else { return }
        owner.readComplete(side)
        // The next read, asked for here rather than by NIO's auto-read, which comes right after this event and
        // then finds a read already pending: it would enter the pipeline at its tail and pass through `read(context:)`
        // to the same `context.read()`. A read the owner does not allow yet is left to that path, which holds it.
        if owner.mayRead(side) { context.read() }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { owner?.writable(side) }
        context.fireChannelWritabilityChanged()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed {
            owner?.inputClosed(side)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        let owner = self.owner
        self.owner = nil
        owner?.channelClosed(side)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        owner?.errorCaught(error, on: side)
        context.close(promise: nil)
    }

    /// A close drops writes that were not flushed: whoever closes the channel (or its output), what a batched flush
    /// still holds goes out first.
    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        if mode != .input { flushNow() }
        context.close(mode: mode, promise: promise)
    }

    func read(context: ChannelHandlerContext) {
        if owner?.mayRead(side) ?? false {
            context.read()
        } else {
            readPending = true
        }
    }
}
