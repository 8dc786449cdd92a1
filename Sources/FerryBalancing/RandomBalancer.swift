/// `balance random(N)`: draws `draws` distinct candidates at random, weighted by weight, and picks the one with
/// the least load relative to its weight ("power of N choices"; with N = 1, plain weighted random).
///
/// With two or more draws the most loaded of the drawn servers is never chosen when their loads differ, which keeps
/// loads even without the cost of scanning every server. Draws beyond the number of eligible servers are moot:
/// all of them are compared. The generator is a ``SplitMix64``; give a seed for reproducible choices.
public struct RandomBalancer: LoadBalancer {
    public let draws: Int
    private var generator: SplitMix64
    private var servers: [WeightedServer] = []
    /// Positions of the eligible candidates; kept between picks so that a pick does not allocate.
    private var eligible: [Int] = []

    /// - Parameters:
    ///   - draws: How many candidates to compare; values below 1 count as 1.
    ///   - seed: Fixes the random sequence; `nil` seeds from the system.
    public init(draws: Int, seed: UInt64? = nil) {
        self.draws = max(1, draws)
        generator = seed.map(SplitMix64.init(seed:)) ?? SplitMix64()
    }

    public mutating func update(servers: [WeightedServer]) {
        self.servers = servers
    }

    public mutating func pick(key: UInt32?, load: (Int) -> Int, isEligible: (Int) -> Bool) -> Int? {
        eligible.removeAll(keepingCapacity: true)
        var remainingWeight = 0
        for position in servers.indices where isEligible(servers[position].index) {
            eligible.append(position)
            remainingWeight += servers[position].weight
        }
        var best: (position: Int, load: Int)?
        // Each draw moves the drawn candidate to the front part of `eligible` (a weighted partial shuffle), so the
        // next draw is among the ones not yet drawn.
        for drawn in 0..<min(draws, eligible.count) {
            let chosen = drawWeighted(from: drawn, totalWeight: remainingWeight)
            eligible.swapAt(drawn, chosen)
            let position = eligible[drawn]
            remainingWeight -= servers[position].weight
            let server = servers[position]
            let serverLoad = load(server.index)
            if let current = best,
               !server.hasLowerRelativeLoad(serverLoad, than: servers[current.position], withLoad: current.load) {
                continue
            }
            best = (position, serverLoad)
        }
        return best.map { servers[$0.position].index }
    }

    /// A random position in `eligible[start...]`, each with probability proportional to its server's weight.
    private mutating func drawWeighted(from start: Int, totalWeight: Int) -> Int {
        var remaining = Int.random(in: 0..<totalWeight, using: &generator)
        for slot in start..<eligible.count {
            remaining -= servers[eligible[slot]].weight
            if remaining < 0 { return slot }
        }
        // Unreachable while `totalWeight` is the sum of the weights from `start` on.
        return eligible.count - 1
    }
}
