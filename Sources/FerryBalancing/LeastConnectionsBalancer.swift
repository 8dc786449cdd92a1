/// `balance leastconn`: the eligible server with the fewest connections relative to its weight.
///
/// Loads are compared as `load / weight` (by cross-multiplying, without rounding). Servers that tie take turns:
/// the scan starts just after the previous pick, so with equal loads the picks rotate through the candidates.
public struct LeastConnectionsBalancer: LoadBalancer {
    private var servers: [WeightedServer] = []
    /// The candidate position the next scan starts from.
    private var nextStart = 0

    public init() {}

    public mutating func update(servers: [WeightedServer]) {
        self.servers = servers
        nextStart = servers.isEmpty ? 0 : nextStart % servers.count
    }

    public mutating func pick(key: UInt32?, load: (Int) -> Int, isEligible: (Int) -> Bool) -> Int? {
        var best: (position: Int, load: Int)?
        for offset in servers.indices {
            let position = (nextStart + offset) % servers.count
            let server = servers[position]
            guard isEligible(server.index) else { continue }
            let serverLoad = load(server.index)
            if let current = best,
               !server.hasLowerRelativeLoad(serverLoad, than: servers[current.position], withLoad: current.load) {
                continue
            }
            best = (position, serverLoad)
        }
        guard let best else { return nil }
        nextStart = (best.position + 1) % servers.count
        return servers[best.position].index
    }
}
