/// `balance roundrobin`: smooth weighted round-robin whose weights follow every ``update(servers:)``.
///
/// Over any multiple of the total weight (starting fresh, with all candidates eligible) each server is chosen
/// exactly in proportion to its weight. A weight change takes effect at the next pick; the servers that remain keep
/// their place in the rotation.
public struct RoundRobinBalancer: LoadBalancer {
    private var rotation = SmoothWeightedRotation()

    public init() {}

    public mutating func update(servers: [WeightedServer]) {
        rotation.update(servers: servers)
    }

    public mutating func pick(key: UInt32?, load: (Int) -> Int, isEligible: (Int) -> Bool) -> Int? {
        rotation.pick(isEligible: isEligible)
    }
}
