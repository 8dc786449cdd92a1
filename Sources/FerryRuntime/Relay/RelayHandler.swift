import NIOCore

/// One end of a TCP relay: the handler on the client channel or on the server channel of a session.
///
/// Once glued to its partner, bytes read here are written to the partner and flushed once per read burst, and a
/// `read()` is passed on only while the partner can take more (backpressure both ways, bounded by the partner's
/// write watermarks). Before it is glued, reads are held (or allowed, while the session reads a PROXY header) and
/// whatever arrives goes to the session. Both handlers of a session live on the same event loop, so every call
/// between them is a plain method call.
final class RelayHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    enum Side: Sendable {
        case client
        case server
    }

    let side: Side
    /// The session this end belongs to; cleared when the channel closes, which breaks the reference cycle.
    var session: TCPSession?
    private(set) var partner: RelayHandler?
    private var context: ChannelHandlerContext?
    private var readPending = false
    /// Whether reads pass before the relay is glued (the session is reading a PROXY protocol header).
    var readsBeforeGlue = false

    init(side: Side, session: TCPSession) {
        self.side = side
        self.session = session
    }

    var channel: Channel? { context?.channel }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        partner = nil
    }

    // MARK: Gluing

    /// Connects the two ends; reads that were held resume on the side whose partner can take data.
    func glue(to other: RelayHandler) {
        partner = other
        other.partner = self
        readsBeforeGlue = false
        other.readsBeforeGlue = false
        // A read may have been asked for before the partner was in place; without this it would never be issued.
        resumeReadIfPossible()
        other.resumeReadIfPossible()
    }

    /// Issues a held read, if the partner can take more data (or the session asked for raw reads).
    func resumeReadIfPossible() {
        guard readPending, let context, canRead else { return }
        readPending = false
        context.read()
    }

    private var canRead: Bool {
        if let partner { return partner.context?.channel.isWritable ?? false }
        return readsBeforeGlue
    }

    // MARK: Inbound

    func channelActive(context: ChannelHandlerContext) {
        session?.channelActive(side)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        if let partner, let partnerContext = partner.context {
            session?.relayed(buffer.readableBytes, from: side)
            partnerContext.write(wrapOutboundOut(buffer), promise: nil)
        } else {
            session?.receivedBeforeGlue(buffer, from: side)
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        // One flush per read burst: NIO gathers the writes of the burst into one writev.
        partner?.context?.flush()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { partner?.resumeReadIfPossible() }
        context.fireChannelWritabilityChanged()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed {
            session?.inputClosed(side)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        let session = self.session
        self.session = nil
        session?.channelClosed(side)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // Resets and broken pipes end the session through channelInactive; the session logs the termination state.
        session?.errorCaught(error, on: side)
        context.close(promise: nil)
    }

    // MARK: Outbound

    func read(context: ChannelHandlerContext) {
        if canRead {
            context.read()
        } else {
            readPending = true
        }
    }
}
