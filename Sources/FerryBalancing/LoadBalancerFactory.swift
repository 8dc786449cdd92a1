import FerryModel

/// The balancer for a backend's `balance` algorithm.
///
/// - Parameters:
///   - hashType: Only its `method` matters here (map-based or consistent); the hash function and `avalanche`
///     apply when the caller computes the key with ``KeyHasher``.
///   - seed: Fixes the random choices of `random(N)`; `nil` seeds from the system. Other algorithms ignore it.
public func makeLoadBalancer(
    for algorithm: BalanceAlgorithm, hashType: HashType, seed: UInt64? = nil
) -> any LoadBalancer {
    switch algorithm {
    case .roundRobin: RoundRobinBalancer()
    case .staticRoundRobin: StaticRoundRobinBalancer()
    case .leastConnections: LeastConnectionsBalancer()
    case .first: FirstBalancer()
    case .source, .uri, .urlParameter, .header: HashBalancer(method: hashType.method)
    case .random(let draws): RandomBalancer(draws: draws, seed: seed)
    }
}
