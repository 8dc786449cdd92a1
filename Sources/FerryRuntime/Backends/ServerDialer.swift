import NIOCore
import NIOPosix

/// What a ``ServerDialer`` tells the session it works for. Every call comes on the session's event loop.
protocol ServerDialerDelegate: AnyObject {
    /// Every usable server is at its `maxconn`: the session waits in the backend's queue.
    func dialerQueued()
    /// A server was chosen (again, on a retry) and a connection to it is being opened.
    func dialerConnecting(to server: Int)
    /// The connection is open; its pipeline already holds the handler the dialer was given.
    func dialerConnected(_ channel: Channel)
    /// No connection could be had. `termination` is HAProxy's code: `sQ` queue timeout, `SC` refused or no server,
    /// `sC` connect timeout.
    func dialerFailed(_ termination: (Character, Character))
    /// The handler to install in a new server channel before it becomes active.
    func dialerMakeHandler() -> ChannelHandler
    /// An idle connection to `server` to use instead of a new one (HTTP keep-alive pools), if there is one.
    func dialerIdleConnection(to server: Int) -> Channel?
}

extension ServerDialerDelegate {
    func dialerIdleConnection(to server: Int) -> Channel? { nil }
}

/// Gets a session a connection to a server of a backend: picks the server (or waits in the queue under `timeout
/// queue`), connects on the session's event loop under `timeout connect`, retries the same server `retries` times
/// after a pause of min(`timeout connect`, 1 s), and sends the last retry elsewhere under `option redispatch`.
///
/// The dialer holds the server's connection slot from the pick until ``release()`` (or a failure), so `maxconn`
/// counts every connection, pending or open.
///
/// A session may use one dialer for many requests: ``start(for:backend:key:clientPort:preferred:excluding:)`` after
/// ``release()`` begins anew, and what was still in flight from the earlier start (a connect, a queue hand-off, a
/// timer) finds a newer generation and is dropped.
///
/// The dialer holds its delegate strongly from a start to the next ``release()``: the session and its dialer form a
/// cycle only while a server is being sought or used, and the release that every session makes at the end of a
/// request (or of its connection) breaks it. (A `weak` delegate gave every session a side table, which sent each of
/// its retains and releases down the runtime's slow path: about 4% of a proxied request's instructions.)
final class ServerDialer {
    private enum State {
        case idle
        case queued(BackendPool.Ticket)
        case connecting(server: Int)
        case connected
        case finished
    }

    /// The backend of the current (or last) start.
    private(set) var backend: BackendPool
    private let eventLoop: EventLoop
    /// Set by a start, cleared by the release (see the type's notes).
    private var delegate: ServerDialerDelegate?
    private let frontend: FrontendRuntime
    private var state = State.idle
    /// Bumped by every start and release: callbacks of an earlier start compare it and drop out.
    private var generation = 0
    private var key: UInt32?
    private var timer: Scheduled<Void>?
    private var tried: [Int] = []
    private var retriesLeft: Int
    /// The server whose connection slot this dialer holds.
    private(set) var server: Int?
    /// Connection attempts after the first (for logs).
    private(set) var retries = 0
    /// Whether the last retry went to another server (for logs: `+N`).
    private(set) var redispatched = false

    init(backend: BackendPool, frontend: FrontendRuntime, eventLoop: EventLoop) {
        self.backend = backend
        self.frontend = frontend
        self.eventLoop = eventLoop
        self.retriesLeft = backend.retries
    }

    /// Picks a server and connects to it, telling `delegate` how it goes until the next ``release()``, which the
    /// delegate must make when it is done with the server (or gives up on it). `backend` replaces the dialer's
    /// backend when given; `key` is the balancing hash (`balance source`, `uri`, …), if any; `preferred` a server
    /// that persistence names, used when it is usable and not full.
    ///
    /// `excluding` lists servers this request already failed on; when every usable server is excluded, the
    /// exclusion is dropped rather than failing (a single-server backend retries the same server).
    func start(
        for delegate: ServerDialerDelegate, backend: BackendPool? = nil, key: UInt32?, clientPort: Int?,
        preferred: Int? = nil, excluding: [Int] = []
    ) {
        release()
        self.delegate = delegate
        if let backend { self.backend = backend }
        state = .idle
        self.key = key
        self.clientPort = clientPort
        self.tried = excluding
        retriesLeft = self.backend.retries
        retries = 0
        redispatched = false
        if let preferred, self.backend.acquire(server: preferred) {
            connect(to: preferred)
        } else {
            pick()
        }
    }

    private var clientPort: Int?

    /// The session is done with its server connection (or never got one): frees the slot for the next session and
    /// lets go of the delegate.
    func release() {
        generation &+= 1
        delegate = nil
        switch state {
        case .queued(let ticket):
            // False: a server is on its way to us; `leftQueue(with:of:generation:)` sees a newer
            // generation and releases it.
            _ = backend.cancel(ticket)
        default:
            break
        }
        state = .finished
        timer?.cancel()
        timer = nil
        if let server {
            backend.release(server: server)
            self.server = nil
        }
    }

    // MARK: Picking

    private func pick() {
        let generation = self.generation
        let backend = self.backend
        let acquisition = backend.acquire(key: key, excluding: tried, eventLoop: eventLoop) {
            let loopBound = NIOLoopBound(self, eventLoop: eventLoop)
            return { server in loopBound.value.leftQueue(with: server, of: backend, generation: generation) }
        }
        switch acquisition {
        case .server(let server):
            connect(to: server)
        case .queued(let ticket):
            state = .queued(ticket)
            delegate?.dialerQueued()
            if let timeout = backend.timeouts.queue.value {
                let loopBound = NIOLoopBound(self, eventLoop: eventLoop)
                timer = eventLoop.scheduleTask(in: TimeAmount(timeout)) {
                    loopBound.value.queueTimedOut(ticket, generation: generation)
                }
            }
        case .unavailable(.noServer) where !tried.isEmpty && !redispatched:
            // Every usable server was tried already: try them again rather than give up.
            tried = []
            pick()
        case .unavailable:
            fail(("S", "C"))
        }
    }

    /// A slot of `backend` came free for the session queued by the start of `generation`; a later start (or a
    /// release) gives it back to that backend.
    private func leftQueue(with server: Int, of backend: BackendPool, generation: Int) {
        guard generation == self.generation, case .queued = state else {
            backend.release(server: server)
            return
        }
        timer?.cancel()
        timer = nil
        connect(to: server)
    }

    private func queueTimedOut(_ ticket: BackendPool.Ticket, generation: Int) {
        guard generation == self.generation else { return }
        timer = nil
        guard case .queued = state, backend.cancel(ticket) else { return }
        fail(("s", "Q"))
    }

    // MARK: Connecting

    private func connect(to server: Int) {
        guard let delegate else { return }
        self.server = server
        state = .connecting(server: server)
        delegate.dialerConnecting(to: server)
        if let channel = delegate.dialerIdleConnection(to: server) {
            state = .connected
            delegate.dialerConnected(channel)
            return
        }
        guard let address = backend.targets[server].address(clientPort: clientPort) else {
            connectFailed(timedOut: false)
            return
        }
        let handler = NIOLoopBound(delegate.dialerMakeHandler(), eventLoop: eventLoop)
        let frontend = self.frontend
        var bootstrap = ClientBootstrap(group: eventLoop)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try frontend.applyConnectionOptions(to: channel)
                    try channel.pipeline.syncOperations.addHandler(handler.value)
                }
            }
        if let connectTimeout = backend.timeouts.connect.value {
            bootstrap = bootstrap.connectTimeout(TimeAmount(connectTimeout))
        }
        let loopBound = NIOLoopBound(self, eventLoop: eventLoop)
        let generation = self.generation
        bootstrap.connect(to: address).assumeIsolated().whenComplete { result in
            let dialer = loopBound.value
            switch result {
            case .success(let channel):
                guard dialer.generation == generation, case .connecting = dialer.state else {
                    channel.close(promise: nil)  // The session went away while we connected.
                    return
                }
                dialer.state = .connected
                dialer.delegate?.dialerConnected(channel)
            case .failure(let error):
                guard dialer.generation == generation, case .connecting = dialer.state else { return }
                let timedOut = if case .connectTimeout = error as? ChannelError { true } else { false }
                dialer.frontend.log.info("cannot connect to \(dialer.backend.name)/\(dialer.serverName): \(error)")
                dialer.connectFailed(timedOut: timedOut)
            }
        }
    }

    private var serverName: String {
        server.map { backend.backend.servers[$0].name } ?? "-"
    }

    private func connectFailed(timedOut: Bool) {
        guard case .connecting(let server) = state else { return }
        guard retriesLeft > 0 else {
            fail((timedOut ? "s" : "S", "C"))
            return
        }
        retriesLeft -= 1
        retries += 1
        if retriesLeft == 0, backend.redispatch {
            // The last retry goes to another server (HAProxy's `option redispatch`, default interval).
            backend.release(server: server)
            self.server = nil
            tried.append(server)
            redispatched = true
            state = .idle
            pick()
            return
        }
        // A server that refused may be restarting: wait min(timeout connect, 1 s) before trying it again.
        let pause = min(backend.timeouts.connect.value ?? .seconds(1), .seconds(1))
        let loopBound = NIOLoopBound(self, eventLoop: eventLoop)
        let generation = self.generation
        timer = eventLoop.scheduleTask(in: TimeAmount(pause)) {
            let dialer = loopBound.value
            guard dialer.generation == generation else { return }
            dialer.timer = nil
            guard case .connecting(let server) = dialer.state else { return }
            dialer.connect(to: server)
        }
    }

    private func fail(_ termination: (Character, Character)) {
        let delegate = self.delegate
        release()
        delegate?.dialerFailed(termination)
    }
}
