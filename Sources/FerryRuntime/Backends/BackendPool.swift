import FerryBalancing
import FerryModel
import NIOConcurrencyHelpers
import NIOCore

/// The running state of one backend, shared by every event loop: its servers' resolved addresses, the balancer and
/// connection counts (``BackendScheduler``, under a lock), and the sessions waiting in its queue.
final class BackendPool: Sendable {
    /// How a queued session is resumed when a server slot frees up.
    struct Waiter: Sendable {
        let eventLoop: EventLoop
        let resume: @Sendable (Int) -> Void
    }

    /// Identifies a session in the queue.
    typealias Ticket = UInt64

    private struct State {
        var scheduler: BackendScheduler<Ticket>
        var waiters: [Ticket: Waiter] = [:]
        var nextTicket: Ticket = 0
    }

    let index: Int
    let backend: Backend
    let targets: [ServerTarget]
    let retries: Int
    let redispatch: Bool
    /// Whether the balancer needs a hash of the client address (`balance source`).
    let hashesSource: Bool
    let timeouts: Timeouts
    /// `timeout server`, converted once: sessions arm it for every request.
    let serverTimeout: TimeAmount?
    private let state: NIOLockedValueBox<State>

    /// Resolves the servers' host names: call it off the event loops.
    init(index: Int, backend: Backend, onUnresolved: (Server, String) -> Void) {
        self.index = index
        self.backend = backend
        self.targets = backend.servers.map { ServerTarget($0.address) }
        self.retries = backend.retries.value
        self.redispatch = backend.options.enabled.contains(.redispatch)
        self.hashesSource = backend.balance.value == .source
        self.timeouts = backend.timeouts.withFallbacks()
        self.serverTimeout = timeouts.server.value.map { TimeAmount($0) }
        var scheduler = BackendScheduler<Ticket>(backend: backend)
        for (server, target) in zip(backend.servers.indices, targets) {
            if case .unresolved(let reason) = target {
                _ = scheduler.setUsable(server, false)
                onUnresolved(backend.servers[server], reason)
            }
        }
        self.state = NIOLockedValueBox(State(scheduler: scheduler))
    }

    var name: String { backend.name }

    /// What ``acquire(key:excluding:eventLoop:makeResume:)`` decided.
    enum Acquisition {
        case server(Int)
        case queued(Ticket)
        case unavailable(BackendScheduler<Ticket>.Unavailable)
    }

    /// Picks a server for a session, or queues the session: then the closure `makeResume` made is called on
    /// `eventLoop` with the server once a slot frees up (unless ``cancel(_:)`` removed it first). `makeResume` runs
    /// only when the session is queued, so a pick that finds a server allocates nothing for it.
    func acquire(
        key: UInt32?, excluding: [Int], eventLoop: EventLoop, makeResume: () -> @Sendable (Int) -> Void
    ) -> Acquisition {
        state.withLockedValue { state in
            let ticket = state.nextTicket
            switch state.scheduler.acquire(key: key, excluding: excluding, waiter: ticket) {
            case .server(let server):
                return .server(server)
            case .queued:
                state.nextTicket += 1
                state.waiters[ticket] = Waiter(eventLoop: eventLoop, resume: makeResume())
                return .queued(ticket)
            case .unavailable(let reason):
                return .unavailable(reason)
            }
        }
    }

    /// Takes a slot on the server a sticky cookie names, if it is usable and not full.
    func acquire(server: Int) -> Bool {
        state.withLockedValue { $0.scheduler.acquire(server: server) }
    }

    /// Ends a connection slot on `server`; a queued session may take it.
    func release(server: Int) {
        let handoff: (Waiter, Int)? = state.withLockedValue { state in
            guard let (ticket, server) = state.scheduler.release(server: server) else { return nil }
            guard let waiter = state.waiters.removeValue(forKey: ticket) else { return nil }
            return (waiter, server)
        }
        if let (waiter, server) = handoff { Self.resume(waiter, server) }
    }

    /// Takes a session out of the queue. False when it was already handed a server (its resume is on the way).
    func cancel(_ ticket: Ticket) -> Bool {
        state.withLockedValue { state in
            guard state.scheduler.cancel(ticket) else { return false }
            state.waiters[ticket] = nil
            return true
        }
    }

    /// Connections on a server now (for logs).
    func load(of server: Int) -> Int { state.withLockedValue { $0.scheduler.load(of: server) } }

    /// Sessions waiting in the queue now (for logs).
    var queueLength: Int { state.withLockedValue { $0.scheduler.queueLength } }

    private static func resume(_ waiter: Waiter, _ server: Int) {
        let resume = waiter.resume
        waiter.eventLoop.execute { resume(server) }
    }
}
