import FerryModel

/// The scheduling state of one backend: which servers take traffic, how many connections each has, the balancer
/// that chooses among them, the switch to backup servers and the FIFO queue of connections waiting for a slot.
///
/// A value with no locking of its own: the runtime keeps one per backend under a lock and calls it for every
/// connection. Servers are named by their position in `Backend.servers`.
///
/// Which servers take traffic, as in HAProxy:
/// - A server is *usable* while it is up and not `disabled` (``setUsable(_:_:)``) and its weight is above 0.
/// - Backup servers take traffic only while no primary server is usable: all usable backups with
///   `option allbackups`, otherwise the first usable one in declaration order.
/// - A server with `maxconn` takes a connection only while its load is below it. When every usable server that is
///   not excluded is full, the connection waits in the backend's queue, whose capacity is the sum of the `maxqueue`
///   of the usable servers (unlimited if any of them has none).
///
/// Queue order: a freed slot goes to the oldest waiter that has not already tried that server (see
/// ``acquire(key:excluding:waiter:)``).
public struct BackendScheduler<Waiter: Hashable & Sendable>: Sendable {
    public enum Decision: Sendable, Equatable {
        /// Connect to this server; it has been counted (release it when the connection ends).
        case server(Int)
        /// The waiter is queued; a later ``release(server:)``, ``setUsable(_:_:)`` or ``setWeight(_:_:)`` returns
        /// it with its server, or ``cancel(_:)`` removes it.
        case queued
        case unavailable(Unavailable)
    }

    public enum Unavailable: Sendable, Equatable {
        /// No usable server that the connection has not already tried.
        case noServer
        /// Every eligible server is full and the queue is at its capacity.
        case queueFull
    }

    private struct ServerState: Sendable {
        let isBackup: Bool
        /// `nil` when unlimited.
        let maxConnections: Int?
        /// `nil` when unlimited.
        let maxQueue: Int?
        var usable: Bool
        var weight: Int
        var load = 0

        var takesTraffic: Bool { usable && weight > 0 }
        var hasFreeSlot: Bool { maxConnections.map { load < $0 } ?? true }
    }

    private struct QueuedWaiter: Sendable {
        var waiter: Waiter
        var key: UInt32?
        /// Servers it already tried; it is not handed one of them.
        var excluded: [Int]
    }

    private var servers: [ServerState]
    private let allBackups: Bool
    private var primaryBalancer: any LoadBalancer
    private var backupBalancer: any LoadBalancer
    /// The usable primary servers, as last given to `primaryBalancer`.
    private var primaryCandidates: [WeightedServer] = []
    /// The backups that would serve if no primary were usable, as last given to `backupBalancer`.
    private var backupCandidates: [WeightedServer] = []
    private var queue = RingBuffer<QueuedWaiter>()

    /// - Parameters:
    ///   - backend: Its servers (in order), `balance`, `hash-type` and `option allbackups` are read once.
    ///   - seed: Fixes the random choices of `balance random`; `nil` seeds from the system.
    public init(backend: Backend, seed: UInt64? = nil) {
        let algorithm = backend.balance.value
        let hashType = backend.hashType.value
        primaryBalancer = makeLoadBalancer(for: algorithm, hashType: hashType, seed: seed)
        // Another stream for the backups, so a fixed seed does not make both balancers draw alike.
        backupBalancer = makeLoadBalancer(for: algorithm, hashType: hashType, seed: seed.map(SplitMix64.mix))
        allBackups = backend.options[.allBackups].value
        servers = backend.servers.map { server in
            let settings = server.settings
            // 0 means "no limit" in HAProxy; the configuration reader already turns it into nil.
            return ServerState(
                isBackup: settings.backup.value,
                maxConnections: settings.maxConnections.value.flatMap { $0 > 0 ? $0 : nil },
                maxQueue: settings.maxQueue.value.flatMap { $0 > 0 ? $0 : nil },
                usable: !settings.disabled.value,
                weight: min(max(settings.weight.value, 0), 256)
            )
        }
        updateCandidates()
    }

    public var serverCount: Int { servers.count }

    /// The number of connections waiting for a server.
    public var queueLength: Int { queue.count }

    /// The number of connections counted on `server`.
    public func load(of server: Int) -> Int {
        servers[server].load
    }

    /// Whether `server` is up and not disabled (it may still have weight 0).
    public func isUsable(_ server: Int) -> Bool {
        servers[server].usable
    }

    /// The effective weight of `server`, 0...256.
    public func weight(of server: Int) -> Int {
        servers[server].weight
    }

    /// Picks a server for a new connection and counts it (load+1) — or queues `waiter` (FIFO) when every usable
    /// server is at its maxconn — or says why neither is possible.
    ///
    /// - Parameters:
    ///   - key: The hash key for hash-based algorithms (``KeyHasher``); `nil` when its input is missing.
    ///   - excluding: Servers already tried by this connection (retries, redispatch). A queued waiter is not
    ///     handed one of them later either.
    ///   - waiter: Identifies the connection if it is queued; it must not be queued already.
    public mutating func acquire(key: UInt32?, excluding: [Int], waiter: Waiter) -> Decision {
        if let server = pickServer(key: key, excluding: excluding) {
            servers[server].load += 1
            return .server(server)
        }
        // Nothing eligible: either every usable server is excluded (or there is none), or the others are full.
        guard activeCandidates.contains(where: { !excluding.contains($0.index) }) else {
            return .unavailable(.noServer)
        }
        if let capacity = queueCapacity, queue.count >= capacity {
            return .unavailable(.queueFull)
        }
        queue.append(QueuedWaiter(waiter: waiter, key: key, excluded: excluding))
        return .queued
    }

    /// Counts a connection on a server that persistence names (a sticky cookie), without balancing: only when the
    /// server is usable and below its `maxconn`. A server at weight 0 still takes the sessions that stick to it,
    /// as in HAProxy. False: the caller balances as usual (redispatch).
    public mutating func acquire(server: Int) -> Bool {
        guard servers.indices.contains(server), servers[server].usable, servers[server].hasFreeSlot else { return false }
        servers[server].load += 1
        return true
    }

    /// A connection on `server` ended: load-1. If a waiter is queued and a server has a free slot, the head waiter
    /// is dequeued, that server is counted for it, and both are returned so the runtime can resume it.
    ///
    /// The waiter is the oldest one that has not already tried the free server; its server is chosen by the
    /// balancer (with the waiter's key), so it is not necessarily `server`.
    public mutating func release(server: Int) -> (waiter: Waiter, server: Int)? {
        guard servers[server].load > 0 else {
            assertionFailure("release of server \(server), which has no connection")
            return nil
        }
        servers[server].load -= 1
        // One freed slot serves at most one waiter: every other call leaves no waiter that a free slot could serve.
        return serveNextWaiter()
    }

    /// Removes a queued waiter (queue timeout, client gone). False if it was not queued (e.g. already handed a
    /// server). O(queue length).
    public mutating func cancel(_ waiter: Waiter) -> Bool {
        guard let offset = queue.firstOffset(where: { $0.waiter == waiter }) else { return false }
        queue.remove(at: offset)
        return true
    }

    /// Marks a server usable or not (health checks; `disabled` servers start unusable). Existing connections stay
    /// counted until released. Returns the queued waiters that the change lets through, with their servers.
    public mutating func setUsable(_ server: Int, _ usable: Bool) -> [(waiter: Waiter, server: Int)] {
        guard servers[server].usable != usable else { return [] }
        servers[server].usable = usable
        updateCandidates()
        return serveWaiters()
    }

    /// Changes a server's weight (clamped to 0...256; 0 takes no new traffic). Returns the queued waiters that the
    /// change lets through, with their servers.
    public mutating func setWeight(_ server: Int, _ weight: Int) -> [(waiter: Waiter, server: Int)] {
        let weight = min(max(weight, 0), 256)
        guard servers[server].weight != weight else { return [] }
        servers[server].weight = weight
        updateCandidates()
        return serveWaiters()
    }
}

extension BackendScheduler {
    /// Backups serve only when no primary server is usable.
    private var activeCandidates: [WeightedServer] {
        primaryCandidates.isEmpty ? backupCandidates : primaryCandidates
    }

    /// The sum of the `maxqueue` of the active servers; `nil` (unlimited) if one of them has none.
    private var queueCapacity: Int? {
        var total = 0
        for candidate in activeCandidates {
            guard let limit = servers[candidate.index].maxQueue else { return nil }
            total += limit
        }
        return total
    }

    private mutating func updateCandidates() {
        var primaries: [WeightedServer] = []
        var backups: [WeightedServer] = []
        for (index, server) in servers.enumerated() where server.takesTraffic {
            let candidate = WeightedServer(index: index, weight: server.weight)
            if !server.isBackup {
                primaries.append(candidate)
            } else if allBackups || backups.isEmpty {
                backups.append(candidate)
            }
        }
        // Only on change: an update restarts a hash ring and may reset rotation state.
        if primaries != primaryCandidates {
            primaryCandidates = primaries
            primaryBalancer.update(servers: primaries)
        }
        if backups != backupCandidates {
            backupCandidates = backups
            backupBalancer.update(servers: backups)
        }
    }

    /// The active balancer's choice among the servers with a free slot that are not in `excluding`.
    private mutating func pickServer(key: UInt32?, excluding: [Int]) -> Int? {
        if primaryCandidates.isEmpty {
            return Self.pick(with: &backupBalancer, servers: servers, key: key, excluding: excluding)
        }
        return Self.pick(with: &primaryBalancer, servers: servers, key: key, excluding: excluding)
    }

    // Static, with the server states passed in, so that the closures do not capture `self` while its balancer is
    // being mutated; and written as literals in the call, so that they stay non-escaping and allocate nothing.
    private static func pick(
        with balancer: inout any LoadBalancer, servers: [ServerState], key: UInt32?, excluding: [Int]
    ) -> Int? {
        balancer.pick(
            key: key,
            load: { servers[$0].load },
            isEligible: { servers[$0].hasFreeSlot && !excluding.contains($0) }
        )
    }

    /// Hands free slots to queued waiters until none is left or no waiter can take one.
    private mutating func serveWaiters() -> [(waiter: Waiter, server: Int)] {
        var handed: [(waiter: Waiter, server: Int)] = []
        while let next = serveNextWaiter() {
            handed.append(next)
        }
        return handed
    }

    /// Dequeues the oldest waiter that some free slot can serve, and counts it on its server.
    private mutating func serveNextWaiter() -> (waiter: Waiter, server: Int)? {
        // Checked first so that a full backend does not run the balancer once per waiter.
        guard !queue.isEmpty, activeCandidates.contains(where: { servers[$0.index].hasFreeSlot }) else {
            return nil
        }
        for offset in 0..<queue.count {
            let entry = queue[offset]
            // Only a waiter that excluded the free servers can fail here, so this is usually the head.
            guard let server = pickServer(key: entry.key, excluding: entry.excluded) else { continue }
            queue.remove(at: offset)
            servers[server].load += 1
            return (entry.waiter, server)
        }
        return nil
    }
}
