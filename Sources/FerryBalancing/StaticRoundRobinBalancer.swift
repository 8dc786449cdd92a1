/// `balance static-rr`: weighted round-robin over the weights each server had when the balancer first saw it.
///
/// Like HAProxy's `static-rr`, later weight changes are ignored, but servers appearing and disappearing from the
/// candidate set are honoured (a server that comes back keeps its first weight). Proportions are exact over any
/// multiple of the total weight, as with ``RoundRobinBalancer``.
public struct StaticRoundRobinBalancer: LoadBalancer {
    private var rotation = SmoothWeightedRotation()
    /// The first weight seen for each server index.
    private var fixedWeights: [Int: Int] = [:]

    public init() {}

    public mutating func update(servers: [WeightedServer]) {
        var fixed: [WeightedServer] = []
        fixed.reserveCapacity(servers.count)
        for server in servers {
            if let weight = fixedWeights[server.index] {
                fixed.append(WeightedServer(index: server.index, weight: weight))
            } else {
                fixedWeights[server.index] = server.weight
                fixed.append(server)
            }
        }
        rotation.update(servers: fixed)
    }

    public mutating func pick(key: UInt32?, load: (Int) -> Int, isEligible: (Int) -> Bool) -> Int? {
        rotation.pick(isEligible: isEligible)
    }
}
