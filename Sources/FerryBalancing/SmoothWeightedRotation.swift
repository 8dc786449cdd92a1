/// Smooth weighted round-robin, the rotation behind ``RoundRobinBalancer``, ``StaticRoundRobinBalancer`` and the
/// key-less fallback of ``HashBalancer``.
///
/// Each pick adds every eligible server's weight to its score, chooses the highest score and takes the total of the
/// eligible weights off the winner. Servers are thereby spread out (weights 5,1,1 give a,a,b,a,c,a,a rather than
/// a,a,a,a,a,b,c), and from the initial state every run of `totalWeight` picks over the same eligible set returns
/// each server exactly `weight` times.
struct SmoothWeightedRotation: Sendable {
    private(set) var servers: [WeightedServer] = []
    /// Parallel to `servers`.
    private var scores: [Int] = []

    /// Replaces the candidates. Servers that remain keep their score, so a weight change shifts the rotation
    /// without restarting it; new servers start at zero.
    mutating func update(servers newServers: [WeightedServer]) {
        var previousScores: [Int: Int] = [:]
        for (position, server) in servers.enumerated() {
            previousScores[server.index] = scores[position]
        }
        servers = newServers
        scores = newServers.map { previousScores[$0.index] ?? 0 }
    }

    mutating func pick(isEligible: (Int) -> Bool) -> Int? {
        var total = 0
        var best: Int?
        for position in servers.indices where isEligible(servers[position].index) {
            scores[position] += servers[position].weight
            total += servers[position].weight
            // Strict comparison: on a tie the earlier candidate wins, which keeps the order deterministic.
            if best.map({ scores[position] > scores[$0] }) ?? true {
                best = position
            }
        }
        guard let best else { return nil }
        scores[best] -= total
        return servers[best].index
    }
}
