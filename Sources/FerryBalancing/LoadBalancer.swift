/// A server as the balancers see it: its position in the backend's `servers` array and its current effective weight.
///
/// Weights are 1...256: the caller never passes servers of weight 0, since those take no new traffic.
public struct WeightedServer: Sendable, Hashable {
    /// The server's position in `Backend.servers`; it names the server in every balancer call.
    public var index: Int
    public var weight: Int

    public init(index: Int, weight: Int) {
        self.index = index
        self.weight = weight
    }
}

/// A load-balancing algorithm: chooses one server among candidates.
///
/// A balancer is a value: it holds only the candidate set and the algorithm's own state (rotation position, hash
/// ring, random generator). Health, weights of zero, `maxconn` and retries are the caller's business, which it
/// expresses through the candidate set (``update(servers:)``) and the `isEligible` predicate of
/// ``pick(key:load:isEligible:)``.
///
/// Calling `pick` repeatedly while adding each result to the set of ineligible servers yields the candidates in
/// the algorithm's order of preference; that is how retries and redispatch choose their next server.
public protocol LoadBalancer: Sendable {
    /// Replaces the candidate set (called at start and whenever weights or usability change). Takes effect at once
    /// for the next pick.
    mutating func update(servers: [WeightedServer])

    /// Chooses a server index among the candidates for which `isEligible(index)` is true.
    ///
    /// - Parameters:
    ///   - key: The request or connection hash for hash-based algorithms; `nil` when the hash input was missing,
    ///     in which case they fall back to round-robin, as HAProxy does. Other algorithms ignore it.
    ///   - load: The current number of connections of a server.
    ///   - isEligible: Whether a server may be chosen now (the caller excludes full servers and servers already
    ///     tried).
    /// - Returns: The chosen server's index, or `nil` when no candidate is eligible.
    mutating func pick(key: UInt32?, load: (Int) -> Int, isEligible: (Int) -> Bool) -> Int?
}
