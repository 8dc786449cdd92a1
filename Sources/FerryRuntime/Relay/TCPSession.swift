import FerryBalancing
import FerryModel
import NIOCore
import NIOPosix

/// One client connection of a `mode tcp` frontend, from accept to the last byte: it reads the PROXY header when the
/// bind asks for one, picks a server (or waits in the backend's queue), connects with retries and redispatch, glues
/// the two channels into a relay, enforces the timeouts and logs the session.
///
/// Everything happens on the client channel's event loop; the server channel is created on the same loop.
final class TCPSession {
    enum Phase {
        case handshake
        case choosing
        case queued
        case connecting
        case relaying
        case closed
    }

    let frontend: FrontendRuntime
    let bind: BindRuntime
    private let eventLoop: EventLoop
    private(set) var phase: Phase
    private var clientHandler: RelayHandler!
    private var serverHandler: RelayHandler?
    private var serverChannel: Channel?
    private var clientChannel: Channel?

    /// Gets the server connection and holds its slot.
    private var dialer: ServerDialer?
    private var proxyHeader: ProxyHeader?
    private var early: ByteBuffer?

    private var clientOpen = true
    private var serverOpen = false
    private var clientInputClosed = false
    private var serverInputClosed = false
    private var clientOutputShutdown: EventLoopFuture<Void>?
    private var serverOutputShutdown: EventLoopFuture<Void>?

    private var timer: Scheduled<Void>?
    private var timerDeadline = NIODeadline.distantFuture
    private var lastActivity = NIODeadline.now()
    private var record: SessionRecord

    init(frontend: FrontendRuntime, bind: BindRuntime, eventLoop: EventLoop) {
        self.frontend = frontend
        self.bind = bind
        self.eventLoop = eventLoop
        self.phase = bind.acceptProxy ? .handshake : .choosing
        self.record = SessionRecord(frontend: frontend.name, acceptedAt: .now())
    }

    /// Creates the client end; the caller adds it to the accepted channel's pipeline.
    func makeClientHandler() -> RelayHandler {
        let handler = RelayHandler(side: .client, session: self)
        handler.readsBeforeGlue = bind.acceptProxy
        clientHandler = handler
        return handler
    }

    // MARK: Events from the relay handlers

    func channelActive(_ side: RelayHandler.Side) {
        guard side == .client else { return }
        clientChannel = clientHandler?.channel
        record.client = clientChannel?.remoteAddress
        if bind.acceptProxy {
            arm(after: frontend.timeouts.client.value, terminationIfExpired: ("c", "R"))
        } else {
            chooseServer()
        }
    }

    func receivedBeforeGlue(_ buffer: ByteBuffer, from side: RelayHandler.Side) {
        guard side == .client else { return }  // The server's reads are held until the relay is glued.
        var buffer = buffer
        if early == nil {
            early = buffer
        } else {
            early!.writeBuffer(&buffer)
        }
        guard case .handshake = phase else {
            // Reads are held outside the handshake, so at most one read's worth can arrive here.
            if early!.readableBytes > frontend.bufferSize * 4 { terminate(("P", "R")) }
            return
        }
        do throws(ProxyHeaderError) {
            guard let header = try ProxyHeaderParser.parse(&early!) else { return }
            proxyHeader = header
            if case .inet(let source, _) = header.addresses { record.client = source }
            if early!.readableBytes == 0 { early = nil }
            clientHandler?.readsBeforeGlue = false
            phase = .choosing
            chooseServer()
        } catch {
            frontend.log.warning("\(record.clientText): bad PROXY protocol header on \(bind.description): \(error)")
            terminate(("P", "R"))
        }
    }

    func relayed(_ count: Int, from side: RelayHandler.Side) {
        switch side {
        case .client: record.bytesFromClient += count
        case .server: record.bytesFromServer += count
        }
        lastActivity = .now()
    }

    func inputClosed(_ side: RelayHandler.Side) {
        switch side {
        case .client:
            clientInputClosed = true
            // Before the relay is up, connected(_:handler:) forwards the FIN after the early bytes.
            guard case .relaying = phase else { return }
            shutDownOutput(.server)
        case .server:
            serverInputClosed = true
            shutDownOutput(.client)
        }
        if clientInputClosed && serverInputClosed {
            // Both sides are done sending: close each once what it still has to receive is written.
            closeAfterOutputShutdown(.client)
            closeAfterOutputShutdown(.server)
        } else {
            rearmIdleTimer()
        }
    }

    func channelClosed(_ side: RelayHandler.Side) {
        switch side {
        case .client:
            clientOpen = false
            switch phase {
            case .relaying:
                // Send the server what the client sent before it went, then close: a plain close drops those bytes.
                closeAfterOutputShutdown(.server)
            case .handshake, .choosing, .queued, .connecting:
                if record.termination == nil { record.termination = ("C", stateLetter) }
            case .closed:
                break
            }
        case .server:
            serverOpen = false
            if clientOpen { closeAfterOutputShutdown(.client) }
        }
        finishIfDone()
    }

    func errorCaught(_ error: Error, on side: RelayHandler.Side) {
        if record.termination == nil {
            record.termination = (side == .client ? "C" : "S", stateLetter)
        }
    }

    // MARK: Choosing and connecting

    private func chooseServer() {
        guard clientOpen else { return }
        let samples = ConnectionSamples(sourceAddress: record.client, destinationPort: clientChannel?.localAddress?.port)
        guard let backend = frontend.backend(for: samples) else {
            terminate(("P", "R"))
            return
        }
        record.backend = backend.name
        let dialer = ServerDialer(backend: backend, frontend: frontend, eventLoop: eventLoop)
        self.dialer = dialer
        let key = backend.hashesSource ? record.client.map { KeyHasher.sourceAddressHash($0.ipBytes, avalanche: backend.backend.hashType.value.avalanche) } : nil
        dialer.start(for: self, key: key, clientPort: clientChannel?.localAddress?.port)
    }

    private func connected(_ channel: Channel) {
        guard clientOpen, let handler = serverHandler else {
            channel.close(promise: nil)
            return
        }
        serverChannel = channel
        serverOpen = true
        phase = .relaying
        record.connectedAt = .now()
        if let dialer, let server = dialer.server, dialer.backend.backend.servers[server].settings.sendProxy.value {
            var header = channel.allocator.buffer(capacity: 108)
            proxyHeaderForServer().writeV1(into: &header)
            channel.write(header, promise: nil)
        }
        if var early {
            record.bytesFromClient += early.readableBytes
            channel.write(early, promise: nil)
            early.clear()
            self.early = nil
        }
        channel.flush()
        clientHandler?.glue(to: handler)
        lastActivity = .now()
        rearmIdleTimer()
        if clientInputClosed { shutDownOutput(.server) }
    }

    private func proxyHeaderForServer() -> ProxyHeader {
        if let proxyHeader { return ProxyHeader(version: 1, addresses: proxyHeader.addresses) }
        guard let source = clientChannel?.remoteAddress, let destination = clientChannel?.localAddress else {
            return ProxyHeader(version: 1, addresses: .unknown)
        }
        return ProxyHeader(version: 1, addresses: .inet(source: source, destination: destination))
    }

    // MARK: Timers

    /// Arms the single timer of the session for a setup phase (PROXY header, queue).
    private func arm(after timeout: Duration?, terminationIfExpired termination: (Character, Character)) {
        disarm()
        guard let timeout else { return }
        let loopBound = NIOLoopBound(self, eventLoop: eventLoop)
        timer = eventLoop.scheduleTask(in: TimeAmount(timeout)) {
            loopBound.value.setupTimedOut(termination)
        }
    }

    private func setupTimedOut(_ termination: (Character, Character)) {
        timer = nil
        if case .handshake = phase { terminate(termination) }
    }

    private func disarm() {
        timer?.cancel()
        timer = nil
        timerDeadline = .distantFuture
    }

    /// The inactivity limit while relaying: `timeout tunnel` when set, else the shorter of `timeout client` and
    /// `timeout server`, shortened by `client-fin`/`server-fin` once a side has half-closed.
    private var idleTimeout: (Duration, (Character, Character))? {
        var candidates: [(Duration, (Character, Character))] = []
        let clientSide = frontend.timeouts
        let serverSide = dialer?.backend.timeouts ?? Timeouts()
        if let tunnel = serverSide.tunnel.value ?? clientSide.tunnel.value {
            candidates.append((tunnel, ("c", "D")))
        } else {
            if let client = clientSide.client.value { candidates.append((client, ("c", "D"))) }
            if let server = serverSide.server.value { candidates.append((server, ("s", "D"))) }
        }
        if clientInputClosed, let fin = clientSide.clientFin.value { candidates.append((fin, ("c", "L"))) }
        if serverInputClosed, let fin = serverSide.serverFin.value { candidates.append((fin, ("s", "L"))) }
        return candidates.min { $0.0 < $1.0 }
    }

    /// (Re)arms the idle timer. Activity only moves `lastActivity`; the timer re-checks it when it fires, so a busy
    /// relay reschedules once per timeout period, not once per read.
    private func rearmIdleTimer() {
        guard let (timeout, _) = idleTimeout else {
            disarm()
            return
        }
        let deadline = lastActivity + TimeAmount(timeout)
        if timer != nil, timerDeadline <= deadline { return }
        timer?.cancel()
        timerDeadline = deadline
        let loopBound = NIOLoopBound(self, eventLoop: eventLoop)
        timer = eventLoop.scheduleTask(deadline: deadline) {
            loopBound.value.idleTimerFired()
        }
    }

    private func idleTimerFired() {
        timer = nil
        guard case .relaying = phase, let (timeout, termination) = idleTimeout else { return }
        if NIODeadline.now() >= lastActivity + TimeAmount(timeout) {
            terminate(termination)
        } else {
            timerDeadline = .distantFuture
            rearmIdleTimer()
        }
    }

    // MARK: Closing

    /// The second letter of the termination state: where the session was when it ended.
    private var stateLetter: Character {
        switch phase {
        case .handshake: "R"
        case .choosing, .queued: "Q"
        case .connecting: "C"
        case .relaying: "D"
        case .closed: "-"
        }
    }

    /// Ends the session now, closing both channels.
    private func terminate(_ termination: (Character, Character)) {
        if record.termination == nil { record.termination = termination }
        closeBoth()
    }

    private func closeBoth() {
        clientChannel?.close(promise: nil)
        serverChannel?.close(promise: nil)
        if clientChannel == nil { clientHandler?.channel?.close(promise: nil) }
    }

    /// Writes what is pending to `side`, then sends it a FIN: the peer learns the other side is done sending.
    /// Happens once per side; the future completes when the FIN is sent (or the channel is gone).
    @discardableResult
    private func shutDownOutput(_ side: RelayHandler.Side) -> EventLoopFuture<Void>? {
        if let done = side == .client ? clientOutputShutdown : serverOutputShutdown { return done }
        guard let channel = side == .client ? clientChannel : serverChannel else { return nil }
        // Wait for the pending writes first: once a channel's input has seen EOF, NIO turns an output close into a
        // full close, which would drop them. An empty write completes after every write queued before it.
        let done = channel.writeAndFlush(ByteBuffer()).flatMap {
            channel.close(mode: .output)
        }
        switch side {
        case .client: clientOutputShutdown = done
        case .server: serverOutputShutdown = done
        }
        return done
    }

    private func closeAfterOutputShutdown(_ side: RelayHandler.Side) {
        guard let channel = side == .client ? clientChannel : serverChannel else { return }
        guard let done = shutDownOutput(side) else {
            channel.close(promise: nil)
            return
        }
        done.whenComplete { _ in channel.close(promise: nil) }
    }


    private func finishIfDone() {
        guard !clientOpen, !serverOpen else { return }
        if case .closed = phase { return }
        // A connect still in flight sees `.closed` when it completes and closes its channel.
        phase = .closed
        disarm()
        if let dialer {
            record.retries = dialer.retries
            record.redispatched = dialer.redispatched
            dialer.release()
            self.dialer = nil
        }
        record.closedAt = .now()
        frontend.sessionEnded(record)
        clientHandler = nil
        serverHandler = nil
    }

}

extension TCPSession: ServerDialerDelegate {
    func dialerQueued() {
        phase = .queued
        record.queued = true
    }

    func dialerConnecting(to server: Int) {
        phase = .connecting
        record.server = dialer?.backend.backend.servers[server].name
        if record.queueEnded == nil { record.queueEnded = .now() }
    }

    func dialerConnected(_ channel: Channel) {
        connected(channel)
    }

    func dialerMakeHandler() -> ChannelHandler {
        let handler = RelayHandler(side: .server, session: self)
        serverHandler = handler
        return handler
    }

    func dialerFailed(_ termination: (Character, Character)) {
        if termination == ("s", "Q") { record.queueEnded = .now() }
        record.retries = dialer?.retries ?? 0
        record.redispatched = dialer?.redispatched ?? false
        terminate(termination)
    }
}
